import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Clock, CORE_OPTIONS, type CoreOptions, sessionClient } from '@perkrank/core';
import { claimQrPng, formatCode, signClaimToken } from '@perkrank/claims';
import { Client, Pool, type PoolClient } from 'pg';
import { randomUUID } from 'node:crypto';
import { MAIL_RETRIES, nextAttemptAt, WEBHOOK_RETRIES } from './backoff';
import { MailTransport } from '../mail/mail-transport';
import { type Language, type MailKind, PREFERENCE_OF } from '../mail/mail-kinds';
import { type MailContext, renderMail } from '../mail/templates';
import { signatureHeader, SIGNATURE_HEADER } from '../webhooks/signature';
import { type PostOutcome, WebhookSender } from '../webhooks/webhook-sender';

export const OUTBOX_CHANNEL = 'perkrank_outbox';
const MAIL_BATCH = 50;
const WEBHOOK_BATCH = 25;
/** Idle loops look for due rows this often even without a NOTIFY (retries come due silently). */
const POLL_MS = 1000;

interface MailRow {
  id: string;
  kind: MailKind;
  userId: string | null;
  toAddress: string | null;
  params: Record<string, unknown>;
  attempts: number;
  email: string | null;
  displayName: string | null;
  userStatus: string | null;
  language: Language;
  disabled: string[];
}

interface DeliveryRow {
  id: string;
  attempts: number;
  createdAt: Date;
  endpointId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  endpointStatus: string;
  eventId: string;
  type: string;
  data: unknown;
  eventCreatedAt: Date;
}

/**
 * Delivers the outbox: mails and webhook deliveries that are due. Each batch is taken with
 * `FOR UPDATE SKIP LOCKED` and held in one transaction while it is delivered, so several workers
 * share the work, and a worker that dies mid-delivery loses its connection, its transaction rolls
 * back and the rows are due again at once — no lease to wait out, nothing lost (at least once:
 * a receiver may see a delivery twice, with the same event id).
 *
 * Runs where jobs run (`jobs: worker`). Wakes on NOTIFY perkrank_outbox (sent by a trigger when
 * rows are written, i.e. on commit) and polls every second for retries that came due.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private pool?: Pool;
  private listener?: Client;
  private stopped = false;
  private readonly loops: Array<Promise<void>> = [];
  private waiters: Array<() => void> = [];
  readonly mail: MailTransport;
  private readonly sender: WebhookSender;

  constructor(
    @Inject(CORE_OPTIONS) private readonly options: CoreOptions,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.mail = new MailTransport(config.SMTP_URL);
    this.sender = new WebhookSender(config.webhooksAllowPrivate);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.jobs === 'worker') await this.start();
  }

  /** Starts the delivery loops (on bootstrap where jobs run; benchmarks call it themselves). */
  async start(): Promise<void> {
    if (this.listener) return;
    this.stopped = false;
    if (!this.mail.enabled)
      this.logger.log(
        'No SMTP_URL: mails are not sent but kept in the outbox (table mail_outbox; admins read it at GET /v1/admin/outbox).',
      );
    this.listener = sessionClient(
      this.config.DATABASE_DIRECT_URL,
      this.options.databaseUrl,
      'perkrank-outbox-listen',
    );
    this.listener.on('error', (err) => this.logger.warn({ err }, 'outbox listener lost; polling continues'));
    await this.listener.connect();
    this.listener.on('notification', () => this.wake());
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.loops.push(this.loop('mail', () => this.mailBatch()));
    this.loops.push(this.loop('webhooks-1', () => this.webhookBatch()));
    this.loops.push(this.loop('webhooks-2', () => this.webhookBatch()));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.allSettled(this.loops);
    await this.listener?.end().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
    this.mail.close();
    this.sender.close();
  }

  /** Makes idle loops look now (a NOTIFY, or a test that moved the clock). */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Delivers everything due now, batch after batch, in this call (tests, CLI). Returns how many rows it handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = (await this.mailBatch()) + (await this.webhookBatch());
      total += n;
      if (n === 0) return total;
    }
  }

  private async loop(name: string, step: () => Promise<number>): Promise<void> {
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await step();
      } catch (err) {
        if (this.stopped) return;
        this.logger.error({ err, loop: name }, 'outbox batch failed; trying again');
      }
      if (handled === 0 && !this.stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          this.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
    }
  }

  private db(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.options.databaseUrl,
        max: 4,
        application_name: 'perkrank-outbox',
      });
      this.pool.on('error', (err) => this.logger.warn({ err }, 'outbox connection lost'));
    }
    return this.pool;
  }

  private async inTransaction(work: (client: PoolClient) => Promise<number>): Promise<number> {
    const client = await this.db().connect();
    // A connection lost between two queries (the server shutting down) must fail this batch, not
    // crash the process as an unhandled 'error' event: the batch rolls back and is due again.
    const onError = (err: Error): void => this.logger.warn({ err }, 'outbox connection lost mid-batch');
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const n = await work(client);
      await client.query('COMMIT');
      return n;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release();
    }
  }

  // ---- mail ---------------------------------------------------------------------------------

  mailBatch(): Promise<number> {
    return this.inTransaction(async (client) => {
      const now = this.clock.now();
      const { rows } = await client.query<MailRow>(
        `SELECT m.id, m.kind, m.user_id AS "userId", m.to_address AS "toAddress", m.params, m.attempts,
                u.email, u.display_name AS "displayName", u.status AS "userStatus",
                COALESCE(p.language, 'en') AS language, COALESCE(p.disabled, '{}') AS disabled
           FROM mail_outbox m
           LEFT JOIN member_profiles_v u ON u.id = m.user_id
           LEFT JOIN notification_preferences p ON p.user_id = m.user_id
          WHERE m.status = 'queued' AND m.next_attempt_at <= $1
          ORDER BY m.next_attempt_at LIMIT $2
          FOR UPDATE OF m SKIP LOCKED`,
        [now, MAIL_BATCH],
      );
      // One after another: the rows share this transaction's connection.
      for (const row of rows) await this.sendOne(client, row);
      return rows.length;
    });
  }

  private async sendOne(client: PoolClient, row: MailRow): Promise<void> {
    const to = row.toAddress ?? row.email;
    const preference = PREFERENCE_OF[row.kind];
    if (!to || (row.userId && row.userStatus === null && !row.toAddress)) {
      await client.query(`UPDATE mail_outbox SET status = 'skipped', last_error = $2 WHERE id = $1`, [
        row.id,
        'recipient no longer exists',
      ]);
      return;
    }
    if (preference && row.disabled.includes(preference)) {
      await client.query(
        `UPDATE mail_outbox SET status = 'skipped', to_address = $3, last_error = $2 WHERE id = $1`,
        [row.id, `the member turned off ${preference}`, to],
      );
      return;
    }
    let rendered: ReturnType<typeof renderMail>;
    let qr: Buffer | undefined;
    try {
      // The QR code is only drawn for a mail that is really sent (it is an attachment).
      const context = await this.context(client, row, this.mail.enabled);
      qr = context.qr;
      rendered = renderMail(row.kind, row.language, context.mail);
    } catch (err) {
      this.logger.error({ err, mailId: row.id, kind: row.kind }, 'mail could not be rendered');
      await client.query(`UPDATE mail_outbox SET status = 'dead', last_error = $2 WHERE id = $1`, [
        row.id,
        'could not be rendered',
      ]);
      return;
    }
    await client.query(
      `UPDATE mail_outbox SET to_address = $2, language = $3, subject = $4, text_body = $5, html_body = $6,
              status = CASE WHEN $7 THEN status ELSE 'captured' END
        WHERE id = $1`,
      [row.id, to, row.language, rendered.subject, rendered.text, rendered.html, this.mail.enabled],
    );
    if (!this.mail.enabled) return;
    const attempts = row.attempts + 1;
    try {
      await this.mail.send({
        from: this.config.MAIL_FROM,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: qr
          ? [{ filename: 'claim-qr.png', content: qr, cid: QR_CID, contentType: 'image/png' }]
          : undefined,
      });
      await client.query(
        `UPDATE mail_outbox SET status = 'sent', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`,
        [row.id, attempts, this.clock.now()],
      );
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
      const next = nextAttemptAt(MAIL_RETRIES, attempts, this.clock.now());
      this.logger.warn(
        { mailId: row.id, kind: row.kind, attempts, dead: !next },
        `mail not sent: ${message}`,
      );
      await client.query(
        `UPDATE mail_outbox SET status = $2, attempts = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5 WHERE id = $1`,
        [row.id, next ? 'queued' : 'dead', attempts, next ?? null, message],
      );
    }
  }

  private async context(
    client: PoolClient,
    row: MailRow,
    withQr: boolean,
  ): Promise<{ mail: MailContext; qr?: Buffer }> {
    const base = this.config.publicUrl;
    const p = row.params;
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const mail: MailContext = { name: row.displayName };
    const campaign = async (id: unknown) => {
      const { rows } = await client.query<{
        title: string;
        brandName: string;
        brandId: string;
        notes: string | null;
        reason: string | null;
      }>(
        `SELECT c.title, b.name AS "brandName", b.id AS "brandId", c.moderation_notes AS notes, c.moderation_reason AS reason
           FROM campaigns_v c JOIN brands_v b ON b.id = c.brand_id WHERE c.id = $1`,
        [id],
      );
      return rows[0];
    };
    switch (row.kind) {
      case 'email_verification':
        return {
          mail: { ...mail, link: `${base}/verify-email?token=${encodeURIComponent(str(p.token) ?? '')}` },
        };
      case 'password_reset':
        return {
          mail: { ...mail, link: `${base}/reset-password?token=${encodeURIComponent(str(p.token) ?? '')}` },
        };
      case 'brand_invitation': {
        const { rows } = await client.query<{ brandName: string | null; inviterName: string | null }>(
          `SELECT (SELECT name FROM brands_v WHERE id = $1) AS "brandName",
                  (SELECT display_name FROM member_profiles_v WHERE id = $2) AS "inviterName"`,
          [p.brandId, p.invitedById],
        );
        const token = str(p.token);
        return {
          mail: {
            ...mail,
            brandName: rows[0]?.brandName,
            inviterName: rows[0]?.inviterName,
            role: str(p.role),
            expiresAt: str(p.expiresAt),
            link: token ? `${base}/invitations?token=${encodeURIComponent(token)}` : `${base}/invitations`,
          },
        };
      }
      case 'claim_confirmation':
      case 'claim_expiring':
      case 'claim_redeemed': {
        const c = await campaign(p.campaignId);
        const code = str(p.code);
        const claimId = str(p.claimId) ?? '';
        const context: MailContext = {
          ...mail,
          campaignTitle: c?.title,
          brandName: c?.brandName,
          code: code && p.codeKind === 'generated' ? formatCode(code) : code,
          expiresAt: str(p.expiresAt),
          link: `${base}/claims/${claimId}`,
        };
        if (row.kind !== 'claim_confirmation' || !withQr) return { mail: context };
        const qr = await claimQrPng(signClaimToken(claimId, this.config.claimTokenSecret));
        return { mail: { ...context, qrCid: QR_CID }, qr };
      }
      case 'campaign_submitted':
      case 'campaign_approved':
      case 'campaign_changes_requested':
      case 'campaign_rejected':
      case 'campaign_removed':
      case 'campaign_sold_out': {
        const c = await campaign(p.campaignId);
        const note =
          row.kind === 'campaign_rejected' || row.kind === 'campaign_removed'
            ? c?.reason
            : row.kind === 'campaign_approved' || row.kind === 'campaign_changes_requested'
              ? c?.notes
              : null;
        return {
          mail: {
            ...mail,
            campaignTitle: c?.title,
            brandName: c?.brandName,
            note,
            link: `${base}/brands/${c?.brandId ?? ''}/campaigns/${str(p.campaignId) ?? ''}`,
          },
        };
      }
      case 'score_published': {
        const { rows } = await client.query<{ score: number }>(
          `SELECT score FROM published_scores_v WHERE user_id = $1`,
          [row.userId],
        );
        return {
          mail: {
            ...mail,
            score: rows[0] ? Math.round(Number(rows[0].score)) : null,
            link: `${base}/me/score`,
          },
        };
      }
      case 'webhook_endpoint_disabled': {
        const { rows } = await client.query<{ name: string }>(`SELECT name FROM brands_v WHERE id = $1`, [
          p.brandId,
        ]);
        return {
          mail: {
            ...mail,
            brandName: rows[0]?.name,
            url: str(p.url),
            link: `${base}/brands/${str(p.brandId) ?? ''}/webhooks`,
          },
        };
      }
    }
  }

  // ---- webhooks -----------------------------------------------------------------------------

  webhookBatch(): Promise<number> {
    return this.inTransaction(async (client) => {
      const now = this.clock.now();
      const { rows } = await client.query<DeliveryRow>(
        `SELECT d.id, d.attempts, d.created_at AS "createdAt", d.endpoint_id AS "endpointId", e.url, e.secret,
                e.previous_secret AS "previousSecret", e.previous_secret_expires_at AS "previousSecretExpiresAt",
                e.status AS "endpointStatus", ev.id AS "eventId", ev.type, ev.data, ev.created_at AS "eventCreatedAt"
           FROM webhook_deliveries d
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
           JOIN webhook_events ev ON ev.id = d.event_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
        [now, WEBHOOK_BATCH],
      );
      if (rows.length === 0) return 0;
      const outcomes = await Promise.all(rows.map((row) => this.deliverOne(row, now)));
      const after = this.clock.now();
      const byEndpoint = new Map<string, { ok: number; failed: number }>();
      const gaveUp: DeliveryRow[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const outcome = outcomes[i];
        const attempts = row.attempts + 1;
        const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
        const tally = byEndpoint.get(row.endpointId) ?? { ok: 0, failed: 0 };
        byEndpoint.set(row.endpointId, tally);
        if (row.endpointStatus !== 'enabled') {
          await client.query(
            `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint disabled' WHERE id = $1`,
            [row.id],
          );
          continue;
        }
        await client.query(
          `INSERT INTO webhook_delivery_attempts (id, delivery_id, attempted_at, status_code, error, duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [randomUUID(), row.id, now, outcome.statusCode, outcome.error, outcome.durationMs],
        );
        if (ok) {
          tally.ok++;
          await client.query(
            `UPDATE webhook_deliveries SET status = 'succeeded', attempts = $2, last_attempt_at = $3,
                    last_status_code = $4, last_error = NULL, delivered_at = $5 WHERE id = $1`,
            [row.id, attempts, now, outcome.statusCode, after],
          );
          continue;
        }
        tally.failed++;
        const next = nextAttemptAt(WEBHOOK_RETRIES, attempts, after);
        if (!next) gaveUp.push(row);
        await client.query(
          `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_attempt_at = $4, last_status_code = $5,
                  last_error = $6, next_attempt_at = COALESCE($7, next_attempt_at) WHERE id = $1`,
          [
            row.id,
            next ? 'pending' : 'failed',
            attempts,
            now,
            outcome.statusCode,
            outcome.error ?? `HTTP ${outcome.statusCode ?? '?'}`,
            next ?? null,
          ],
        );
      }
      // Endpoint counters in id order, so two batches never lock the same endpoints crosswise.
      for (const [endpointId, tally] of [...byEndpoint.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (tally.ok > 0)
          await client.query(
            `UPDATE webhook_endpoints SET consecutive_failures = 0, last_success_at = $2 WHERE id = $1`,
            [endpointId, after],
          );
        else if (tally.failed > 0)
          await client.query(
            `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + $2 WHERE id = $1`,
            [endpointId, tally.failed],
          );
      }
      for (const row of gaveUp) await this.maybeDisable(client, row, after);
      return rows.length;
    });
  }

  private deliverOne(row: DeliveryRow, now: Date): Promise<PostOutcome> {
    if (row.endpointStatus !== 'enabled')
      return Promise.resolve({ statusCode: null, error: 'endpoint disabled', durationMs: 0 });
    const body = JSON.stringify({
      id: row.eventId,
      type: row.type,
      created: new Date(row.eventCreatedAt).toISOString(),
      data: row.data,
    });
    const secrets = [row.secret];
    if (
      row.previousSecret &&
      row.previousSecretExpiresAt &&
      row.previousSecretExpiresAt.getTime() > now.getTime()
    )
      secrets.push(row.previousSecret);
    const timestamp = Math.floor(now.getTime() / 1000);
    return this.sender.post(row.url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'PerkRank-Webhooks/1.0',
      [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
      'PerkRank-Event-Id': row.eventId,
      'PerkRank-Event-Type': row.type,
    });
  }

  /**
   * A delivery that used up its 3 days of retries disables its endpoint when nothing else reached
   * it in that time either (no success since the delivery was created), and mails the brand's owner.
   */
  private async maybeDisable(client: PoolClient, row: DeliveryRow, now: Date): Promise<void> {
    const { rows } = await client.query<{ brandId: string; url: string }>(
      `UPDATE webhook_endpoints SET status = 'disabled', disabled_at = $2, updated_at = $2,
              disabled_reason = 'Deliveries failed for 3 days without a success'
        WHERE id = $1 AND status = 'enabled' AND (last_success_at IS NULL OR last_success_at < $3)
        RETURNING brand_id AS "brandId", url`,
      [row.endpointId, now, row.createdAt],
    );
    const disabled = rows[0];
    if (!disabled) return;
    this.logger.warn(
      { endpointId: row.endpointId, brandId: disabled.brandId },
      'webhook endpoint disabled after 3 days of failures',
    );
    await client.query(
      `INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), 'webhook_endpoint_disabled', m.user_id, $2, 'queued', $3, $3
         FROM brand_members_v m WHERE m.brand_id = $1 AND m.role = 'owner'`,
      [disabled.brandId, { brandId: disabled.brandId, endpointId: row.endpointId, url: disabled.url }, now],
    );
  }
}

const QR_CID = 'claim-qr@perkrank';
