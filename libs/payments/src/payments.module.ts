import { CampaignsModule } from '@perkrank/campaigns';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@perkrank/identity';
import { CheckoutService } from './checkout/checkout.service';
import { StripeGateway } from './gateway/stripe.gateway';
import { CheckoutSession, LedgerEntry, RefundRequest, StripeEventRecord } from './ledger/payment.entities';
import { PaymentsRepository } from './ledger/payments.repository';
import { PaymentsController, StripeWebhookController } from './payments.controller';
import { RefundProcessor, RefundService } from './refunds/refund.service';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

/** Campaign funding through Stripe Checkout: checkout, webhooks, refunds and the ledger. */
@Module({
  imports: [
    IdentityModule,
    CampaignsModule,
    TypeOrmModule.forFeature([CheckoutSession, LedgerEntry, StripeEventRecord, RefundRequest]),
  ],
  controllers: [PaymentsController, StripeWebhookController],
  providers: [
    StripeGateway,
    PaymentsRepository,
    CheckoutService,
    StripeWebhookService,
    RefundService,
    RefundProcessor,
  ],
  exports: [StripeGateway],
})
export class PaymentsModule {}
