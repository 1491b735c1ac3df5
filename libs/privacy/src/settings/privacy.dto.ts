import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Optional } from '@perkrank/core';

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
  @Optional()
  @IsBoolean()
  publicProfile?: boolean;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  discoverable?: boolean;

  @ApiPropertyOptional({
    description: 'Withdrawing it (false) deletes every score and score snapshot of the member at once',
  })
  @Optional()
  @IsBoolean()
  scoringConsent?: boolean;
}
