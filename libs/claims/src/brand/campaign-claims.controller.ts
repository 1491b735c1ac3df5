import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOperationDoc, ApiPageResponse, IdParam, Page, pageLimit } from '@perkrank/core';
import { type AuthUser, CurrentUser } from '@perkrank/identity';
import {
  AddPoolCodesDto,
  CampaignClaimResponse,
  CampaignStatsResponse,
  ClaimListQuery,
  PoolCodesResponse,
} from '../claims/claim.dto';
import { PoolCodeService } from '../pool/pool-code.service';
import { CampaignClaimsService } from './campaign-claims.service';

@ApiTags('campaigns')
@ApiBearerAuth('bearer')
@Controller('v1/campaigns')
export class CampaignClaimsController {
  constructor(
    private readonly claims: CampaignClaimsService,
    private readonly pool: PoolCodeService,
  ) {}

  @Post(':id/codes')
  @ApiCreatedResponse({ type: PoolCodesResponse, description: 'Pool mode: your own codes added to the pool' })
  @ApiOperationDoc({
    operationId: 'addCampaignCodes',
    summary: 'Add pool codes',
    description:
      "Adds codes to a campaign's code pool; duplicates are skipped. Owner or manager of the brand.",
  })
  @ApiErrors({ status: 409, description: 'codes_not_accepted' })
  addCodes(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Body() body: AddPoolCodesDto,
  ): Promise<PoolCodesResponse> {
    return this.pool.add(user, id, body.codes);
  }

  @Get(':id/claims')
  @ApiPageResponse(CampaignClaimResponse, 'Claims of the campaign, newest first')
  @ApiOperationDoc({
    operationId: 'listCampaignClaims',
    summary: "List a campaign's claims",
    description: 'Lists the claims on a campaign with the claiming members, by cursor. Brand members.',
  })
  list(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Query() query: ClaimListQuery,
  ): Promise<Page<CampaignClaimResponse>> {
    return this.claims.list(user, id, {
      limit: pageLimit(query),
      cursor: query.cursor,
      status: query.status,
    });
  }

  @Get(':id/stats')
  @ApiOkResponse({ type: CampaignStatsResponse })
  @ApiOperationDoc({
    operationId: 'getCampaignStats',
    summary: 'Get campaign stats',
    description: 'Counts of claims by state and remaining stock. Brand members.',
  })
  stats(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignStatsResponse> {
    return this.claims.stats(user, id);
  }
}
