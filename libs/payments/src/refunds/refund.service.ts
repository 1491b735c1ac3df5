import { Injectable, Logger } from '@nestjs/common';
import {
  Clock,
  DomainEvent,
  DomainEvents,
  JobProcessor,
  JobQueue,
  OnDomainEvent,
  Processor,
} from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { StripeGateway } from '../gateway/stripe.gateway';
import { PaymentsRepository } from '../ledger/payments.repository';
import type { RefundReason } from '../ledger/payment.entities';

export const REFUNDS_JOB = 'payments.refunds';
const MAX_ATTEMPTS = 8;

type CampaignEvent = DomainEvent<string, { campaignId: string }>;

/**
 * What the brand gets back when a funded campaign closes: everything on rejection; the unclaimed
 * units pro rata on removal or end (claims still reserved then count as used). Every paid session
 * is accounted for: one that did not fund the campaign was already owed back in full when paid.
 * The request is written in the transaction that closes the campaign; the refunds job is enqueued
 * as soon as that transaction commits (the per-minute cron only catches what that missed).
 */
@Injectable()
export class RefundService {
  private readonly logger = new Logger('Refunds');

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly events: DomainEvents,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** Enqueues the refunds job once `manager`'s transaction commits (not in processes without jobs). */
  payOutAfterCommit(manager: EntityManager): Promise<void> {
    return this.events.afterCommit(manager, async () => {
      if (!this.queue.running) return;
      const jobId = await this.queue.send(REFUNDS_JOB);
      this.logger.log({ jobId }, 'refunds job enqueued');
    });
  }

  @OnDomainEvent('campaign.rejected')
  onRejected(event: CampaignEvent, manager: EntityManager): Promise<void> {
    return this.owe(manager, event.payload.campaignId, 'rejected');
  }

  @OnDomainEvent('campaign.removed')
  onRemoved(event: CampaignEvent, manager: EntityManager): Promise<void> {
    return this.owe(manager, event.payload.campaignId, 'removed');
  }

  @OnDomainEvent('campaign.ended')
  onEnded(event: CampaignEvent, manager: EntityManager): Promise<void> {
    return this.owe(manager, event.payload.campaignId, 'ended');
  }

  private async owe(manager: EntityManager, campaignId: string, reason: RefundReason): Promise<void> {
    const sessions = await this.payments.sessionsOf(campaignId, manager);
    const campaign = await this.payments.campaign(campaignId, manager);
    let owed = false;
    for (const paid of sessions) {
      if (paid.status !== 'paid' || !paid.paymentIntentId) continue;
      const unused =
        reason === 'rejected'
          ? paid.units
          : Math.min(paid.units, Math.max(0, campaign?.inventoryRemaining ?? 0));
      const amountMinor = Math.floor((paid.amountMinor * unused) / paid.units);
      if (amountMinor <= 0) continue;
      // A session already owed back (superseded, paid after close) keeps its request: one per payment.
      owed =
        (await this.payments.requestRefund(
          manager,
          {
            campaignId,
            brandId: paid.brandId,
            paymentIntentId: paid.paymentIntentId,
            amountMinor,
            currency: paid.currency,
            reason,
          },
          this.clock.now(),
        )) || owed;
    }
    if (owed) await this.payOutAfterCommit(manager);
  }
}

/** Pays out owed refunds through Stripe (idempotent per request), books them, marks funding refunded. */
@Injectable()
@Processor({ name: REFUNDS_JOB, cron: '* * * * *', retryLimit: 1 })
export class RefundProcessor implements JobProcessor<unknown, { refunded: number; failed: number }> {
  private readonly logger = new Logger('Refunds');

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly gateway: StripeGateway,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ refunded: number; failed: number }> {
    if (!this.gateway.enabled) return { refunded: 0, failed: 0 };
    let refunded = 0;
    let failed = 0;
    await this.payments.transaction(async (manager) => {
      for (const request of await this.payments.lockPendingRefunds(manager, 20)) {
        const now = this.clock.now();
        try {
          const refund = await this.gateway.refund(
            request.paymentIntentId,
            request.amountMinor,
            `perkrank-refund-${request.id}`,
            {
              campaign_id: request.campaignId,
              reason: request.reason,
            },
          );
          await this.payments.finishRefund(
            manager,
            request.id,
            { status: 'succeeded', stripeRefundId: refund.id },
            now,
          );
          await this.payments.book(
            manager,
            {
              brandId: request.brandId,
              campaignId: request.campaignId,
              kind: 'refund',
              amountMinor: refund.amountMinor,
              currency: request.currency,
              stripeRef: refund.id,
              description: `Refund (${request.reason.replace(/_/g, ' ')})`,
            },
            now,
          );
          await this.payments.setFunding(manager, request.campaignId, 'refunded', [
            'funded',
            'pending',
            'unfunded',
          ]);
          refunded += 1;
        } catch (error) {
          const final = request.attempts + 1 >= MAX_ATTEMPTS;
          this.logger.error({ err: error, refundRequestId: request.id, final }, 'refund failed');
          await this.payments.finishRefund(
            manager,
            request.id,
            {
              status: final ? 'failed' : 'pending',
              error: error instanceof Error ? error.message : String(error),
            },
            now,
          );
          failed += 1;
        }
      }
    });
    return { refunded, failed };
  }
}
