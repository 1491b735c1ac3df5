import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CampaignFunding } from '@perkrank/campaigns';
import { decodeCursor, uuidv7 } from '@perkrank/core';
import { DataSource, EntityManager } from 'typeorm';
import type { CheckoutStatus, LedgerKind, RefundReason } from './payment.entities';

/** Runs an `INSERT … ON CONFLICT DO NOTHING RETURNING id`: true when it stored the row. */
async function inserted(manager: EntityManager, sql: string, parameters: unknown[]): Promise<boolean> {
  const rows: unknown[] = await manager.query(sql, parameters);
  return rows.length > 0;
}

export interface CampaignFundingRow {
  id: string;
  brandId: string;
  title: string;
  status: string;
  fundingStatus: string;
  inventoryTotal: number | null;
  inventoryRemaining: number | null;
  fundedUnits: number | null;
}

export interface SessionRow {
  id: string;
  campaignId: string;
  brandId: string;
  attempt: number;
  stripeSessionId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  units: number;
  currency: string;
  status: CheckoutStatus;
  checkoutUrl: string | null;
}

export interface LedgerRow {
  id: string;
  brandId: string;
  campaignId: string;
  kind: LedgerKind;
  amountMinor: number;
  currency: string;
  stripeRef: string;
  description: string;
  createdAt: Date;
}

export interface PendingRefund {
  id: string;
  campaignId: string;
  brandId: string;
  paymentIntentId: string;
  amountMinor: number;
  currency: string;
  reason: RefundReason;
  attempts: number;
}

const SESSION_COLUMNS = `id, campaign_id AS "campaignId", brand_id AS "brandId", attempt, stripe_session_id AS "stripeSessionId",
  payment_intent_id AS "paymentIntentId", amount_minor::float8 AS "amountMinor", units, currency, status, checkout_url AS "checkoutUrl"`;

/** Every SQL statement of the payments context. Campaign funding is a column of `campaigns`. */
@Injectable()
export class PaymentsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly funding: CampaignFunding,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async campaign(id: string, manager?: EntityManager, lock = false): Promise<CampaignFundingRow | undefined> {
    const rows: CampaignFundingRow[] = await (manager ?? this.db.manager).query(
      `SELECT id, brand_id AS "brandId", title, status, funding_status AS "fundingStatus",
              inventory_total AS "inventoryTotal", inventory_remaining AS "inventoryRemaining",
              funded_units AS "fundedUnits"
         FROM campaigns_v WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async sessionsOf(campaignId: string, manager?: EntityManager): Promise<SessionRow[]> {
    return (manager ?? this.db.manager).query(
      `SELECT ${SESSION_COLUMNS} FROM checkout_sessions WHERE campaign_id = $1 ORDER BY attempt`,
      [campaignId],
    );
  }

  async sessionByStripeId(stripeSessionId: string, manager: EntityManager): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await manager.query(
      `SELECT ${SESSION_COLUMNS} FROM checkout_sessions WHERE stripe_session_id = $1 FOR UPDATE`,
      [stripeSessionId],
    );
    return rows[0];
  }

  /** False when the session was not stored (the same Stripe session, or another one open already). */
  insertSession(manager: EntityManager, s: Omit<SessionRow, 'id'>, now: Date): Promise<boolean> {
    return inserted(
      manager,
      `INSERT INTO checkout_sessions (id, campaign_id, brand_id, attempt, stripe_session_id, payment_intent_id, amount_minor, units,
                                      currency, status, checkout_url, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        uuidv7(),
        s.campaignId,
        s.brandId,
        s.attempt,
        s.stripeSessionId,
        s.paymentIntentId,
        s.amountMinor,
        s.units,
        s.currency,
        s.status,
        s.checkoutUrl,
        now,
      ],
    );
  }

  /** Marks the campaign's open sessions expired (voided by us); returns their Stripe ids. */
  async voidOpenSessions(manager: EntityManager, campaignId: string, now: Date): Promise<string[]> {
    const [rows]: [Array<{ stripeSessionId: string }>, number] = await manager.query(
      `UPDATE checkout_sessions SET status = 'expired', updated_at = $2
        WHERE campaign_id = $1 AND status = 'open' RETURNING stripe_session_id AS "stripeSessionId"`,
      [campaignId, now],
    );
    return rows.map((r) => r.stripeSessionId);
  }

  /** Funds the campaign (campaigns' CampaignFunding.fund): only from `from`, only while its stock is `units`. */
  fund(manager: EntityManager, campaignId: string, units: number, from: string[]): Promise<boolean> {
    return this.funding.fund(manager, campaignId, units, from);
  }

  async updateSession(
    manager: EntityManager,
    id: string,
    status: CheckoutStatus,
    paymentIntentId: string | null,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE checkout_sessions SET status = $2, payment_intent_id = COALESCE($3, payment_intent_id), updated_at = $4 WHERE id = $1`,
      [id, status, paymentIntentId, now],
    );
  }

  /** Moves campaign funding only from the states given (campaigns' CampaignFunding.set). */
  setFunding(manager: EntityManager, campaignId: string, to: string, from: string[]): Promise<boolean> {
    return this.funding.set(manager, campaignId, to, from);
  }

  /** Inserts once per Stripe object; false when it was already booked. */
  book(manager: EntityManager, entry: Omit<LedgerRow, 'id' | 'createdAt'>, now: Date): Promise<boolean> {
    return inserted(
      manager,
      `INSERT INTO ledger_entries (id, brand_id, campaign_id, kind, amount_minor, currency, stripe_ref, description, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (stripe_ref) DO NOTHING RETURNING id`,
      [
        uuidv7(),
        entry.brandId,
        entry.campaignId,
        entry.kind,
        entry.amountMinor,
        entry.currency,
        entry.stripeRef,
        entry.description,
        now,
      ],
    );
  }

  /** Records a Stripe event id; false when it was seen before (the caller then does nothing). */
  recordEvent(manager: EntityManager, id: string, type: string, now: Date): Promise<boolean> {
    return inserted(
      manager,
      `INSERT INTO stripe_events (id, type, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, type, now],
    );
  }

  requestRefund(
    manager: EntityManager,
    r: Omit<PendingRefund, 'id' | 'attempts'>,
    now: Date,
  ): Promise<boolean> {
    return inserted(
      manager,
      `INSERT INTO refund_requests (id, campaign_id, brand_id, payment_intent_id, amount_minor, currency, reason, status, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) ON CONFLICT (payment_intent_id) DO NOTHING RETURNING id`,
      [uuidv7(), r.campaignId, r.brandId, r.paymentIntentId, r.amountMinor, r.currency, r.reason, now],
    );
  }

  /** Pending refunds, locked so two workers never pay the same one. */
  async lockPendingRefunds(manager: EntityManager, limit: number): Promise<PendingRefund[]> {
    return manager.query(
      `SELECT id, campaign_id AS "campaignId", brand_id AS "brandId", payment_intent_id AS "paymentIntentId",
              amount_minor::float8 AS "amountMinor", currency, reason, attempts
         FROM refund_requests WHERE status = 'pending' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async finishRefund(
    manager: EntityManager,
    id: string,
    outcome: { status: 'succeeded' | 'pending' | 'failed'; stripeRefundId?: string; error?: string },
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE refund_requests SET status = $2, stripe_refund_id = COALESCE($3, stripe_refund_id), last_error = $4,
              attempts = attempts + 1, updated_at = $5 WHERE id = $1`,
      [id, outcome.status, outcome.stripeRefundId ?? null, outcome.error ?? null, now],
    );
  }

  async refundedSoFar(manager: EntityManager, paymentIntentId: string): Promise<number> {
    // Booked refunds plus refunds we owe but have not booked yet (pending requests), so a
    // webhook racing our own refund cannot book it a second time.
    const rows: Array<{ total: number }> = await manager.query(
      `SELECT (SELECT COALESCE(SUM(l.amount_minor), 0) FROM ledger_entries l
                 JOIN checkout_sessions s ON s.campaign_id = l.campaign_id AND s.payment_intent_id = $1
                WHERE l.kind = 'refund')
            + (SELECT COALESCE(SUM(amount_minor), 0) FROM refund_requests WHERE payment_intent_id = $1 AND status = 'pending')
              ::float8 AS total`,
      [paymentIntentId],
    );
    return rows[0]?.total ?? 0;
  }

  async sessionByPaymentIntent(
    manager: EntityManager,
    paymentIntentId: string,
  ): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await manager.query(
      `SELECT ${SESSION_COLUMNS} FROM checkout_sessions WHERE payment_intent_id = $1`,
      [paymentIntentId],
    );
    return rows[0];
  }

  async ledger(limit: number, cursor: string | undefined, brandId?: string): Promise<LedgerRow[]> {
    const position = decodeCursor(cursor);
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (brandId) {
      params.push(brandId);
      where.push(`brand_id = $${params.length}`);
    }
    if (position) {
      params.push(position.at, position.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.db.query(
      `SELECT id, brand_id AS "brandId", campaign_id AS "campaignId", kind, amount_minor::float8 AS "amountMinor", currency,
              stripe_ref AS "stripeRef", description, created_at AS "createdAt"
         FROM ledger_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
  }
}
