import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perkrank/core';
import { Client } from 'pg';
import { buildPrograms, exited, programEnv, startApi, waitReady } from '../support/processes';
import {
  campaignBody,
  createTestDatabase,
  startReceiver,
  startSmtpServer,
  type TestDatabase,
  until,
} from '@perkrank/testing';

/**
 * The real API program, killed (SIGKILL) while it is in the middle of sending a mail and posting a
 * webhook, then started again: both arrive after the restart, the webhook with the same event id.
 */
const ADMIN = { email: 'ops@example.com', password: 'ops-password-123' };

async function call(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, string> };
}

describe('the outbox survives a killed process', () => {
  jest.setTimeout(300_000);
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(() => {
    buildPrograms();
    dataDir = mkdtempSync(join(tmpdir(), 'perkrank-outbox-'));
  });

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a mail and a webhook in flight when the API is killed are delivered after the restart', async () => {
    // SMTP and receiver hang on the first try (the process dies while waiting), answer afterwards.
    let hang = true;
    const smtp = await startSmtpServer({ hold: () => hang });
    const receiver = await startReceiver(() => (hang ? 'hold' : 200));

    const port = await freePort();
    const environment = programEnv({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      SMTP_URL: smtp.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    let api = startApi(environment);
    try {
      await waitReady(port, api.child, 90_000);
      // A brand with a webhook endpoint, a campaign approved by the admin (campaign.approved), and
      // a new member (the verification mail).
      const brand = await call(port, 'POST', '/v1/auth/register', {
        email: 'owner@example.com',
        password: 'owner-password-1',
        displayName: 'Owner',
        accountType: 'brand',
        dateOfBirth: '1985-01-01',
        acceptTerms: true,
      });
      expect(brand.status).toBe(201);
      const token = brand.body.accessToken;
      const b = await call(port, 'POST', '/v1/brands', { name: 'Hotel Kill', country: 'DE' }, token);
      expect(b.status).toBe(201);
      const ep = await call(
        port,
        'POST',
        `/v1/brands/${b.body.id}/webhook-endpoints`,
        { url: receiver.url, events: ['campaign.approved'] },
        token,
      );
      expect(ep.status).toBe(201);
      const campaign = await call(
        port,
        'POST',
        `/v1/brands/${b.body.id}/campaigns`,
        campaignBody({ clock: { now: () => new Date() } }),
        token,
      );
      expect(campaign.status).toBe(201);
      expect((await call(port, 'POST', `/v1/campaigns/${campaign.body.id}/submit`, {}, token)).status).toBe(
        200,
      );
      const admin = await call(port, 'POST', '/v1/auth/login', ADMIN);
      expect(
        (
          await call(
            port,
            'POST',
            `/v1/admin/campaigns/${campaign.body.id}/approve`,
            {},
            admin.body.accessToken,
          )
        ).status,
      ).toBe(200);

      // Both deliveries are in flight: the SMTP server holds the message, the receiver the request.
      await until(
        () => Promise.resolve(smtp.held > 0 && receiver.received.length > 0 ? true : undefined),
        'deliveries in flight',
        30_000,
      );
      const firstEventId = (JSON.parse(receiver.received[0].body) as { id: string }).id;
      api.child.kill('SIGKILL');
      await exited(api.child);
      receiver.dropHeld();

      // Nothing was marked delivered: the transactions that held the rows died with the process.
      const mails = await pg.query(`SELECT status FROM mail_outbox WHERE kind = 'email_verification'`);
      expect(mails.rows.map((r) => r.status)).toEqual(['queued']);
      const deliveries = await pg.query(`SELECT status FROM webhook_deliveries`);
      expect(deliveries.rows.map((r) => r.status)).toEqual(['pending']);

      hang = false;
      api = startApi(environment);
      await waitReady(port, api.child, 90_000);
      await until(
        () => Promise.resolve(smtp.mails.length > 0 && receiver.received.length > 1 ? true : undefined),
        'redelivery after the restart',
        60_000,
      );
      expect(smtp.mails.some((m) => m.to[0] === 'owner@example.com')).toBe(true);
      expect((JSON.parse(receiver.received[receiver.received.length - 1].body) as { id: string }).id).toBe(
        firstEventId,
      );
      await until(
        async () => {
          const { rows } = await pg.query(`SELECT status FROM webhook_deliveries`);
          return rows[0]?.status === 'succeeded' ? true : undefined;
        },
        'the delivery to be recorded',
        30_000,
      );
      await until(
        async () => {
          const { rows } = await pg.query<{ status: string }>(
            `SELECT status FROM mail_outbox WHERE kind = 'email_verification'`,
          );
          return rows.length === 1 && rows[0].status === 'sent' ? true : undefined;
        },
        'the mail to be recorded as sent',
        30_000,
      );
      expect(api.output()).not.toContain('No SMTP_URL');
    } finally {
      api.child.kill('SIGTERM');
      await exited(api.child);
      await pg.end();
      await receiver.close();
      await smtp.close();
    }
  });
});
