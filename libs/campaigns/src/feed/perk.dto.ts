import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO31661Alpha2, IsString, Length } from 'class-validator';
import { PageQuery, Optional } from '@perkrank/core';
import { TOPICS } from '@perkrank/reference';
import { EligibilityResultView, LocationView } from '../campaigns/campaign.dto';
import { PERK_TYPES, type PerkType } from '../campaigns/campaign.entity';
import { ELIGIBILITY_REASONS, type EligibilityReason } from '../rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class PerkQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TOPICS, description: 'Perks aimed at this topic' })
  @Optional()
  @IsIn(TOPICS)
  topic?: string;

  @ApiPropertyOptional({
    example: 'Berlin',
    description: 'Perks at a venue in this city or for members living there',
  })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city?: string;

  @ApiPropertyOptional({ example: 'DE', description: 'Like city, for an ISO 3166-1 alpha-2 country' })
  @Optional()
  @Transform(upper)
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Also list live perks you cannot claim, each with the reasons why',
  })
  @Optional()
  @Transform(toBool)
  @IsBoolean()
  includeLocked?: boolean;
}

export class PerkBrandView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class PerkDetailsView {
  @ApiProperty({ enum: PERK_TYPES }) type: PerkType;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty({ nullable: true, type: Number }) valueMinor: number | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
}

export class PerkResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: PerkBrandView }) brand: PerkBrandView;
  @ApiProperty({ type: PerkDetailsView }) perk: PerkDetailsView;
  @ApiProperty() minScore: number;
  @ApiProperty({ type: [String], description: 'Any of these topics; empty = any' }) topics: string[];
  @ApiProperty({ type: [String], description: 'A verified account on any of these; empty = none needed' })
  networks: string[];
  @ApiProperty({ type: [String], description: 'Members living in one of these; empty = anywhere' })
  countries: string[];
  @ApiProperty({ type: [String] }) cities: string[];
  @ApiProperty() remaining: number;
  @ApiProperty() perUser: number;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ description: 'How long a claim is held before it expires' }) claimTtlHours: number;
  @ApiProperty() disclosureRequired: boolean;
  @ApiProperty({ nullable: true, type: LocationView }) location: LocationView | null;
  @ApiProperty() eligible: boolean;
  @ApiProperty({
    enum: ELIGIBILITY_REASONS,
    isArray: true,
    description: 'Every reason you cannot claim it now',
  })
  reasons: EligibilityReason[];
}

export class PerkDetailResponse extends PerkResponse {
  @ApiProperty({ type: EligibilityResultView }) eligibility: EligibilityResultView;
}
