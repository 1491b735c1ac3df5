import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@perkrank/core';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { CheckoutSessionView, InvalidSignatureError, StripeGateway } from '../gateway/stripe.gateway';
import { PaymentsRepository, SessionRow } from '../ledger/payments.repository';
import { PaymentsException } from '../payments.exception';
import { RefundService } from '../refunds/refund.service';

const SESSION_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
]);
const CLOSED = ['rejected', 'ended', 'removed'];

/**
 * Stripe webhooks: verified against the raw body, each event id processed once (recorded in the
 * same transaction as its effect), and order-independent — session events re-read the session
 * from Stripe and apply its current state, so late or reordered deliveries converge.
 */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger('StripeWebhook');

  constructor(
    private readonly gateway: StripeGateway,
    private readonly payments: PaymentsRepository,
    private readonly refunds: RefundService,
    private readonly clock: Clock,
  ) {}

  async receive(
    rawBody: Buffer | undefined,
    signature: string | undefined,
  ): Promise<{ received: true; duplicate: boolean }> {
    let event: Stripe.Event;
    try {
      event = this.gateway.verifyEvent(rawBody ?? Buffer.alloc(0), signature);
    } catch (error) {
      if (error instanceof InvalidSignatureError) {
        throw new PaymentsException(
          'invalid_signature',
          'The Stripe-Signature header does not match this body.',
          { param: 'Stripe-Signature' },
        );
      }
      throw error;
    }
    // Signed is not the same as well-formed: a hand-made (or future-format) event gets a 400.
    const data = (event as { data?: { object?: unknown } } | null)?.data;
    if (
      typeof event?.id !== 'string' ||
      typeof event.type !== 'string' ||
      typeof data?.object !== 'object' ||
      data.object === null ||
      Array.isArray(data.object)
    ) {
      throw new PaymentsException('invalid_event', 'The event lacks an id, a type or data.object.', {
        param: 'data.object',
      });
    }
    const object = event.data.object as { id?: string };
    const current =
      SESSION_EVENTS.has(event.type) && object.id ? await this.gateway.retrieveSession(object.id) : undefined;
    const now = this.clock.now();
    const fresh = await this.payments.transaction(async (manager) => {
      if (!(await this.payments.recordEvent(manager, event.id, event.type, now))) return false;
      if (current) await this.applySession(manager, event.type, current, now);
      else if (event.type === 'charge.refunded')
        await this.applyChargeRefunded(manager, event.data.object, now);
      return true;
    });
    if (!fresh) this.logger.log({ eventId: event.id, type: event.type }, 'duplicate Stripe event ignored');
    return { received: true, duplicate: !fresh };
  }

  private async applySession(
    manager: EntityManager,
    type: string,
    session: CheckoutSessionView,
    now: Date,
  ): Promise<void> {
    const row = await this.payments.sessionByStripeId(session.id, manager);
    if (!row) {
      this.logger.warn({ sessionId: session.id }, 'Stripe session unknown here: ignored');
      return;
    }
    if (session.paymentStatus === 'paid') return this.paid(manager, row, session, now);
    // A failed async payment is final for this session even if "completed" arrives after it.
    if (type === 'checkout.session.async_payment_failed' || session.status === 'expired') {
      if (row.status === 'paid') return;
      await this.payments.updateSession(
        manager,
        row.id,
        type === 'checkout.session.async_payment_failed' ? 'failed' : 'expired',
        session.paymentIntentId,
        now,
      );
      await this.payments.setFunding(manager, row.campaignId, 'unfunded', ['pending']);
      return;
    }
    // Completed but not yet paid (an async method): stays pending until Stripe settles it.
    if (row.status === 'open' && session.paymentIntentId)
      await this.payments.updateSession(manager, row.id, 'open', session.paymentIntentId, now);
  }

  private async paid(
    manager: EntityManager,
    row: SessionRow,
    session: CheckoutSessionView,
    now: Date,
  ): Promise<void> {
    // Completed and async_payment_succeeded both say "paid": the first one applied everything.
    if (row.status === 'paid') return;
    const paymentIntentId = session.paymentIntentId ?? `session:${session.id}`;
    await this.payments.updateSession(manager, row.id, 'paid', paymentIntentId, now);
    await this.payments.book(
      manager,
      {
        brandId: row.brandId,
        campaignId: row.campaignId,
        kind: 'charge',
        amountMinor: session.amountMinor,
        currency: session.currency,
        stripeRef: paymentIntentId,
        description: `Listing fee: ${row.units} units`,
      },
      now,
    );
    const campaign = await this.payments.campaign(row.campaignId, manager, true);
    if (!campaign) return;
    if (CLOSED.includes(campaign.status)) {
      // Paid after the campaign closed (a slow bank transfer, say): the money goes straight back.
      await this.refundInFull(manager, row, session, paymentIntentId, 'paid_after_close', now);
      return;
    }
    // Funded only while the stock is exactly what this session paid for and nothing else funded it.
    if (await this.payments.fund(manager, row.campaignId, row.units, ['unfunded', 'pending'])) return;
    // A second payment, or one for stock the campaign no longer has: it all goes back.
    this.logger.warn(
      { campaignId: row.campaignId, sessionUnits: row.units, stock: campaign.inventoryTotal },
      'paid session does not fund the campaign: refunded',
    );
    await this.refundInFull(manager, row, session, paymentIntentId, 'superseded', now);
  }

  private async refundInFull(
    manager: EntityManager,
    row: SessionRow,
    session: CheckoutSessionView,
    paymentIntentId: string,
    reason: 'paid_after_close' | 'superseded',
    now: Date,
  ): Promise<void> {
    await this.payments.requestRefund(
      manager,
      {
        campaignId: row.campaignId,
        brandId: row.brandId,
        paymentIntentId,
        amountMinor: session.amountMinor,
        currency: session.currency,
        reason,
      },
      now,
    );
    await this.refunds.payOutAfterCommit(manager);
  }

  /** Refunds made outside PerkRank (the Stripe dashboard) still reach the ledger, once. */
  private async applyChargeRefunded(manager: EntityManager, charge: Stripe.Charge, now: Date): Promise<void> {
    const paymentIntentId =
      typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
    if (!paymentIntentId) return;
    const session = await this.payments.sessionByPaymentIntent(manager, paymentIntentId);
    if (!session) return;
    const booked = await this.payments.refundedSoFar(manager, paymentIntentId);
    const missing = charge.amount_refunded - booked;
    if (missing > 0) {
      await this.payments.book(
        manager,
        {
          brandId: session.brandId,
          campaignId: session.campaignId,
          kind: 'refund',
          amountMinor: missing,
          currency: session.currency,
          stripeRef: `${charge.id}:${charge.amount_refunded}`,
          description: 'Refund made in Stripe',
        },
        now,
      );
    }
    if (charge.refunded)
      await this.payments.setFunding(manager, session.campaignId, 'refunded', [
        'funded',
        'pending',
        'unfunded',
      ]);
  }
}
