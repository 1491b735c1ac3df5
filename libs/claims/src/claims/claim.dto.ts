/** Request and response shapes of claims: the member's, the front desk's and the brand's (docs/api.md). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  IsUrl,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@perkrank/core';
import { CLAIM_STATUSES, type ClaimStatus } from './claim-state';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ClaimCreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({
    example: '7K3Q-X9MT-2B4Z',
    description:
      'Show it at the venue; generated codes read XXXX-XXXX-XXXX, pool codes as the brand issued them',
  })
  code: string;
  @ApiProperty({ enum: CLAIM_STATUSES, example: 'reserved' }) status: ClaimStatus;
  @ApiProperty() reservedAt: Date;
  @ApiProperty({ description: 'The reservation lapses (and the unit returns to stock) at this time' })
  expiresAt: Date;
  @ApiProperty({ description: 'Your published score when you claimed' }) scoreAtClaim: number;
}

export class ClaimPerkView {
  @ApiProperty() title: string;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty({ nullable: true, type: Number }) valueMinor: number | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
}

export class ClaimBrandView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ClaimLocationView {
  @ApiProperty() venueName: string;
  @ApiProperty() city: string;
  @ApiProperty() country: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
}

export class ClaimContentView {
  @ApiProperty() url: string;
  @ApiProperty() submittedAt: Date;
}

export class MemberClaimResponse extends ClaimCreatedResponse {
  @ApiProperty({ nullable: true, type: Date }) redeemedAt: Date | null;
  @ApiProperty({ type: ClaimPerkView }) perk: ClaimPerkView;
  @ApiProperty({ type: ClaimBrandView }) brand: ClaimBrandView;
  @ApiProperty({ nullable: true, type: ClaimLocationView }) location: ClaimLocationView | null;
  @ApiProperty({ description: 'The brand requires the post about this perk to disclose it as an ad' })
  disclosureRequired: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'How to disclose, when disclosure is required' })
  disclosure: string | null;
  @ApiProperty({ nullable: true, type: ClaimContentView, description: 'The post you submitted' })
  content: ClaimContentView | null;
}

export class MemberClaimDetailResponse extends MemberClaimResponse {
  @ApiProperty({
    description:
      'PNG data URL of a QR code the front desk can scan: it holds a signed token naming the claim, never the code',
    example: 'data:image/png;base64,iVBORw0KGgo…',
  })
  qrCode: string;
}

export class ClaimListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES, description: 'Only claims stored in this status' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;
}

export class SubmitContentDto {
  @ApiProperty({
    example: 'https://mastodon.social/@mia/112233',
    description: 'The post you made about the perk',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url: string;
}

export class AddPoolCodesDto {
  @ApiProperty({
    type: [String],
    maxItems: 10_000,
    example: ['SUMMER-7K3Q', 'SUMMER-X9MT'],
    description: 'Your own codes; folded like typed codes (case, hyphens, spaces, O→0, I/L→1)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  codes: string[];
}

export class PoolCodesResponse {
  @ApiProperty({ description: 'Codes added to the pool' }) added: number;
  @ApiProperty({
    description: 'Codes skipped: repeated in the upload or already in one of the brand’s pools',
  })
  duplicates: number;
  @ApiProperty({ description: 'Codes in this campaign’s pool now' }) poolSize: number;
}

export class BrandClaimMemberView {
  @ApiProperty({ nullable: true, type: String, description: 'Null once the member deleted their account' })
  displayName: string | null;
}

export class CampaignClaimResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty({ type: BrandClaimMemberView }) member: BrandClaimMemberView;
  @ApiProperty() scoreAtClaim: number;
  @ApiProperty() reservedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) redeemedAt: Date | null;
  @ApiProperty({ nullable: true, type: ClaimContentView }) content: ClaimContentView | null;
}

export class CampaignStatsResponse {
  @ApiProperty({ description: 'Units the campaign offers' }) total: number;
  @ApiProperty({ description: 'Units not held by a claim' }) remaining: number;
  @ApiProperty({ description: 'Claims ever made (every status)' }) claimed: number;
  @ApiProperty({ description: 'Open reservations' }) reserved: number;
  @ApiProperty() redeemed: number;
  @ApiProperty({ description: 'Reservations that lapsed (including ones past their deadline not yet swept)' })
  expired: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ description: 'Reservations revoked when the campaign was taken down' }) revoked: number;
  @ApiProperty({ description: 'Claims with a submitted post' }) contentSubmitted: number;
}

export class RedemptionLookupQuery {
  @ApiProperty({
    description:
      'The code as typed (any case, with or without hyphens) or the token scanned from the QR code',
  })
  @IsString()
  @MaxLength(512)
  code: string;
}

export class RedeemDto {
  @ApiProperty({
    example: '7K3Q-X9MT-2B4Z',
    description:
      'The code as typed (any case, with or without hyphens) or the token scanned from the QR code',
  })
  @IsString()
  @MaxLength(512)
  code: string;
}

export class RedemptionClaimView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty() reservedAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) redeemedAt: Date | null;
  @ApiProperty() scoreAtClaim: number;
  @ApiProperty() disclosureRequired: boolean;
}

export class RedemptionMemberView {
  @ApiProperty({ nullable: true, type: String, description: 'Null once the member deleted their account' })
  displayName: string | null;
  @ApiProperty() scoreAtClaim: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Their published score now, if they have one' })
  scoreNow: number | null;
}

export class RedemptionPerkView extends ClaimPerkView {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
}

export class RedemptionResponse {
  @ApiProperty({ type: RedemptionClaimView }) claim: RedemptionClaimView;
  @ApiProperty({ type: RedemptionMemberView }) member: RedemptionMemberView;
  @ApiProperty({ type: RedemptionPerkView }) perk: RedemptionPerkView;
}
