import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperationDoc } from '@perkrank/core';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, PrivacyRoute } from '@perkrank/identity';
import { PrivacySettingsResponse, UpdatePrivacyDto } from './privacy.dto';
import { PrivacySettingsService } from './privacy-settings.service';

@ApiTags('privacy')
@ApiBearerAuth('bearer')
@PrivacyRoute()
@Controller('v1/me/privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacySettingsService) {}

  @Get()
  @ApiOkResponse({ type: PrivacySettingsResponse })
  @ApiOperationDoc({
    operationId: 'getPrivacySettings',
    summary: 'Get my privacy settings',
    description: 'Returns what the caller shares publicly and with brands.',
  })
  get(@CurrentUser() user: AuthUser): Promise<PrivacySettingsResponse> {
    return this.privacy.get(user);
  }

  @Patch()
  @ApiOkResponse({
    type: PrivacySettingsResponse,
    description: 'Withdrawing scoringConsent deletes the member’s scores and history in the same transaction',
  })
  @ApiOperationDoc({
    operationId: 'updatePrivacySettings',
    summary: 'Update my privacy settings',
    description: "Changes the caller's privacy settings; only the fields sent change.",
  })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdatePrivacyDto): Promise<PrivacySettingsResponse> {
    return this.privacy.update(user, body);
  }
}
