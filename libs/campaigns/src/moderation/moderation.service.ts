import { Injectable } from '@nestjs/common';
import { AppException, Clock, DomainEvents, Page, keyAt, readPage } from '@perkrank/core';
import { AuditLog, type AuthUser } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import { campaignView } from '../campaigns/campaign-content';
import type { Campaign } from '../campaigns/campaign.entity';
import { CampaignRepository, type TransitionChanges } from '../campaigns/campaign.repository';
import { type CampaignAction, type CampaignState, transition } from '../rules';
import type { AdminCampaignResponse } from './moderation.dto';

export type ModerationAction = Extract<CampaignAction, 'approve' | 'reject' | 'request_changes' | 'remove'>;

/** What the audit log keeps of a campaign before and after a moderator's action. */
const snapshot = (c: Pick<Campaign, 'status' | 'moderationNotes' | 'moderationReason'>) => ({
  status: c.status,
  moderationNotes: c.moderationNotes,
  moderationReason: c.moderationReason,
});

function adminView(c: Campaign, now: Date): AdminCampaignResponse {
  if (!c.brand) throw new Error('moderation views need the campaign loaded with its brand');
  return {
    ...campaignView(c, now),
    brand: { id: c.brand.id, name: c.brand.name, createdAt: c.brand.createdAt },
    flags: c.moderationFlags,
  };
}

/**
 * The admin side: the review queue and the four decisions. Each decision is one conditional
 * UPDATE and its audit entry, committed together; the brand reads the notes or reason on its campaign.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async queue(
    status: CampaignState,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<AdminCampaignResponse>> {
    const now = this.clock.now();
    return readPage(
      { limit, cursor },
      (take, after) => this.campaigns.listByStatus(status, take, after),
      keyAt('statusChangedAt'),
      (c) => adminView(c, now),
    );
  }

  async get(id: string): Promise<AdminCampaignResponse> {
    return adminView(await this.load(id), this.clock.now());
  }

  async decide(
    admin: AuthUser,
    id: string,
    action: ModerationAction,
    text: string | undefined,
  ): Promise<AdminCampaignResponse> {
    const before = await this.load(id);
    const move = transition(before.status, action, 'admin');
    if (!move.ok) {
      if (move.reason === 'forbidden') throw AppException.forbidden();
      throw CampaignException.invalidTransition(before.status, action);
    }
    const now = this.clock.now();
    const changes = decisionChanges(action, text ?? null, now);
    await this.campaigns.transaction(async (manager) => {
      const moved = await this.campaigns.transition(
        id,
        { from: before.status },
        move.to,
        changes,
        now,
        manager,
      );
      // Another moderator (or the expiry job) got there first: their state stands.
      if (!moved) throw CampaignException.invalidTransition(before.status, action);
      await this.audit.record(
        {
          actorId: admin.id,
          action: `campaign.${action}`,
          subjectType: 'campaign',
          subjectId: id,
          before: snapshot(before),
          after: snapshot({ ...before, ...changes, status: move.to }),
          reason: text ?? null,
        },
        manager,
      );
      // Other contexts react in this transaction: refunds (payments), revoked reservations (claims).
      await this.events.publish(
        {
          type: `campaign.${move.to}`,
          payload: { campaignId: id, brandId: before.brandId, actorId: admin.id, action },
        },
        manager,
      );
    });
    return adminView(await this.load(id), now);
  }

  private async load(id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findWithBrand(id);
    if (!campaign) throw CampaignException.campaignNotFound();
    return campaign;
  }
}

function decisionChanges(action: ModerationAction, text: string | null, now: Date): TransitionChanges {
  switch (action) {
    case 'approve':
      return { approvedAt: now, moderationNotes: text, moderationReason: null };
    case 'reject':
      return { moderationReason: text, moderationNotes: null };
    case 'request_changes':
      return { moderationNotes: text, moderationReason: null };
    case 'remove':
      return { moderationReason: text };
  }
}
