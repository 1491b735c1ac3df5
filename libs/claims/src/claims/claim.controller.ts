import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, Idempotent, Page, PageQuery, pageLimit, ApiPageResponse } from '@perkrank/core';
import { type AuthUser, CurrentUser } from '@perkrank/identity';
import {
  ClaimCreatedResponse,
  MemberClaimDetailResponse,
  MemberClaimResponse,
  SubmitContentDto,
} from './claim.dto';
import { ClaimService } from './claim.service';

@ApiTags('claims')
@ApiBearerAuth('bearer')
@Controller('v1/perks')
export class PerkClaimController {
  constructor(private readonly claims: ClaimService) {}

  @Post(':id/claims')
  @Idempotent()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays the first answer for this key',
  })
  @ApiCreatedResponse({ type: ClaimCreatedResponse, description: 'The reservation and its code' })
  claim(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<ClaimCreatedResponse> {
    return this.claims.claim(user, id);
  }
}

@ApiTags('claims')
@ApiBearerAuth('bearer')
@Controller('v1/me/claims')
export class MyClaimsController {
  constructor(private readonly claims: ClaimService) {}

  @Get()
  @ApiPageResponse(MemberClaimResponse, 'Your claims, newest first')
  list(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<Page<MemberClaimResponse>> {
    return this.claims.list(user, { limit: pageLimit(query), cursor: query.cursor });
  }

  @Get(':id')
  @ApiOkResponse({ type: MemberClaimDetailResponse })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<MemberClaimDetailResponse> {
    return this.claims.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberClaimResponse, description: 'Cancelled; the unit is back in stock' })
  cancel(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<MemberClaimResponse> {
    return this.claims.cancel(user, id);
  }

  @Post(':id/content')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberClaimResponse, description: 'The post you made about the redeemed perk' })
  content(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Body() body: SubmitContentDto,
  ): Promise<MemberClaimResponse> {
    return this.claims.submitContent(user, id, body.url);
  }
}
