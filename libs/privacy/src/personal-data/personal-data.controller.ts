import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiOperationDoc, ApiErrors } from '@perkrank/core';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, PrivacyRoute } from '@perkrank/identity';
import { PersonalDataExportResponse } from './personal-data.dto';
import { PersonalDataExport, PersonalDataService } from './personal-data.service';

@ApiTags('privacy')
@ApiBearerAuth('bearer')
@PrivacyRoute()
@Controller('v1/me')
export class PersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get('export')
  @ApiOkResponse({
    type: PersonalDataExportResponse,
    description: 'Every personal datum PerkRank holds about the caller, as one JSON document',
  })
  @ApiOperationDoc({
    operationId: 'exportMyData',
    summary: 'Export my data',
    description:
      'Returns everything stored about the caller as one JSON document. Accepts a normal or a privacy-scoped token.',
  })
  export(@CurrentUser() user: AuthUser): Promise<PersonalDataExport> {
    return this.personalData.export(user);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Erases the account: afterwards nothing stored links to the person, and every session is ended. ' +
      '409 brand_ownership_transfer_required while they own a brand that has other members.',
  })
  @ApiOperationDoc({
    operationId: 'eraseMyData',
    summary: 'Erase my account',
    description:
      "Erases the caller's account and personal data and ends every session. Accepts a normal or a privacy-scoped token. Irreversible.",
  })
  @ApiErrors({
    status: 409,
    description: 'brand_ownership_transfer_required: transfer the brands you own first',
  })
  erase(@CurrentUser() user: AuthUser): Promise<void> {
    return this.personalData.erase(user);
  }
}
