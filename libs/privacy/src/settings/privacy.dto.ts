import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class PrivacySettingsResponse {
  @ApiProperty({ description: 'Anyone may read GET /v1/profiles/{userId} (default false)' })
  publicProfile: boolean;

  @ApiProperty({ description: 'Brands may find the member in searches (default false)' })
  discoverable: boolean;

  @ApiProperty({ description: 'The member is scored and may claim perks (chosen at registration)' })
  scoringConsent: boolean;
}

/** Any subset of the settings; what is left out stays as it is. */
export class UpdatePrivacyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  publicProfile?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  discoverable?: boolean;

  @ApiPropertyOptional({
    description: 'Withdrawing it (false) deletes every score and score snapshot of the member at once',
  })
  @IsOptional()
  @IsBoolean()
  scoringConsent?: boolean;
}
