import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiOperationDoc,
  ApiPageResponse,
  Idempotent,
  type IdempotencyTicket,
  IdempotencyTicketParam,
  IdParam,
  Page,
  pageLimit,
  PageQuery,
  PostAction,
} from '@perkrank/core';
import { FEED_MEMBER_READ, feedMemberOf } from '@perkrank/campaigns';
import { type AuthUser, CurrentUser, SessionReadRow, WithSessionRead } from '@perkrank/identity';
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
  // The claim's statement records the key with its answer (no round trips of its own).
  @Idempotent({ inStatement: true })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replays the first answer for this key',
  })
  @ApiCreatedResponse({ type: ClaimCreatedResponse, description: 'The reservation and its code' })
  @ApiOperationDoc({
    operationId: 'claimPerk',
    summary: 'Claim a perk',
    description:
      'Claims one unit of a perk for the caller, if eligible and in stock. Returns the claim with its code.',
  })
  @ApiErrors({ status: 409, description: 'sold_out, already_claimed or campaign_not_active' })
  // The member's profile comes with the session check: the claim's one statement checks it.
  @WithSessionRead(FEED_MEMBER_READ)
  claim(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @SessionReadRow() read?: Record<string, unknown>,
    @IdempotencyTicketParam() ticket?: IdempotencyTicket,
  ): Promise<ClaimCreatedResponse> {
    return this.claims.claim(user, id, idempotencyKey, read && feedMemberOf(read), ticket);
  }
}

@ApiTags('claims')
@ApiBearerAuth('bearer')
@Controller('v1/me/claims')
export class MyClaimsController {
  constructor(private readonly claims: ClaimService) {}

  @Get()
  @ApiPageResponse(MemberClaimResponse, 'Your claims, newest first')
  @ApiOperationDoc({
    operationId: 'listMyClaims',
    summary: 'List my claims',
    description: "Lists the caller's claims, newest first, by cursor.",
  })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<Page<MemberClaimResponse>> {
    return this.claims.list(user, { limit: pageLimit(query), cursor: query.cursor });
  }

  @Get(':id')
  @ApiOkResponse({ type: MemberClaimDetailResponse })
  @ApiOperationDoc({
    operationId: 'getMyClaim',
    summary: 'Get my claim',
    description: "Returns one of the caller's claims with its code, perk, brand and location.",
  })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<MemberClaimDetailResponse> {
    return this.claims.get(user, id);
  }

  @PostAction(':id/cancel', {
    type: MemberClaimResponse,
    description: 'Cancelled; the unit is back in stock',
  })
  @ApiOperationDoc({
    operationId: 'cancelMyClaim',
    summary: 'Cancel my claim',
    description: 'Cancels an unredeemed claim; its unit goes back to stock.',
  })
  @ApiErrors({ status: 409, description: 'claim already redeemed, expired or cancelled' })
  cancel(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<MemberClaimResponse> {
    return this.claims.cancel(user, id);
  }

  @PostAction(':id/content', {
    type: MemberClaimResponse,
    description: 'The post you made about the redeemed perk',
  })
  @ApiOperationDoc({
    operationId: 'submitClaimContent',
    summary: 'Submit content for a claim',
    description: 'Attaches the post made for a redeemed claim.',
  })
  @ApiErrors({ status: 409, description: 'claim_not_redeemed' })
  content(
    @CurrentUser() user: AuthUser,
    @IdParam('id') id: string,
    @Body() body: SubmitContentDto,
  ): Promise<MemberClaimResponse> {
    return this.claims.submitContent(user, id, body.url);
  }
}
