import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { resolveDatabase } from '@perkrank/core';
import {
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_WORLD,
  DemoSeeder,
  INFLUENCER_SCORE_BAND,
  SEED_COMPLETED,
  SEED_STARTED,
  type DemoOutcome,
  type DemoSummary,
} from '@perkrank/demo';
import { AuditLog } from '@perkrank/identity';
import { OutboxDispatcher } from '@perkrank/notifications';
import { createTestApp, newInfluencer, runProcess, type TestApp } from '@perkrank/testing';

const README = join(__dirname, '..', '..', 'README.md');

/** The walkthrough as the README shows it: the one ```sh block between the marker comments. */
function walkthroughBlock(): string {
  const text = readFileSync(README, 'utf8');
  const section = /<!-- walkthrough:begin -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(text);
  if (!section) throw new Error('README.md has no ```sh block between the walkthrough markers');
  return section[1];
}

async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.dataSource.query<Array<{ n: string }>>(sql, params);
  return Number(row.n);
}

async function login(t: TestApp, email: string): Promise<string> {
  const res = await t.http.post('/v1/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

function seeded(outcome: DemoOutcome): DemoSummary {
  if (outcome.kind !== 'seeded') throw new Error(`expected a seed, got ${JSON.stringify(outcome)}`);
  return outcome.summary;
}

describe('the demo world', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await createTestApp();
    summary = seeded(await t.app.get(DemoSeeder).onStart({ isEmbedded: true }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('has people for every role, the hotel with its team and API key, and a second brand', async () => {
    for (const person of Object.values(DEMO_PEOPLE)) await login(t, person.email);
    const desk = await login(t, DEMO_PEOPLE.frontDesk.email);
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${desk}`).expect(200);
    expect(me.body.brands).toEqual([expect.objectContaining({ name: 'Hotel Aurora Berlin', role: 'staff' })]);
    const hotel = (me.body.brands as Array<{ id: string }>)[0].id;
    const roles: Array<{ role: string }> = await t.dataSource.query(
      'SELECT role FROM brand_memberships WHERE brand_id = $1 ORDER BY role',
      [hotel],
    );
    expect(roles.map((r) => r.role)).toEqual(['manager', 'owner', 'staff']);
    expect(await count(t, 'SELECT count(*) AS n FROM api_keys WHERE brand_id = $1', [hotel])).toBe(1);
    expect(summary.apiKey).toMatch(/^prk_/);
    expect(await count(t, 'SELECT count(*) AS n FROM brands')).toBe(2);
    const admin = await login(t, DEMO_PEOPLE.admin.email);
    await t.http.get('/v1/admin/users').set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('has a generated population with a scoring run done, and an influencer who qualifies for the live perk', async () => {
    expect(summary).toMatchObject({
      members: DEMO_WORLD.members,
      interactions: DEMO_WORLD.events,
      scored: DEMO_WORLD.members,
    });
    expect(await count(t, 'SELECT count(*) AS n FROM member_scores')).toBe(DEMO_WORLD.members);
    // Generated members log in with the demo password too.
    await login(t, `world-${DEMO_WORLD.seed}-7@world.perkrank.test`);

    const mia = await login(t, DEMO_PEOPLE.influencer.email);
    const score = await t.http.get('/v1/me/score').set('Authorization', `Bearer ${mia}`).expect(200);
    expect(score.body.score).toBeGreaterThanOrEqual(INFLUENCER_SCORE_BAND.min);
    expect(score.body.score).toBeLessThan(INFLUENCER_SCORE_BAND.max);
    expect(Object.keys(score.body.components as object).sort()).toEqual([
      'amplification',
      'engagement',
      'network',
      'reach',
    ]);
    const perks = await t.http.get('/v1/perks').set('Authorization', `Bearer ${mia}`).expect(200);
    const titles = (perks.body.data as Array<{ title: string; eligible: boolean }>).map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Junior suite upgrade/),
        expect.stringMatching(/^Coffee tasting/),
      ]),
    );
  });

  it('has a live, a queued (with flags) and a sold-out campaign, and claims reserved and redeemed', async () => {
    const campaigns: Array<{
      id: string;
      status: string;
      remaining: number;
      flags: Array<{ code: string }>;
    }> = await t.dataSource.query(
      'SELECT id, status, inventory_remaining AS remaining, moderation_flags AS flags FROM campaigns',
    );
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    expect(byId.get(summary.campaigns.live)).toMatchObject({ status: 'approved' });
    expect(byId.get(summary.campaigns.live)!.remaining).toBeGreaterThan(0);
    expect(byId.get(summary.campaigns.soldOut)).toMatchObject({ status: 'approved', remaining: 0 });
    expect(byId.get(summary.campaigns.cafe)).toMatchObject({ status: 'approved' });
    const queued = byId.get(summary.campaigns.queued)!;
    expect(queued.status).toBe('pending_review');
    expect(queued.flags.map((f) => f.code)).toEqual(
      expect.arrayContaining(['links_in_description', 'value_above_ceiling', 'new_brand']),
    );

    const admin = await login(t, DEMO_PEOPLE.admin.email);
    const queue = await t.http
      .get('/v1/admin/campaigns?status=pending_review')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect((queue.body.data as Array<{ id: string }>).map((c) => c.id)).toEqual([summary.campaigns.queued]);
    const live = await t.http
      .get(`/v1/admin/campaigns/${summary.campaigns.live}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(live.body).toMatchObject({ claimable: true, funding: { status: 'not_required' } });
    const soldOut = await t.http
      .get(`/v1/admin/campaigns/${summary.campaigns.soldOut}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(soldOut.body).toMatchObject({ claimable: false, inventory: { remaining: 0 } });

    const claims: Array<{ status: string; n: string }> = await t.dataSource.query(
      'SELECT status, count(*) AS n FROM claims GROUP BY status',
    );
    const byStatus = Object.fromEntries(claims.map((c) => [c.status, Number(c.n)]));
    expect(byStatus).toEqual({ reserved: summary.claims.reserved, redeemed: summary.claims.redeemed });
    expect(summary.claims.reserved).toBeGreaterThan(0);
    expect(summary.claims.redeemed).toBeGreaterThan(0);
    // One redemption came through the hotel's API key, the rest from desks.
    expect(
      await count(
        t,
        "SELECT count(*) AS n FROM claim_events WHERE type = 'redeemed' AND actor_type = 'api_key'",
      ),
    ).toBe(1);
  });

  it("keeps the demo's mails in the outbox without SMTP_URL, for admins to read", async () => {
    await t.app.get(OutboxDispatcher).drain();
    const admin = await login(t, DEMO_PEOPLE.admin.email);
    const res = await t.http
      .get('/v1/admin/outbox?status=captured&limit=100')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const mails = res.body.data as Array<{ kind: string; to: string; subject: string; text: string }>;
    expect(mails.length).toBe(100);
    expect(res.body.hasMore).toBe(true);
    const kinds = new Set<string>();
    for (let page = res.body as { nextCursor: string | null }; ;) {
      for (const m of (page as unknown as { data: Array<{ kind: string }> }).data) kinds.add(m.kind);
      if (!page.nextCursor) break;
      page = (
        await t.http
          .get(`/v1/admin/outbox?status=captured&limit=100&cursor=${page.nextCursor}`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body as { nextCursor: string | null };
    }
    for (const kind of [
      'claim_confirmation',
      'claim_redeemed',
      'campaign_submitted',
      'campaign_approved',
      'campaign_sold_out',
      'score_published',
    ])
      expect(kinds).toContain(kind);
    const claimMail = mails.find((m) => m.kind === 'claim_confirmation') ?? mails[0];
    expect(claimMail.subject).toBeTruthy();
    expect(claimMail.text).toContain('PerkRank');
    expect(await count(t, `SELECT count(*) AS n FROM mail_outbox WHERE status = 'queued'`)).toBe(0);
  }, 300_000);

  it('runs the README walkthrough, exactly as written, against the seeded API', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const result = await runProcess('bash', ['-c', `set -euo pipefail\n${walkthroughBlock()}`], {
      env: { ...process.env, PERKRANK: `http://127.0.0.1:${port}` },
    });
    if (result.status !== 0)
      throw new Error(`the walkthrough failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toMatch(/"components"/);
    expect(result.stdout).toMatch(/: redeemed$/m);
    expect(result.stdout).toMatch(/^Presidential suite weekend.*: approved, claimable: true$/m);

    // What it did is in the database: Mia's claim redeemed at the hotel, the queued campaign live.
    const [mia] = await t.dataSource.query<Array<{ status: string }>>(
      `SELECT c.status FROM claims c JOIN users u ON u.id = c.member_id WHERE u.email = $1`,
      [DEMO_PEOPLE.influencer.email],
    );
    expect(mia).toEqual({ status: 'redeemed' });
    const [queued] = await t.dataSource.query<Array<{ status: string }>>(
      'SELECT status FROM campaigns WHERE id = $1',
      [summary.campaigns.queued],
    );
    expect(queued.status).toBe('approved');
  });

  it('is seeded once: a later start finds it and changes nothing', async () => {
    const before = {
      users: await count(t, 'SELECT count(*) AS n FROM users'),
      campaigns: await count(t, 'SELECT count(*) AS n FROM campaigns'),
      claims: await count(t, 'SELECT count(*) AS n FROM claims'),
      runs: await count(t, 'SELECT count(*) AS n FROM scoring_runs'),
    };
    expect(await t.app.get(DemoSeeder).onStart({ isEmbedded: true })).toEqual({ kind: 'present' });
    expect({
      users: await count(t, 'SELECT count(*) AS n FROM users'),
      campaigns: await count(t, 'SELECT count(*) AS n FROM campaigns'),
      claims: await count(t, 'SELECT count(*) AS n FROM claims'),
      runs: await count(t, 'SELECT count(*) AS n FROM scoring_runs'),
    }).toEqual(before);
    expect(await count(t, 'SELECT count(*) AS n FROM audit_log WHERE action = $1', [SEED_COMPLETED])).toBe(1);
  });
});

describe('when the demo world is not seeded', () => {
  jest.setTimeout(120_000);
  const accounts = (t: TestApp): Promise<number> => count(t, 'SELECT count(*) AS n FROM users');
  const markers = (t: TestApp): Promise<number> =>
    count(t, 'SELECT count(*) AS n FROM audit_log WHERE action LIKE $1', ['demo.%']);

  it('never seeds a database named by DATABASE_URL', async () => {
    const t = await createTestApp();
    try {
      const config = Object.assign(
        Object.create(Object.getPrototypeOf(t.config) as object) as object,
        t.config,
        {
          DATABASE_URL: t.db.url,
        },
      ) as typeof t.config;
      const db = await resolveDatabase(config, () => undefined);
      expect(db).toMatchObject({ isEmbedded: false, url: t.db.url });
      const outcome = await t.app.get(DemoSeeder).onStart(db);
      expect(outcome).toMatchObject({ kind: 'off', reason: expect.stringMatching(/DATABASE_URL/) });
      expect(await accounts(t)).toBe(0);
      expect(await markers(t)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('does not seed with PERKRANK_DEMO=false: the demo is not even in the module graph', async () => {
    const t = await createTestApp({ env: { PERKRANK_DEMO: 'false' } });
    try {
      expect(() => t.app.get(DemoSeeder)).toThrow(/DemoSeeder/);
      expect(await accounts(t)).toBe(0);
      expect(await markers(t)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('leaves a database that already has accounts alone', async () => {
    const t = await createTestApp();
    try {
      await newInfluencer(t);
      expect(await t.app.get(DemoSeeder).onStart({ isEmbedded: true })).toEqual({ kind: 'not_empty' });
      expect(await accounts(t)).toBe(1);
      expect(await markers(t)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('reports a seed that failed half-way on every later start instead of seeding on top of it', async () => {
    const t = await createTestApp();
    try {
      // A fault injected into the real database: the first campaign insert fails, after the
      // accounts, the brands and the whole generated world have been written.
      await t.dataSource.query(`
        CREATE FUNCTION demo_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault'; END $$;
        CREATE TRIGGER demo_test_fault BEFORE INSERT ON campaigns FOR EACH ROW EXECUTE FUNCTION demo_test_fault();`);
      await expect(t.app.get(DemoSeeder).onStart({ isEmbedded: true })).rejects.toThrow(/injected fault/);
      await t.dataSource.query('DROP TRIGGER demo_test_fault ON campaigns; DROP FUNCTION demo_test_fault();');
      const half = await accounts(t);
      expect(half).toBeGreaterThan(DEMO_WORLD.members);

      expect(await t.app.get(DemoSeeder).onStart({ isEmbedded: true })).toEqual({ kind: 'interrupted' });
      expect(await accounts(t)).toBe(half);
      expect(await count(t, 'SELECT count(*) AS n FROM campaigns')).toBe(0);
      expect(await count(t, 'SELECT count(*) AS n FROM audit_log WHERE action = $1', [SEED_STARTED])).toBe(1);
      expect(await count(t, 'SELECT count(*) AS n FROM audit_log WHERE action = $1', [SEED_COMPLETED])).toBe(
        0,
      );
      // The audit log says so to an admin too (the marker is an ordinary entry).
      const entries = await t.app.get(AuditLog).list(10, undefined, { action: SEED_STARTED });
      expect(entries.data).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
