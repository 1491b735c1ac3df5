import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOperationDoc, IdParam, Idempotent } from '@perkrank/core';
import { AllowApiKey, Caller } from '@perkrank/identity';
import { RedeemDto, RedemptionLookupQuery, RedemptionResponse } from '../claims/claim.dto';
import { type DeskCaller, RedemptionService } from './redemption.service';

@ApiTags('redemption')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@AllowApiKey()
@Controller('v1/brands/:brandId/redemptions')
export class RedemptionController {
  constructor(private readonly redemptions: RedemptionService) {}

  @Get('lookup')
  @ApiOkResponse({
    type: RedemptionResponse,
    description: 'The claim behind a code or QR token, not redeemed',
  })
  @ApiOperationDoc({
    operationId: 'lookupRedemption',
    summary: 'Look up a code',
    description:
      'Finds the claim behind a code shown at the front desk, without redeeming it. Brand members.',
  })
  @ApiErrors(429)
  lookup(
    @Caller() caller: DeskCaller,
    @IdParam('brandId') brandId: string,
    @Query() query: RedemptionLookupQuery,
  ): Promise<RedemptionResponse> {
    return this.redemptions.lookup(caller, brandId, query.code);
  }

  @Post()
  @HttpCode(200)
  @Idempotent()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays the first answer for this key',
  })
  @ApiOkResponse({ type: RedemptionResponse, description: 'Redeemed' })
  @ApiOperationDoc({
    operationId: 'redeemClaim',
    summary: 'Redeem a code',
    description: 'Marks the claim behind a code redeemed. Brand members; a code redeems once.',
  })
  @ApiErrors(
    { status: 409, description: 'code_already_redeemed, claim_expired, claim_cancelled or claim_revoked' },
    429,
  )
  redeem(
    @Caller() caller: DeskCaller,
    @IdParam('brandId') brandId: string,
    @Body() body: RedeemDto,
  ): Promise<RedemptionResponse> {
    return this.redemptions.redeem(caller, brandId, body.code);
  }
}
