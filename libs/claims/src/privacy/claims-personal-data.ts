import { Injectable } from '@nestjs/common';
import { Clock, PersonalData, PersonalDataContributor } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { ClaimRepository } from '../claims/claim.repository';
import { displayCode } from '../claims/claim-view';

/**
 * Claims in export and erasure. Erasure keeps the brand's records honest without the person: open
 * reservations are cancelled (their units go back), claims lose the member and the post URL, and
 * claim events lose the actor id (also where the person acted as brand staff) and any details.
 */
@Injectable()
@PersonalData({ name: 'claims' })
export class ClaimsPersonalData implements PersonalDataContributor {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    const claims = await this.claims.exportFor(userId);
    return {
      claims: claims.map((c) => ({
        id: c.id,
        campaignId: c.campaignId,
        perk: c.title,
        brand: c.brandName,
        code: displayCode(c),
        status: c.status,
        scoreAtClaim: c.scoreAtClaim,
        reservedAt: c.reservedAt,
        expiresAt: c.expiresAt,
        redeemedAt: c.redeemedAt,
        releasedAt: c.releasedAt,
        contentUrl: c.contentUrl,
        contentSubmittedAt: c.contentSubmittedAt,
        // Who else acted (the desk) is someone else's data: keep only what kind of actor it was.
        events: c.events.map((e) => ({
          type: e.type,
          actor: e.actorType === 'member' ? 'you' : e.actorType,
          at: e.at,
        })),
      })),
    };
  }

  erase(userId: string, manager: EntityManager): Promise<void> {
    return this.claims.eraseMember(userId, this.clock.now(), manager);
  }
}
