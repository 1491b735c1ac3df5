import { Injectable } from '@nestjs/common';
import { AppConfig, AppException, Clock, DomainEvents, RateLimiter } from '@perkrank/core';
import { type ApiKeyCaller, type AuthUser, BrandAccess, IdentityException } from '@perkrank/identity';
import { CLAIM_TOKEN_VERSION, normalisePoolCode, parseCode, verifyClaimToken } from '../codes';
import { ClaimException } from '../claims.exception';
import type { RedemptionResponse } from '../claims/claim.dto';
import { type Actor, ClaimRepository, type ClaimRow } from '../claims/claim.repository';
import { claimRefused } from '../claims/claim-refusals';
import { checkClaimAction } from '../claims/claim-state';
import { CLAIM_REDEEMED, claimEventPayload } from '../claims/claim-events';
import { redemptionView } from '../claims/claim-view';

export interface DeskCaller {
  user?: AuthUser;
  apiKey?: ApiKeyCaller;
}

/**
 * The front desk: look up and redeem a claim by the code the member shows (typed in any case,
 * with or without hyphens, O/0 and I/L/1 folded) or by the token in their QR code. Only the brand's
 * own claims are found; another brand's code is as unknown as a made-up one. Failed lookups count
 * against the brand, so codes cannot be guessed by brute force.
 */
@Injectable()
export class RedemptionService {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly brands: BrandAccess,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async lookup(caller: DeskCaller, brandId: string, input: string): Promise<RedemptionResponse> {
    const actor = await this.authorise(caller, brandId);
    return redemptionView(await this.find(brandId, input, deskOf(actor)), this.clock.now());
  }

  async redeem(caller: DeskCaller, brandId: string, input: string): Promise<RedemptionResponse> {
    const actor = await this.authorise(caller, brandId);
    const before = await this.find(brandId, input, deskOf(actor));
    const now = this.clock.now();
    // An expired reservation is refused here even before the expiry sweep has moved it.
    const check = checkClaimAction(before, 'redeem', now);
    if (!check.ok) throw claimRefused(check.reason, before);
    const redeemed = await this.claims.transaction(async (manager) => {
      const row = await this.claims.redeem(before.id, brandId, now, actor, manager);
      if (row) await this.events.publish({ type: CLAIM_REDEEMED, payload: claimEventPayload(row) }, manager);
      return row;
    });
    if (!redeemed) {
      // Another desk (or the member cancelling) won the race: report the state they left.
      const after = await this.reload(brandId, before.id);
      const again = checkClaimAction(after, 'redeem', now);
      throw again.ok ? ClaimException.busy() : claimRefused(again.reason, after);
    }
    return redemptionView(await this.reload(brandId, before.id), now);
  }

  /** The desk must belong to the brand: a member with any brand role, or one of its API keys. */
  private async authorise(caller: DeskCaller, brandId: string): Promise<Actor> {
    if (caller.apiKey) {
      if (caller.apiKey.brandId !== brandId)
        throw new IdentityException('brand_not_found', 'No brand with this id was found.');
      return { type: 'api_key', id: caller.apiKey.id };
    }
    if (!caller.user) throw AppException.unauthenticated();
    await this.brands.require(caller.user, brandId, 'redemptions.redeem');
    return { type: 'brand_user', id: caller.user.id };
  }

  /**
   * Lookups are taken per (brand, desk) before the code is resolved (increment-then-decide, so
   * parallel guesses cannot overrun the limit); a code that exists gives its lookup back. Failures
   * of all desks count towards a higher brand ceiling that stops only desks that failed themselves:
   * a valid code is never refused because another desk (or a stranger's key) guessed.
   */
  private async find(brandId: string, input: string, desk: string): Promise<ClaimRow> {
    const brandKey = `redemption:failed:${brandId}`;
    const deskKey = `${brandKey}:${desk}`;
    const window = this.config.REDEMPTION_LOOKUP_WINDOW_SECONDS;
    const refuse = (retryAfter: number): AppException =>
      AppException.rateLimited(
        retryAfter,
        'Too many codes that do not exist were tried from this desk; wait before trying again.',
      );
    const taken = await this.rateLimiter.take(deskKey, this.config.REDEMPTION_MAX_FAILED_LOOKUPS, window);
    if (!taken.allowed) throw refuse(taken.retryAfter);
    if (taken.hits > 1) {
      const brand = await this.rateLimiter.peek(brandKey, window);
      if (brand.hits >= this.config.REDEMPTION_BRAND_FAILURE_CEILING) {
        await this.rateLimiter.release(deskKey);
        throw refuse(brand.retryAfter);
      }
    }
    const row = await this.resolve(brandId, input.trim());
    if (row) {
      await this.rateLimiter.release(deskKey);
      return row;
    }
    await this.rateLimiter.hit(brandKey, window);
    throw ClaimException.codeNotFound();
  }

  private async resolve(brandId: string, input: string): Promise<ClaimRow | undefined> {
    if (input.startsWith(`${CLAIM_TOKEN_VERSION}.`)) {
      const token = verifyClaimToken(input, this.config.claimTokenSecret);
      return token.ok && isUuid(token.claimId)
        ? this.claims.findForBrand(brandId, { id: token.claimId })
        : undefined;
    }
    const parsed = parseCode(input);
    if (parsed.ok) return this.claims.findForBrand(brandId, { code: parsed.code });
    // Not one of our codes (a typo is caught by the check symbol): it can only be a pool code.
    const pool = normalisePoolCode(input);
    return pool.ok ? this.claims.findForBrand(brandId, { code: pool.code, kind: 'pool' }) : undefined;
  }

  private async reload(brandId: string, id: string): Promise<ClaimRow> {
    const row = await this.claims.findForBrand(brandId, { id });
    if (!row) throw ClaimException.codeNotFound();
    return row;
  }
}

/** Who is looking codes up: one user or one API key of the brand. */
const deskOf = (actor: Actor): string => `${actor.type}:${actor.id}`;

const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
