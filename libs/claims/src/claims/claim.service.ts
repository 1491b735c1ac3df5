import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  AppException,
  Clock,
  DomainEvents,
  type IdempotencyTicket,
  Page,
  keyAt,
  readPage,
  uuidv7,
} from '@perkrank/core';
import {
  type CampaignState,
  CampaignException,
  cityKey,
  countryKey,
  EligibilityInputsRepository,
  type MemberProfileRow,
} from '@perkrank/campaigns';
import { assertVerifiedEmail, type AuthUser } from '@perkrank/identity';
import { generateCode, signClaimToken } from '../codes';
import { claimQrDataUrl } from '../qr';
import { ClaimException } from '../claims.exception';
import type { ClaimCreatedResponse, MemberClaimDetailResponse, MemberClaimResponse } from './claim.dto';
import { claimRefusal } from './claim-eligibility';
import { alreadyClaimed, attemptRefused, claimRefused, soldOut } from './claim-refusals';
import {
  CAMPAIGN_SOLD_OUT,
  CLAIM_CANCELLED,
  CLAIM_CONTENT_SUBMITTED,
  CLAIM_CREATED,
  type CampaignSoldOutPayload,
  claimEventPayload,
} from './claim-events';
import { ClaimRepository, type ClaimRow, type ReserveOutcome } from './claim.repository';
import { checkClaimAction } from './claim-state';
import { createdView, memberView } from './claim-view';

/** States in which a campaign was published: members may have seen it, so it answers 409, not 404. */
const PUBLISHED_ONCE: readonly CampaignState[] = ['approved', 'paused', 'ended', 'removed'];

/**
 * Enough rounds for every race a claim can lose and still succeed: a slot or code taken by a
 * concurrent statement, or the campaign changing between the read and the write. Each round
 * re-reads, so a lost race ends in the right refusal, not in a retry storm.
 */
const MAX_ATTEMPTS = 6;

/** Rolls back a claim's transaction whose statement reserved nothing (or failed and aborted it). */
class NotReserved extends Error {
  constructor(readonly outcome: Exclude<ReserveOutcome, { kind: 'reserved' }>) {
    super(outcome.kind);
  }
}

/** The member's side of claims: claiming, their claims with the QR code, cancelling, the post. */
@Injectable()
export class ClaimService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly inputs: EligibilityInputsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Claims a unit for the caller. With an `Idempotency-Key`, the claim carries its hash, and a
   * request run again under the same key — its idempotency record taken over after the process of
   * the first run died, maybe after that run's claim committed — answers with that claim, as the
   * first run would have, instead of making a second one or refusing (sold out, already claimed).
   */
  async claim(
    caller: AuthUser,
    campaignId: string,
    idempotencyKey?: string,
    member?: MemberProfileRow,
    ticket?: IdempotencyTicket,
  ): Promise<ClaimCreatedResponse> {
    const requestKey =
      idempotencyKey === undefined ? null : createHash('sha256').update(idempotencyKey).digest('hex');
    try {
      assertVerifiedEmail(caller, this.config);
    } catch (error) {
      // The refusal is the key's answer, as on every idempotent route (or the key's stored answer wins).
      await ticket?.take();
      throw error;
    }
    const made = member && (await this.claimAtOnce(caller, campaignId, requestKey, member, ticket));
    if (made) {
      ticket?.markRecorded();
      return made;
    }
    // The explaining way: the key is taken first, as on every idempotent route (a replay ends here).
    await ticket?.take();
    try {
      return await this.claimOnce(caller, campaignId, requestKey);
    } catch (error) {
      if (requestKey !== null && error instanceof AppException) {
        const earlier = await this.earlierClaim(caller, campaignId, requestKey);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /** The answer the first run under this Idempotency-Key gave (or would have given), if it made a claim. */
  private async earlierClaim(
    caller: AuthUser,
    campaignId: string,
    requestKey: string,
  ): Promise<ClaimCreatedResponse | undefined> {
    const claim = await this.claims.findByRequestKey(campaignId, caller.id, requestKey);
    return claim && createdView(claim, claim.reservedAt);
  }

  /**
   * The claim as one statement, the way a claim that succeeds goes (ClaimRepository.claimAtOnce):
   * everything checked, the unit taken and the claim, its event and its outbox rows written in one
   * round trip, no transaction around it. `member` is the caller's profile as the access check read
   * it. Undefined when it made no claim: claimOnce then runs the claim the explaining way, which
   * finds the refusal and its reasons (or, after a lost race, claims).
   */
  private async claimAtOnce(
    caller: AuthUser,
    campaignId: string,
    requestKey: string | null,
    member: MemberProfileRow,
    ticket: IdempotencyTicket | undefined,
  ): Promise<ClaimCreatedResponse | undefined> {
    const now = this.clock.now();
    const claim = await this.claims.claimAtOnce({
      claimId: uuidv7(),
      campaignId,
      memberId: caller.id,
      now,
      code: generateCode(),
      poolStart: randomInt(0, 2 ** 31 - 1),
      requestKey,
      ticket,
      member: {
        topics: member.topics,
        countryKey: member.country === null ? null : countryKey(member.country),
        cityKey: member.city === null ? null : cityKey(member.city),
        networks: member.networks,
      },
    });
    return claim && createdView(claim, now);
  }

  private async claimOnce(
    caller: AuthUser,
    campaignId: string,
    requestKey: string | null,
  ): Promise<ClaimCreatedResponse> {
    const claimId = uuidv7();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.clock.now();
      const inputs = await this.inputs.load(campaignId, caller.id);
      if (!inputs || !PUBLISHED_ONCE.includes(inputs.campaign.status))
        throw CampaignException.campaignNotFound();
      const { campaign, member } = inputs;
      if (!member) throw AppException.unauthenticated();

      const refusal = claimRefusal(campaign, member, now);
      if (refusal?.code === 'sold_out') {
        // A member who holds their share of a sold-out perk learns that, not that it is gone.
        if ((await this.claims.holdingCount(campaignId, caller.id)) >= campaign.perUser)
          throw alreadyClaimed(campaign.perUser);
        throw soldOut();
      }
      if (refusal) throw attemptRefused(refusal, { minScore: campaign.minScore });

      const outcome = await this.reserve({
        claimId,
        campaignId,
        memberId: caller.id,
        perUser: campaign.perUser,
        now,
        requestKey,
        code:
          campaign.codesMode === 'pool'
            ? { kind: 'pool', start: randomInt(0, 2 ** 31 - 1) }
            : { kind: 'generated', code: generateCode() },
      });
      switch (outcome.kind) {
        case 'reserved':
          return createdView(outcome.claim, now);
        case 'slot_taken':
          // With one unit per member, the racing claim that took the slot is theirs: done.
          if (campaign.perUser === 1) throw alreadyClaimed(1);
          break;
        case 'code_taken':
          break;
        case 'request_taken': {
          // An earlier run under the same Idempotency-Key made the claim (and committed meanwhile).
          const earlier = requestKey && (await this.earlierClaim(caller, campaignId, requestKey));
          if (earlier) return earlier;
          break;
        }
        case 'pool_empty':
          throw soldOut('code_pool_exhausted');
        case 'refused':
          if ((await this.claims.holdingCount(campaignId, caller.id)) >= campaign.perUser)
            throw alreadyClaimed(campaign.perUser);
          // Otherwise the campaign changed under us: the next round reads it again.
          break;
      }
    }
    throw ClaimException.busy();
  }

  /**
   * The explaining way's claim statement and its events (`claim.created`, `campaign.sold_out` when
   * it took the last unit) in one transaction: the mail and the brand's webhook exist exactly when
   * the claim does. (The claim made at once writes the same rows in its own statement.)
   */
  private async reserve(input: Parameters<ClaimRepository['reserve']>[0]): Promise<ReserveOutcome> {
    try {
      return await this.claims.transaction(async (manager) => {
        const outcome = await this.claims.reserve(input, manager);
        if (outcome.kind !== 'reserved') throw new NotReserved(outcome);
        const { claim } = outcome;
        const payload = claimEventPayload({
          claimId: claim.id,
          campaignId: claim.campaignId,
          brandId: claim.brandId,
          memberId: claim.memberId,
          code: claim.code,
          codeKind: claim.codeKind,
          status: claim.status,
          reservedAt: claim.reservedAt,
          expiresAt: claim.expiresAt,
          redeemedAt: null,
          releasedAt: null,
          contentUrl: null,
        });
        await this.events.publish({ type: CLAIM_CREATED, payload }, manager);
        if (Number(claim.remaining) === 0) {
          const soldOut: CampaignSoldOutPayload = { campaignId: claim.campaignId, brandId: claim.brandId };
          await this.events.publish({ type: CAMPAIGN_SOLD_OUT, payload: soldOut }, manager);
        }
        return outcome;
      });
    } catch (error) {
      if (error instanceof NotReserved) return error.outcome;
      throw error;
    }
  }

  async list(
    caller: AuthUser,
    query: { limit: number; cursor?: string },
  ): Promise<Page<MemberClaimResponse>> {
    const now = this.clock.now();
    return readPage(
      query,
      (limit, after) => this.claims.listForMember(caller.id, limit, after),
      keyAt('reservedAt'),
      (row) => memberView(row, now),
    );
  }

  async get(caller: AuthUser, id: string): Promise<MemberClaimDetailResponse> {
    const row = await this.load(caller, id);
    // The QR holds a signed token naming the claim, never the code: a photo of it cannot be typed in elsewhere.
    const token = signClaimToken(row.id, this.config.claimTokenSecret);
    return { ...memberView(row, this.clock.now()), qrCode: await claimQrDataUrl(token) };
  }

  async cancel(caller: AuthUser, id: string): Promise<MemberClaimResponse> {
    const before = await this.load(caller, id);
    const now = this.clock.now();
    const check = checkClaimAction(before, 'cancel', now);
    if (!check.ok) throw claimRefused(check.reason, before);
    const cancelled = await this.claims.transaction(async (manager) => {
      const row = await this.claims.cancel(id, caller.id, now, manager);
      if (row) await this.events.publish({ type: CLAIM_CANCELLED, payload: claimEventPayload(row) }, manager);
      return row;
    });
    if (!cancelled) {
      // A desk redeemed it (or it expired) between the read and the write: say what happened.
      const after = await this.load(caller, id);
      const again = checkClaimAction(after, 'cancel', now);
      throw again.ok ? ClaimException.busy() : claimRefused(again.reason, after);
    }
    return memberView(await this.load(caller, id), now);
  }

  async submitContent(caller: AuthUser, id: string, url: string): Promise<MemberClaimResponse> {
    const before = await this.load(caller, id);
    const now = this.clock.now();
    const check = checkClaimAction(before, 'submit_content', now);
    if (!check.ok) throw claimRefused(check.reason, before);
    const submitted = await this.claims.transaction(async (manager) => {
      const row = await this.claims.submitContent(id, caller.id, url, now, manager);
      if (row)
        await this.events.publish(
          { type: CLAIM_CONTENT_SUBMITTED, payload: claimEventPayload(row) },
          manager,
        );
      return row;
    });
    if (!submitted) throw ClaimException.busy();
    return memberView(await this.load(caller, id), now);
  }

  private async load(caller: AuthUser, id: string): Promise<ClaimRow> {
    const row = await this.claims.findForMember(id, caller.id);
    if (!row) throw ClaimException.claimNotFound();
    return row;
  }
}
