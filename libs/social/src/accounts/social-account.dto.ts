import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, MaxLength } from 'class-validator';
import { Optional } from '@perkrank/core';
import { NETWORKS, type Network } from '@perkrank/reference';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ConnectSocialAccountDto {
  @ApiProperty({ enum: NETWORKS })
  @IsIn(NETWORKS)
  network: Network;

  @ApiProperty({
    example: 'mia@mastodon.social',
    description: 'Mastodon: user@instance; Bluesky: the handle (mia.bsky.social); others: the user name',
    maxLength: 255,
  })
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  handle: string;
}

export class AdminVerifyDto {
  @ApiPropertyOptional({
    description: 'The network-native id, when the admin knows it (else learnt from ingestion)',
    example: '109876543210987654',
    maxLength: 255,
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  nativeId?: string;

  @ApiPropertyOptional({ example: 'Token seen in the Instagram bio on 2025-06-01', maxLength: 1000 })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class VerificationResponse {
  @ApiProperty({ enum: ['profile_bio', 'admin_review'] }) method: string;
  @ApiProperty({ example: 'perkrank-7kq2m9x4c8hv3tpa' }) token: string;
  @ApiProperty() instructions: string;
}

export class SocialAccountResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NETWORKS }) network: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: ['pending_verification', 'verified'] }) status: string;
  @ApiPropertyOptional({ type: VerificationResponse, description: 'Only while pending' })
  verification?: VerificationResponse;
  @ApiProperty({ nullable: true, type: Date }) verifiedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) followers: number | null;
  @ApiProperty({ nullable: true, type: Number }) following: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Posts in the 90-day scoring window' })
  posts: number | null;
  @ApiProperty({ nullable: true, type: Date }) lastSyncedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class SocialAccountListResponse {
  @ApiProperty({ type: [SocialAccountResponse] }) data: SocialAccountResponse[];
}
