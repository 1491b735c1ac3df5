import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock } from '@perkrank/core';
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
  ) {}

  async checkout(caller: AuthUser, campaignId: string): Promise<CheckoutResponse> {
    const campaign = await this.payments.campaign(campaignId);
    if (!campaign) throw new PaymentsException('campaign_not_found', 'No campaign with this id was found.');
    await this.access.require(caller, campaign.brandId, ['owner', 'manager']);
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
    const open = sessions.find((s) => s.status === 'open' && s.units === units && s.currency === currency);
    if (open?.checkoutUrl) {
      return {
        checkoutUrl: open.checkoutUrl,
        sessionId: open.stripeSessionId,
        amountMinor: open.amountMinor,
        currency: open.currency,
      };
    }
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
    await this.payments.transaction(async (manager) => {
      await this.payments.insertSession(
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
      await this.payments.setFunding(manager, campaignId, 'pending', ['unfunded', 'pending']);
    });
    return {
      checkoutUrl: session.url ?? '',
      sessionId: session.id,
      amountMinor: session.amountMinor,
      currency: session.currency,
    };
  }
}
