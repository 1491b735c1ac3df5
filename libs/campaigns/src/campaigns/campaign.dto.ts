/**
 * Request and response shapes of the brand's campaign endpoints (docs/api.md "Campaigns").
 * The DTOs check types and shapes; ranges, cross-field rules and code lists are checked by the pure
 * `validateCampaignDraft` on the merged draft, so create and edit apply exactly the same rules.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery, Optional, Nullable } from '@perkrank/core';
import { NETWORKS, TOPICS } from '@perkrank/reference';
import {
  CAMPAIGN_STATES,
  type CampaignState,
  ELIGIBILITY_REASONS,
  FUNDING_STATUSES,
  type FundingStatus,
  MAX_CLAIM_TTL_HOURS,
  MAX_STOCK,
  MODERATION_FLAG_CODES,
} from '../rules';
import { CODE_MODES, type CodeMode, PERK_TYPES, type PerkType } from './campaign.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const each =
  (f: (args: { value: unknown }) => unknown) =>
  ({ value }: { value: unknown }): unknown =>
    Array.isArray(value) ? value.map((v: unknown) => f({ value: v })) : value;

const finite = { allowNaN: false, allowInfinity: false };

export class PerkInput {
  @ApiPropertyOptional({ enum: PERK_TYPES })
  @Optional()
  @IsIn(PERK_TYPES)
  type?: PerkType;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 5000,
    example: 'Upgrade to a junior suite on arrival, subject to availability, for stays of 2+ nights.',
  })
  @Nullable()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  terms?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    description: 'Declared value, minor units',
  })
  @Nullable()
  @IsInt()
  valueMinor?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'EUR', description: 'ISO 4217' })
  @Nullable()
  @Transform(upper)
  @IsString()
  @MaxLength(3, { message: 'currency must be an ISO 4217 code, e.g. EUR' })
  currency?: string | null;
}

export class EligibilityInput {
  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 60 })
  @Optional()
  @IsNumber(finite)
  minScore?: number;

  @ApiPropertyOptional({ enum: TOPICS, isArray: true, description: 'Any of these; empty = any topic' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(TOPICS.length)
  @ArrayUnique()
  @IsString({ each: true })
  topics?: string[];

  @ApiPropertyOptional({
    enum: NETWORKS,
    isArray: true,
    description: 'A verified account on any of these; empty = none needed',
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @IsIn(NETWORKS, { each: true })
  networks?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['DE', 'AT'],
    description: 'ISO 3166-1 alpha-2; empty = anywhere',
  })
  @Optional()
  @Transform(each(upper))
  @IsArray()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsString({ each: true })
  countries?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['Berlin'],
    description: "Members' home cities; empty = anywhere",
  })
  @Optional()
  @Transform(each(trim))
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  cities?: string[];
}

export class InventoryInput {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_STOCK, example: 20 })
  @Optional()
  @IsInt()
  total?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Claims per member, at most the total', example: 1 })
  @Optional()
  @IsInt()
  perUser?: number;
}

export class CodesInput {
  @ApiPropertyOptional({
    enum: CODE_MODES,
    description: '`generated`: PerkRank makes a code per claim; `pool`: the brand uploads its own codes',
  })
  @Optional()
  @IsIn(CODE_MODES)
  mode?: CodeMode;
}

export class ScheduleInput {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-07-01T00:00:00Z' })
  @Optional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-09-30T00:00:00Z',
    description: 'After startsAt and in the future',
  })
  @Optional()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class LocationInput {
  @ApiProperty({ example: 'Hotel Adlon Kempinski', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  venueName: string;

  @ApiProperty({ example: 'Berlin', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @Transform(upper)
  @IsString()
  country: string;

  @ApiPropertyOptional({ example: 'Unter den Linden 77', maxLength: 300 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  address?: string;
}

/** Every part except the title: a draft may be saved with any of them missing. */
export class CampaignFieldsInput {
  @ApiPropertyOptional({
    maxLength: 10000,
    example: 'Stay two nights in June and we upgrade you to a junior suite. Share one post about your stay.',
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ type: PerkInput })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => PerkInput)
  perk?: PerkInput;

  @ApiPropertyOptional({ type: EligibilityInput })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => EligibilityInput)
  eligibility?: EligibilityInput;

  @ApiPropertyOptional({ type: InventoryInput })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => InventoryInput)
  inventory?: InventoryInput;

  @ApiPropertyOptional({ type: CodesInput })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => CodesInput)
  codes?: CodesInput;

  @ApiPropertyOptional({ type: ScheduleInput })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleInput)
  schedule?: ScheduleInput;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CLAIM_TTL_HOURS, description: 'How long a claim is held' })
  @Optional()
  @IsInt()
  claimTtlHours?: number;

  @ApiPropertyOptional({ type: LocationInput, nullable: true, description: '`null` removes the venue' })
  @Nullable()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput | null;

  @ApiPropertyOptional({ description: 'Members must disclose the perk in their post (default true)' })
  @Optional()
  @IsBoolean()
  disclosureRequired?: boolean;
}

export class CreateCampaignDto extends CampaignFieldsInput {
  @ApiProperty({ example: 'Suite upgrade for Berlin creators', minLength: 3, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(3, 120)
  title: string;
}

/** Nested objects are merged into the draft part by part; `location` is replaced whole. */
export class UpdateCampaignDto extends CampaignFieldsInput {
  @ApiPropertyOptional({ minLength: 3, maxLength: 120 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(3, 120)
  title?: string;
}

export class CampaignListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATES })
  @Optional()
  @IsIn(CAMPAIGN_STATES)
  status?: CampaignState;
}

export class PerkView {
  @ApiProperty({ enum: PERK_TYPES, nullable: true, type: String }) type: PerkType | null;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty({ nullable: true, type: Number }) valueMinor: number | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
}

export class EligibilityView {
  @ApiProperty({ nullable: true, type: Number }) minScore: number | null;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) networks: string[];
  @ApiProperty({ type: [String] }) countries: string[];
  @ApiProperty({ type: [String] }) cities: string[];
}

export class InventoryView {
  @ApiProperty({ nullable: true, type: Number }) total: number | null;
  @ApiProperty({ nullable: true, type: Number }) remaining: number | null;
  @ApiProperty({ nullable: true, type: Number }) perUser: number | null;
}

export class CodesView {
  @ApiProperty({ enum: CODE_MODES, nullable: true, type: String }) mode: CodeMode | null;
  @ApiProperty({ description: 'Codes uploaded for pool mode' }) poolSize: number;
}

export class ScheduleView {
  @ApiProperty({ nullable: true, type: Date }) startsAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endsAt: Date | null;
}

export class LocationView {
  @ApiProperty() venueName: string;
  @ApiProperty() city: string;
  @ApiProperty() country: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
}

export class FundingView {
  @ApiProperty({ enum: FUNDING_STATUSES }) status: FundingStatus;
  @ApiProperty({ nullable: true, type: Number }) amountMinor: number | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Units the payment covered; the stock can never exceed them',
  })
  units: number | null;
}

export class ModerationView {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'What review asked to change (or an approval note)',
  })
  notes: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the campaign was rejected or removed' })
  reason: string | null;
}

export class CampaignResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) brandId: string;
  @ApiProperty({ enum: CAMPAIGN_STATES }) status: CampaignState;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: PerkView }) perk: PerkView;
  @ApiProperty({ type: EligibilityView }) eligibility: EligibilityView;
  @ApiProperty({ type: InventoryView }) inventory: InventoryView;
  @ApiProperty({ type: CodesView }) codes: CodesView;
  @ApiProperty({ type: ScheduleView }) schedule: ScheduleView;
  @ApiProperty({ nullable: true, type: Number }) claimTtlHours: number | null;
  @ApiProperty({ nullable: true, type: LocationView }) location: LocationView | null;
  @ApiProperty() disclosureRequired: boolean;
  @ApiProperty({ type: FundingView }) funding: FundingView;
  @ApiProperty({ description: 'approved ∧ funded-or-not-required ∧ in window ∧ remaining > 0, as of now' })
  claimable: boolean;
  @ApiProperty({ type: ModerationView }) moderation: ModerationView;
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) approvedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class SubmissionProblemView {
  @ApiProperty({ example: 'schedule.endsAt' }) field: string;
  @ApiProperty({ enum: ['required', 'invalid', 'pool_too_small'] }) code: string;
  @ApiProperty() message: string;
}

export class ModerationFlagView {
  @ApiProperty({ enum: MODERATION_FLAG_CODES }) code: string;
  @ApiProperty() message: string;
}

export class EligibilityResultView {
  @ApiProperty() eligible: boolean;
  @ApiProperty({ enum: ELIGIBILITY_REASONS, isArray: true }) reasons: string[];
}
