import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NETWORKS } from '@perkrank/reference';
import { INTERACTION_KIND_NAMES } from '@perkrank/scoring';

/** OpenAPI description only: the body is checked item by item by IngestService, not by the pipe. */
class PartyDoc {
  @ApiProperty({
    description: 'Network-native id (Mastodon: user@instance; Bluesky: DID)',
    example: '1234567890',
  })
  id: string;
  @ApiPropertyOptional({
    example: 'mia_travels',
    description: 'Lets a member account connected by handle learn its id',
  })
  handle?: string;
}

class IngestEventDoc {
  @ApiProperty({
    example: 'x:like:1790000000000000000:42',
    maxLength: 255,
    description: 'Unique per network; re-sent ids are duplicates',
  })
  eventId: string;
  @ApiProperty({ enum: NETWORKS }) network: string;
  @ApiProperty({ enum: INTERACTION_KIND_NAMES }) kind: string;
  @ApiProperty({ type: PartyDoc }) actor: PartyDoc;
  @ApiProperty({ type: PartyDoc }) target: PartyDoc;
  @ApiPropertyOptional({ description: 'Accepted and checked; not stored (the model does not use it)' })
  postId?: string;
  @ApiProperty({
    example: '2025-06-01T12:00:00Z',
    description: 'Within the scoring window (the last 180 days), not in the future',
  })
  occurredAt: string;
}

class IngestAccountDoc {
  @ApiProperty({ enum: NETWORKS }) network: string;
  @ApiProperty({ description: 'Network-native id' }) id: string;
  @ApiPropertyOptional() handle?: string;
  @ApiProperty({ minimum: 0 }) followers: number;
  @ApiProperty({ minimum: 0 }) following: number;
  @ApiProperty({ minimum: 0, description: 'Posts published in the scoring window (the last 180 days)' })
  posts: number;
}

export class IngestRequestDoc {
  @ApiProperty({ type: [IngestEventDoc], maxItems: 10_000 }) events: IngestEventDoc[];
  @ApiPropertyOptional({ type: [IngestAccountDoc], maxItems: 10_000 }) accounts?: IngestAccountDoc[];
}

export class RejectedItemResponse {
  @ApiProperty({ description: 'Position in the submitted array' }) index: number;
  @ApiProperty({
    enum: [
      'invalid_item',
      'missing_field',
      'invalid_field',
      'unknown_field',
      'unknown_network',
      'unknown_kind',
      'future_timestamp',
      'outside_window',
    ],
  })
  code: string;
  @ApiProperty() message: string;
}

class AccountsResultResponse {
  @ApiProperty() received: number;
  @ApiProperty({ description: "Members' verified accounts whose counts were updated (others are ignored)" })
  updated: number;
  @ApiProperty({ type: [RejectedItemResponse] }) rejected: RejectedItemResponse[];
}

export class IngestResponse {
  @ApiProperty() accepted: number;
  @ApiProperty({ description: 'Events whose eventId was already stored (or repeated in this batch)' })
  duplicates: number;
  @ApiProperty({ type: [RejectedItemResponse] }) rejected: RejectedItemResponse[];
  @ApiProperty({ type: AccountsResultResponse }) accounts: AccountsResultResponse;
}
