import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { PageQuery } from '@perkrank/core';
import { CampaignResponse, ModerationFlagView } from '../campaigns/campaign.dto';
import { CAMPAIGN_STATES, type CampaignState } from '../rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ModerationQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATES, default: 'pending_review' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsIn(CAMPAIGN_STATES)
  status?: CampaignState;
}

export class ApproveDto {
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Shown to the brand',
    example: 'Looks good, thank you.',
  })
  @ValidateIf((_o, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class RejectDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 2000,
    example: 'The perk is a cash payment, which is not allowed.',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class RequestChangesDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'Say which room types the upgrade applies to.' })
  @Transform(trim)
  @IsString()
  @Length(3, 2000)
  notes: string;
}

export class RemoveDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'Reported by members: the venue has closed.' })
  @Transform(trim)
  @IsString()
  @Length(3, 2000)
  reason: string;
}

export class ModerationBrandView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: Date;
}

export class AdminCampaignResponse extends CampaignResponse {
  @ApiProperty({ type: ModerationBrandView }) brand: ModerationBrandView;
  @ApiProperty({ type: [ModerationFlagView], description: 'Computed at submit; hints, never blocks' })
  flags: ModerationFlagView[];
}
