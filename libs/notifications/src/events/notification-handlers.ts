import { Injectable } from '@nestjs/common';
import { Clock, type DomainEvent, OnDomainEvent } from '@perkrank/core';
import {
  BRAND_INVITATION_CREATED,
  type BrandInvitationCreatedPayload,
  EMAIL_VERIFICATION_REQUESTED,
  type EmailTokenIssuedPayload,
  PASSWORD_RESET_REQUESTED,
} from '@perkrank/identity';
import {
  CAMPAIGN_SOLD_OUT,
  CLAIM_CANCELLED,
  CLAIM_CONTENT_SUBMITTED,
  CLAIM_CREATED,
  CLAIM_EXPIRED,
  CLAIM_EXPIRING_SOON,
  CLAIM_REDEEMED,
  type CampaignSoldOutPayload,
  type ClaimEventPayload,
  formatCode,
} from '@perkrank/claims';
import { SCORES_FIRST_PUBLISHED, type ScoresFirstPublishedPayload } from '@perkrank/scores';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from '../dispatch/outbox-writer';
import type { MailKind } from '../mail/mail-kinds';

/** What campaigns publish on a move (`campaign.<new state>`). */
interface CampaignMovedPayload extends Record<string, unknown> {
  campaignId: string;
  brandId: string;
  action?: string;
  actorId?: string;
}

interface CampaignRow {
  id: string;
  brandId: string;
  title: string;
  status: string;
  moderationNotes: string | null;
  moderationReason: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  inventoryTotal: number | null;
  inventoryRemaining: number | null;
}

/** The brand's webhook view of a claim: no member data beyond what the front desk sees. */
function claimData(p: ClaimEventPayload): Record<string, unknown> {
  return {
    id: p.claimId,
    object: 'claim',
    campaignId: p.campaignId,
    brandId: p.brandId,
    // As the member shows it (the desk accepts it with or without hyphens).
    code: p.codeKind === 'generated' ? formatCode(p.code) : p.code,
    status: p.status,
    reservedAt: p.reservedAt,
    expiresAt: p.expiresAt,
    redeemedAt: p.redeemedAt,
    releasedAt: p.releasedAt,
    contentUrl: p.contentUrl,
  };
}

/**
 * Turns the other contexts' domain events into mails and webhook events, inside the publisher's
 * transaction: if the change rolls back, so do they; if it commits, they will be delivered.
 */
@Injectable()
export class NotificationHandlers {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  @OnDomainEvent(EMAIL_VERIFICATION_REQUESTED)
  async onVerification(
    event: DomainEvent<string, EmailTokenIssuedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, token, expiresAt } = event.payload;
    await this.outbox.mailToUser(
      manager,
      'email_verification',
      userId,
      { token, expiresAt },
      this.clock.now(),
    );
  }

  @OnDomainEvent(PASSWORD_RESET_REQUESTED)
  async onPasswordReset(
    event: DomainEvent<string, EmailTokenIssuedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, token, expiresAt } = event.payload;
    await this.outbox.mailToUser(manager, 'password_reset', userId, { token, expiresAt }, this.clock.now());
  }

  @OnDomainEvent(BRAND_INVITATION_CREATED)
  async onInvitation(
    event: DomainEvent<string, BrandInvitationCreatedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.payload;
    await this.outbox.mailToAddress(
      manager,
      'brand_invitation',
      p.email,
      {
        invitationId: p.invitationId,
        brandId: p.brandId,
        role: p.role,
        invitedById: p.invitedById,
        token: p.token ?? null,
        expiresAt: p.expiresAt ?? null,
      },
      this.clock.now(),
    );
  }

  @OnDomainEvent(CLAIM_CREATED)
  async onClaimCreated(event: DomainEvent<string, ClaimEventPayload>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    const now = this.clock.now();
    if (p.memberId)
      await this.outbox.mailToUser(
        manager,
        'claim_confirmation',
        p.memberId,
        {
          claimId: p.claimId,
          campaignId: p.campaignId,
          code: p.code,
          codeKind: p.codeKind,
          expiresAt: p.expiresAt,
        },
        now,
      );
    await this.outbox.webhookEvent(manager, p.brandId, 'claim.created', claimData(p), now);
  }

  @OnDomainEvent(CLAIM_EXPIRING_SOON)
  async onClaimExpiring(
    event: DomainEvent<string, ClaimEventPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.payload;
    if (!p.memberId) return;
    await this.outbox.mailToUserOncePerClaim(
      manager,
      'claim_expiring',
      p.memberId,
      p.claimId,
      { campaignId: p.campaignId, code: p.code, codeKind: p.codeKind, expiresAt: p.expiresAt },
      this.clock.now(),
    );
  }

  @OnDomainEvent(CLAIM_REDEEMED)
  async onClaimRedeemed(
    event: DomainEvent<string, ClaimEventPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.payload;
    const now = this.clock.now();
    if (p.memberId)
      await this.outbox.mailToUser(
        manager,
        'claim_redeemed',
        p.memberId,
        { claimId: p.claimId, campaignId: p.campaignId },
        now,
      );
    await this.outbox.webhookEvent(manager, p.brandId, 'claim.redeemed', claimData(p), now);
  }

  @OnDomainEvent(CLAIM_CANCELLED)
  onClaimCancelled(event: DomainEvent<string, ClaimEventPayload>, manager: EntityManager): Promise<void> {
    return this.claimHook(event, manager);
  }

  @OnDomainEvent(CLAIM_EXPIRED)
  onClaimExpired(event: DomainEvent<string, ClaimEventPayload>, manager: EntityManager): Promise<void> {
    return this.claimHook(event, manager);
  }

  @OnDomainEvent(CLAIM_CONTENT_SUBMITTED)
  onContentSubmitted(event: DomainEvent<string, ClaimEventPayload>, manager: EntityManager): Promise<void> {
    return this.claimHook(event, manager);
  }

  @OnDomainEvent(CAMPAIGN_SOLD_OUT)
  async onSoldOut(event: DomainEvent<string, CampaignSoldOutPayload>, manager: EntityManager): Promise<void> {
    const { campaignId, brandId } = event.payload;
    const now = this.clock.now();
    await this.outbox.mailToBrandManagers(manager, 'campaign_sold_out', brandId, { campaignId }, now);
    const campaign = await this.campaign(manager, campaignId);
    if (campaign)
      await this.outbox.webhookEvent(manager, brandId, 'campaign.sold_out', campaignData(campaign), now);
  }

  @OnDomainEvent('campaign.pending_review')
  onSubmitted(event: DomainEvent<string, CampaignMovedPayload>, manager: EntityManager): Promise<void> {
    return this.campaignMoved(event, manager, 'campaign_submitted', null);
  }

  @OnDomainEvent('campaign.approved')
  onApproved(event: DomainEvent<string, CampaignMovedPayload>, manager: EntityManager): Promise<void> {
    // `resume` also lands in approved: that is the brand's own doing, not news from moderation.
    if (event.payload.action === 'resume') return Promise.resolve();
    return this.campaignMoved(event, manager, 'campaign_approved', 'campaign.approved');
  }

  @OnDomainEvent('campaign.changes_requested')
  onChangesRequested(
    event: DomainEvent<string, CampaignMovedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    return this.campaignMoved(event, manager, 'campaign_changes_requested', 'campaign.changes_requested');
  }

  @OnDomainEvent('campaign.rejected')
  onRejected(event: DomainEvent<string, CampaignMovedPayload>, manager: EntityManager): Promise<void> {
    return this.campaignMoved(event, manager, 'campaign_rejected', 'campaign.rejected');
  }

  @OnDomainEvent('campaign.removed')
  onRemoved(event: DomainEvent<string, CampaignMovedPayload>, manager: EntityManager): Promise<void> {
    return this.campaignMoved(event, manager, 'campaign_removed', 'campaign.removed');
  }

  @OnDomainEvent('campaign.ended')
  onEnded(event: DomainEvent<string, CampaignMovedPayload>, manager: EntityManager): Promise<void> {
    return this.campaignMoved(event, manager, null, 'campaign.ended');
  }

  @OnDomainEvent(SCORES_FIRST_PUBLISHED)
  async onFirstScore(
    event: DomainEvent<string, ScoresFirstPublishedPayload>,
    manager: EntityManager,
  ): Promise<void> {
    await this.outbox.mailToUsers(manager, 'score_published', event.payload.userIds, {}, this.clock.now());
  }

  private async claimHook(
    event: DomainEvent<string, ClaimEventPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const p = event.payload;
    await this.outbox.webhookEvent(manager, p.brandId, event.type, claimData(p), this.clock.now());
  }

  private async campaignMoved(
    event: DomainEvent<string, CampaignMovedPayload>,
    manager: EntityManager,
    mail: MailKind | null,
    hook: string | null,
  ): Promise<void> {
    const { campaignId, brandId } = event.payload;
    const now = this.clock.now();
    const campaign = await this.campaign(manager, campaignId);
    if (!campaign) return;
    if (mail) await this.outbox.mailToBrandManagers(manager, mail, brandId, { campaignId }, now);
    if (hook)
      await this.outbox.webhookEvent(
        manager,
        brandId,
        hook,
        { ...campaignData(campaign), action: event.payload.action ?? null },
        now,
      );
  }

  private async campaign(manager: EntityManager, id: string): Promise<CampaignRow | undefined> {
    const rows: CampaignRow[] = await manager.query(
      `SELECT id, brand_id AS "brandId", title, status, moderation_notes AS "moderationNotes",
              moderation_reason AS "moderationReason", starts_at AS "startsAt", ends_at AS "endsAt",
              inventory_total AS "inventoryTotal", inventory_remaining AS "inventoryRemaining"
         FROM campaigns_v WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}

function campaignData(c: CampaignRow): Record<string, unknown> {
  return {
    id: c.id,
    object: 'campaign',
    brandId: c.brandId,
    title: c.title,
    status: c.status,
    moderationNotes: c.moderationNotes,
    moderationReason: c.moderationReason,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    inventoryTotal: c.inventoryTotal,
    inventoryRemaining: c.inventoryRemaining,
  };
}
