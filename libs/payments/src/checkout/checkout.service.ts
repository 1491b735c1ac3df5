import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, DomainEvent, DomainEvents, OnDomainEvent } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { AuthUser, BrandAccess } from '@perkrank/identity';
import { StripeGateway } from '../gateway/stripe.gateway';
import { PaymentsRepository } from '../ledger/payments.repository';
import { PaymentsException } from '../payments.exception';

export interface CheckoutResponse {
  checkoutUrl: string;
  sessionId: string;
  amountMinor: number;
  currency: string;
}

const CLOSED = ['rejected', 'ended', 'removed'];

/** Funding a campaign: a Stripe Checkout Session for stock × unit fee. */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly gateway: StripeGateway,
    private readonly access: BrandAccess,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /**
   * The brand changed the stock while a checkout was open (the campaigns context already set
   * funding back to unfunded): the session is void here at once and expired at Stripe after the
   * edit commits. Should it be paid in between anyway, its webhook refunds it (units differ).
   */
  @OnDomainEvent('campaign.stock_changed')
  async onStockChanged(
    event: DomainEvent<string, { campaignId: string }>,
    manager: EntityManager,
  ): Promise<void> {
    const voided = await this.payments.voidOpenSessions(manager, event.payload.campaignId, this.clock.now());
    for (const id of voided)
      await this.events.afterCommit(manager, async () => {
        if (this.gateway.enabled) await this.gateway.expireSession(id);
      });
  }

  async checkout(caller: AuthUser, campaignId: string): Promise<CheckoutResponse> {
    const campaign = await this.payments.campaign(campaignId);
    if (!campaign) throw new PaymentsException('campaign_not_found', 'No campaign with this id was found.');
    await this.access.require(caller, campaign.brandId, 'payments.manage');
    if (!this.gateway.enabled || campaign.fundingStatus === 'not_required') {
      throw new PaymentsException(
        'funding_not_required',
        'Payments are off: this campaign needs no funding and goes live on approval.',
      );
    }
    if (campaign.fundingStatus === 'funded' || campaign.fundingStatus === 'refunded') {
      throw new PaymentsException(
        'already_funded',
        `This campaign's funding is already ${campaign.fundingStatus}.`,
      );
    }
    if (CLOSED.includes(campaign.status)) {
      throw new PaymentsException(
        'campaign_not_fundable',
        `A campaign that is ${campaign.status} cannot be funded.`,
      );
    }
    if (!campaign.inventoryTotal) {
      throw new PaymentsException(
        'campaign_not_fundable',
        'Set the campaign inventory before paying for it.',
        { param: 'inventory.total' },
      );
    }

    // An open session for the same amount is handed out again rather than opening a second one.
    const sessions = await this.payments.sessionsOf(campaignId);
    const units = campaign.inventoryTotal;
    const unitFee = this.config.CAMPAIGN_UNIT_FEE_MINOR;
    const currency = this.config.CAMPAIGN_CURRENCY;
    const open = sessions.filter((s) => s.status === 'open');
    const same = open.find(
      (s) => s.units === units && s.currency === currency && s.amountMinor === units * unitFee,
    );
    if (same?.checkoutUrl) {
      return {
        checkoutUrl: same.checkoutUrl,
        sessionId: same.stripeSessionId,
        amountMinor: same.amountMinor,
        currency: same.currency,
      };
    }
    // One open session per campaign: the old one (other units or price) is expired at Stripe
    // before a new one exists, so it can no longer be paid.
    for (const old of open) await this.expireAtStripe(old.stripeSessionId, old.id);
    const attempt = sessions.length + 1;
    let session;
    try {
      session = await this.gateway.createCheckout({
        campaignId,
        brandId: campaign.brandId,
        title: campaign.title,
        units,
        unitFeeMinor: unitFee,
        currency,
        idempotencyKey: `perkrank-checkout-${campaignId}-${attempt}`,
      });
    } catch (error) {
      this.logger.error({ err: error, campaignId }, 'Stripe checkout failed');
      throw new PaymentsException(
        'payment_provider_error',
        'The payment provider is unavailable; try again shortly.',
      );
    }
    const now = this.clock.now();
    const stored = await this.payments.transaction(async (manager) => {
      const inserted = await this.payments.insertSession(
        manager,
        {
          campaignId,
          brandId: campaign.brandId,
          attempt,
          stripeSessionId: session.id,
          paymentIntentId: null,
          amountMinor: session.amountMinor,
          units,
          currency: session.currency,
          status: 'open',
          checkoutUrl: session.url,
        },
        now,
      );
      if (inserted) await this.payments.setFunding(manager, campaignId, 'pending', ['unfunded', 'pending']);
      return inserted;
    });
    if (!stored) {
      // A concurrent checkout stored its session first: this one must not stay payable.
      const mine = sessions.find((s) => s.stripeSessionId === session.id);
      if (!mine) await this.expireAtStripe(session.id);
      throw new PaymentsException(
        'checkout_in_progress',
        'Another checkout for this campaign was just opened; ask for it again.',
      );
    }
    return {
      checkoutUrl: session.url ?? '',
      sessionId: session.id,
      amountMinor: session.amountMinor,
      currency: session.currency,
    };
  }

  /** Expires a session at Stripe (and here); refuses when it was paid or is being paid meanwhile. */
  private async expireAtStripe(stripeSessionId: string, rowId?: string): Promise<void> {
    let result;
    try {
      result = await this.gateway.expireSession(stripeSessionId);
    } catch (error) {
      this.logger.error({ err: error, stripeSessionId }, 'Stripe session expiry failed');
      throw new PaymentsException(
        'payment_provider_error',
        'The payment provider is unavailable; try again shortly.',
      );
    }
    if (result.status !== 'expired') {
      // Completed: its webhook decides (funded, or refunded when it no longer matches the stock).
      throw new PaymentsException(
        'checkout_in_progress',
        'A payment for this campaign was just completed and is being confirmed; try again shortly.',
      );
    }
    if (rowId)
      await this.payments.transaction((manager) =>
        this.payments.updateSession(manager, rowId, 'expired', null, this.clock.now()),
      );
  }
}
