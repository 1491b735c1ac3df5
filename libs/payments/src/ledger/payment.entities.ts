import { bigintAsNumber } from '@perkrank/core';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type CheckoutStatus = 'open' | 'paid' | 'failed' | 'expired';

/**
 * One Stripe Checkout Session for a campaign's listing fee. `attempt` numbers the sessions of a
 * campaign and is part of our Stripe idempotency key, so a retried request reuses the session.
 */
@Entity('checkout_sessions')
@Check('ck_checkout_sessions_status', `status IN ('open', 'paid', 'failed', 'expired')`)
@Index('uq_checkout_sessions_campaign_attempt', ['campaignId', 'attempt'], { unique: true })
// One open session per campaign: a new checkout expires the old one at Stripe first.
@Index('uq_checkout_sessions_one_open', ['campaignId'], { unique: true, where: `status = 'open'` })
export class CheckoutSession {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  campaignId: string;

  @Column('uuid')
  brandId: string;

  @Column('integer')
  attempt: number;

  @Index('uq_checkout_sessions_stripe_id', { unique: true })
  @Column('varchar', { length: 255 })
  stripeSessionId: string;

  @Column('varchar', { length: 255, nullable: true })
  paymentIntentId: string | null;

  @Column('bigint', { transformer: bigintAsNumber })
  amountMinor: number;

  @Column('integer')
  units: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('varchar', { length: 16 })
  status: CheckoutStatus;

  @Column('text', { nullable: true })
  checkoutUrl: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

export type LedgerKind = 'charge' | 'refund';

/**
 * Money that moved: each charge and each refund once. `stripeRef` (payment intent or refund id)
 * is unique, so a webhook delivered twice cannot book twice.
 */
@Entity('ledger_entries')
@Check('ck_ledger_entries_kind', `kind IN ('charge', 'refund')`)
@Check('ck_ledger_entries_amount', `amount_minor > 0`)
@Index('ix_ledger_entries_brand_created', ['brandId', 'createdAt', 'id'])
@Index('ix_ledger_entries_created', ['createdAt', 'id'])
@Index('ix_ledger_entries_campaign', ['campaignId'])
export class LedgerEntry {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  brandId: string;

  @Column('uuid')
  campaignId: string;

  @Column('varchar', { length: 8 })
  kind: LedgerKind;

  @Column('bigint', { transformer: bigintAsNumber })
  amountMinor: number;

  @Column('char', { length: 3 })
  currency: string;

  @Index('uq_ledger_entries_stripe_ref', { unique: true })
  @Column('varchar', { length: 255 })
  stripeRef: string;

  @Column('varchar', { length: 255 })
  description: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** Every Stripe event id we processed, recorded in the same transaction as its effect. */
@Entity('stripe_events')
export class StripeEventRecord {
  @PrimaryColumn('varchar', { length: 255 })
  id: string;

  @Column('varchar', { length: 100 })
  type: string;

  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;
}

/** `superseded`: a session paid after another one funded the campaign, or for other units than its stock. */
export type RefundReason = 'rejected' | 'removed' | 'ended' | 'paid_after_close' | 'superseded';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/**
 * A refund we owe, written in the transaction that made it owed (a rejection, say) and paid out
 * by the refunds job: nothing is lost if Stripe is down at that moment. One per payment (a
 * campaign paid twice gets both payments back), so a second owed refund is never dropped.
 */
@Entity('refund_requests')
@Check('ck_refund_requests_status', `status IN ('pending', 'succeeded', 'failed')`)
@Check('ck_refund_requests_amount', `amount_minor > 0`)
@Index('uq_refund_requests_payment', ['paymentIntentId'], { unique: true })
@Index('ix_refund_requests_campaign', ['campaignId'])
@Index('ix_refund_requests_pending', ['createdAt'], { where: `status = 'pending'` })
export class RefundRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  campaignId: string;

  @Column('uuid')
  brandId: string;

  @Column('varchar', { length: 255 })
  paymentIntentId: string;

  @Column('bigint', { transformer: bigintAsNumber })
  amountMinor: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('varchar', { length: 24 })
  reason: RefundReason;

  @Column('varchar', { length: 16 })
  status: RefundStatus;

  @Column('varchar', { length: 255, nullable: true })
  stripeRefundId: string | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
