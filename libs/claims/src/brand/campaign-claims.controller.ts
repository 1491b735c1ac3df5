import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, Page, pageLimit, ApiPageResponse } from '@perkrank/core';
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
  addCodes(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Body() body: AddPoolCodesDto,
  ): Promise<PoolCodesResponse> {
    return this.pool.add(user, id, body.codes);
  }

  @Get(':id/claims')
  @ApiPageResponse(CampaignClaimResponse, 'Claims of the campaign, newest first')
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
  stats(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CampaignStatsResponse> {
    return this.claims.stats(user, id);
  }
}
