import { Injectable, Logger } from '@nestjs/common';
import { Clock, type DomainEvent, OnDomainEvent } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { ClaimRepository } from '../claims/claim.repository';

export const CAMPAIGN_REMOVED = 'campaign.removed';

export interface CampaignRemovedPayload extends Record<string, unknown> {
  campaignId: string;
  brandId: string;
  /** The admin who took it down, when the publisher names them (recorded as the events' actor). */
  actorId?: string;
}

/**
 * A campaign taken down by an admin must not be redeemed: its open reservations are revoked and
 * their units returned, in the very transaction that removes it (so both happen or neither).
 */
@Injectable()
export class CampaignRemovalHandler {
  private readonly logger = new Logger('ClaimRevocation');

  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  @OnDomainEvent(CAMPAIGN_REMOVED)
  async onCampaignRemoved(
    event: DomainEvent<string, CampaignRemovedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const { campaignId, actorId } = event.payload;
    const actor =
      typeof actorId === 'string'
        ? { type: 'admin' as const, id: actorId }
        : { type: 'system' as const, id: null };
    const revoked = await this.claims.revokeOpen(
      campaignId,
      this.clock.now(),
      actor,
      'campaign_removed',
      manager,
    );
    if (revoked > 0)
      this.logger.log({ campaignId, revoked }, `revoked ${revoked} reservation(s) of a removed campaign`);
  }
}
