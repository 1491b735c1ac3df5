import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, Clock } from '@perkrank/core';
import Stripe from 'stripe';

export interface CheckoutRequest {
  campaignId: string;
  brandId: string;
  title: string;
  units: number;
  unitFeeMinor: number;
  currency: string;
  /** Our key: a retried request never creates a second session. */
  idempotencyKey: string;
}

export interface CheckoutSessionView {
  id: string;
  url: string | null;
  amountMinor: number;
  currency: string;
  status: string | null;
  paymentStatus: string;
  paymentIntentId: string | null;
  campaignId: string | null;
}

export class InvalidSignatureError extends Error {}

function view(session: Stripe.Checkout.Session): CheckoutSessionView {
  const pi = session.payment_intent;
  return {
    id: session.id,
    url: session.url ?? null,
    amountMinor: session.amount_total ?? 0,
    currency: (session.currency ?? '').toUpperCase(),
    status: session.status ?? null,
    paymentStatus: session.payment_status,
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    campaignId: session.metadata?.campaign_id ?? session.client_reference_id ?? null,
  };
}

/**
 * The one place that talks to Stripe, through the official client. With no STRIPE_SECRET_KEY
 * it is disabled: campaigns need no funding and go live on approval.
 */
@Injectable()
export class StripeGateway implements OnModuleInit {
  private readonly logger = new Logger('Payments');
  private readonly client?: Stripe;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    if (!config.STRIPE_SECRET_KEY) return;
    const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : undefined;
    this.client = new Stripe(config.STRIPE_SECRET_KEY, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  onModuleInit(): void {
    if (!this.enabled)
      this.logger.log(
        'Payments are off (no STRIPE_SECRET_KEY): campaigns need no funding and go live on approval.',
      );
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  private get stripe(): Stripe {
    if (!this.client) throw new Error('Stripe is not configured');
    return this.client;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSessionView> {
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: request.campaignId,
        metadata: { campaign_id: request.campaignId, brand_id: request.brandId },
        payment_intent_data: { metadata: { campaign_id: request.campaignId, brand_id: request.brandId } },
        line_items: [
          {
            quantity: request.units,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.unitFeeMinor,
              product_data: { name: `PerkRank listing: ${request.title}`.slice(0, 250) },
            },
          },
        ],
        success_url: this.config.CHECKOUT_SUCCESS_URL,
        cancel_url: this.config.CHECKOUT_CANCEL_URL,
      },
      { idempotencyKey: request.idempotencyKey },
    );
    return view(session);
  }

  async retrieveSession(id: string): Promise<CheckoutSessionView> {
    return view(await this.stripe.checkout.sessions.retrieve(id));
  }

  /**
   * Expires an open session so it can no longer be paid. Stripe refuses when the session is not
   * open any more (paid or already expired): the answer is then the session as it stands.
   */
  async expireSession(id: string): Promise<CheckoutSessionView> {
    try {
      return view(await this.stripe.checkout.sessions.expire(id));
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError) return this.retrieveSession(id);
      throw error;
    }
  }

  async refund(
    paymentIntentId: string,
    amountMinor: number,
    idempotencyKey: string,
    metadata: Record<string, string>,
  ): Promise<{ id: string; amountMinor: number }> {
    const refund = await this.stripe.refunds.create(
      { payment_intent: paymentIntentId, amount: amountMinor, metadata },
      { idempotencyKey },
    );
    return { id: refund.id, amountMinor: refund.amount };
  }

  /** Verifies `Stripe-Signature` over the raw body (against our clock) and parses the event. */
  verifyEvent(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!this.client || !secret || !signature) throw new InvalidSignatureError('missing signature or secret');
    try {
      return this.client.webhooks.constructEvent(
        rawBody,
        signature,
        secret,
        300,
        undefined,
        this.clock.now().getTime(),
      );
    } catch (error) {
      throw new InvalidSignatureError(error instanceof Error ? error.message : 'invalid signature');
    }
  }
}
