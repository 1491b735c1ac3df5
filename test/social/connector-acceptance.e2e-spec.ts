import {
  SOCIAL_SYNC,
  SOCIAL_VERIFY,
  SocialHostBudgets,
  SocialSyncService,
  SocialVerifyProcessor,
} from '@perkrank/social';
import { createTestApp, newInfluencer, TestApp, type Client } from '@perkrank/testing';
import { BlueskyFake } from '../support/fakes/bluesky-fake';
import { MastodonFake } from '../support/fakes/mastodon-fake';

const DAY = 86_400_000;

interface AccountRow {
  status: string;
  handle: string;
  native_id: string | null;
  sync_state:
    (Record<string, unknown> & { run?: unknown; lastError?: string; newestStatusId?: string }) | null;
  last_synced_at: Date | null;
}

/**
 * Issue #12's acceptance, end to end through the API, the sync service, real Postgres and the
 * job queue, against fakes that behave like the real services (limits included). The fakes run
 * on the app's clock, so rate-limit windows pass by advancing it, never by waiting.
 */
describe('social connectors against faithful fakes (acceptance)', () => {
  let t: TestApp | undefined;
  const now = (): number => (t ? t.clock.now().getTime() : Date.now());
  // Logged out, as PerkRank reads: 60 API requests per 5 minutes and 3 paging requests per
  // 15 minutes here (300 and 300 on a real server), so a sync has to stop and resume several times.
  const mastodon = new MastodonFake({ now, apiLimit: 60, pagingLimit: 3 });
  const bluesky = new BlueskyFake();
  bluesky.now = now;
  let app: TestApp;
  beforeAll(async () => {
    await Promise.all([mastodon.start(), bluesky.start()]);
    app = t = await createTestApp({
      jobs: 'producer',
      env: {
        MASTODON_API_BASE: mastodon.url,
        BLUESKY_API_BASE: bluesky.url,
        CONNECTOR_ALLOW_PRIVATE_HOSTS: 'true',
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([mastodon.stop(), bluesky.stop()]);
  });

  const interactions = async (): Promise<number> =>
    (await app.dataSource.query('SELECT count(*)::int AS n FROM interactions'))[0].n as number;
  const accountRow = async (id: string): Promise<AccountRow> =>
    (
      await app.dataSource.query(
        'SELECT status, handle, native_id, sync_state, last_synced_at FROM social_accounts WHERE id = $1',
        [id],
      )
    )[0];

  async function connect(
    user: Client,
    network: string,
    handle: string,
  ): Promise<{ id: string; token: string }> {
    const res = await user.post('/v1/me/social-accounts', { network, handle }).expect(201);
    return { id: res.body.id, token: res.body.verification.token };
  }

  it('refuses a Mastodon lookup answered with a remote account (the spoof) and stores nothing', async () => {
    const user = await newInfluencer(app);
    const { id, token } = await connect(user, 'mastodon', 'x@mastodon.example');
    mastodon.addAccount('x');
    // The hostile instance answers the lookup of its own `x` with someone else's account.
    mastodon.lookupOverrides.set('x', {
      ...mastodon.accountJson(
        mastodon.addAccount('famous', { remoteDomain: 'mastodon.social', note: `<p>${token}</p>` }),
      ),
    });
    const before = await interactions();
    const res = await user.post(`/v1/me/social-accounts/${id}/verify`).expect(422);
    expect(res.body.error).toMatchObject({
      code: 'verification_failed',
      details: { reason: 'foreign_account' },
    });
    expect(res.body.error.message).toMatch(/not its own/);
    expect(await accountRow(id)).toMatchObject({
      status: 'pending_verification',
      handle: 'x@mastodon.example',
      native_id: null,
      sync_state: null,
    });
    expect(await interactions()).toBe(before);
    mastodon.lookupOverrides.clear();
  });

  it('binds a verified Mastodon account to (host, account id) and reports 401 / non-JSON instances as such', async () => {
    const user = await newInfluencer(app);
    const { id, token } = await connect(user, 'mastodon', 'Lena@mastodon.example');
    const lena = mastodon.addAccount('lena', { note: `<p>Hi <span>${token}</span></p>` });

    mastodon.requireLogin = true;
    const locked = await user.post(`/v1/me/social-accounts/${id}/verify`).expect(422);
    expect(locked.body.error).toMatchObject({
      code: 'verification_failed',
      details: { reason: 'login_required' },
    });
    expect(locked.body.error.message).toMatch(/logged-in/);
    mastodon.requireLogin = false;
    mastodon.htmlOnly = true;
    const html = await user.post(`/v1/me/social-accounts/${id}/verify`).expect(422);
    expect(html.body.error).toMatchObject({ details: { reason: 'not_a_server' } });
    mastodon.htmlOnly = false;

    await user.post(`/v1/me/social-accounts/${id}/verify`).expect(200);
    const row = await accountRow(id);
    expect(row).toMatchObject({
      status: 'verified',
      handle: 'lena@mastodon.example',
      native_id: 'lena@mastodon.example',
    });
    expect(row.sync_state).toMatchObject({
      host: 'mastodon.example',
      localId: lena.id,
      domain: 'mastodon.example',
    });
  });

  it('resumes a Mastodon sync cut by the rate limits from its last page, rescheduled, without losing or doubling anything', async () => {
    const user = await newInfluencer(app);
    const { id, token } = await connect(user, 'mastodon', 'rita@mastodon.example');
    const rita = mastodon.addAccount('rita', { note: token });
    await user.post(`/v1/me/social-accounts/${id}/verify`).expect(200);
    const start = now();
    // 100 posts (3 status pages), the newest with 45 favourites (2 pages), 3 reblogs, 2 replies.
    const posts = Array.from({ length: 100 }, (_, i) =>
      mastodon.post(rita, new Date(start - (80 - i * 0.7) * DAY)),
    );
    const fans = Array.from({ length: 45 }, (_, i) => mastodon.addAccount(`rfan${i}`));
    const top = posts[99];
    for (const fan of fans) mastodon.favourite(top, fan);
    for (const fan of fans.slice(0, 3)) mastodon.reblog(top, fan);
    mastodon.post(fans[5], new Date(start - 1000), top);
    mastodon.post(fans[6], new Date(start - 500), top);
    mastodon.requests.length = 0;
    const before = await interactions();

    const sync = app.app.get(SocialSyncService);
    const sent: Array<{ startAfter: Date; resumesAt: Date }> = [];
    let outcome = await sync.syncById(id);
    for (let round = 0; outcome && !outcome.ok && round < 30; round++) {
      expect(outcome).toMatchObject({ ok: false, error: 'rate_limited' });
      const resumesAt = outcome.resumesAt!;
      // Rescheduled with pg-boss startAfter, for when the window resets (up to 15 minutes away).
      const [job] = await app.dataSource.query(
        `SELECT start_after FROM pgboss.job WHERE name = $1 AND data->>'accountId' = $2 ORDER BY created_on DESC LIMIT 1`,
        [SOCIAL_SYNC, id],
      );
      sent.push({ startAfter: job.start_after, resumesAt });
      const state = (await accountRow(id)).sync_state;
      expect(state?.run).toBeDefined(); // progress saved up to the last page
      app.clock.advance(resumesAt.getTime() - now() + 1000);
      outcome = (await sync.syncById(id))!;
    }
    expect(outcome).toMatchObject({ ok: true });
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const s of sent) expect(Math.abs(s.startAfter.getTime() - s.resumesAt.getTime())).toBeLessThan(2000);
    // The waits came from X-RateLimit-Reset (the fake sends no Retry-After), some a paging window away.
    expect(
      sent.some((s, i) => i > 0 && s.resumesAt.getTime() - sent[i - 1].resumesAt.getTime() > 5 * 60_000),
    ).toBe(true);

    // Every interaction exactly once…
    expect((await interactions()) - before).toBe(100 + 45 + 3 + 2);
    // …and no page read twice: each page answered 200 once (429s aside).
    const ok = (pattern: RegExp): string[] =>
      mastodon
        .requestsTo(pattern)
        .filter((r) => r.status === 200)
        .map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`);
    const statusPages = ok(/^\/api\/v1\/accounts\/\d+\/statuses$/);
    expect(statusPages).toHaveLength(3);
    expect(new Set(statusPages).size).toBe(3);
    expect(ok(new RegExp(`/${top.id}/favourited_by$`))).toHaveLength(2);
    expect(new Set(ok(/\/context$/)).size).toBe(ok(/\/context$/).length);
    const row = await accountRow(id);
    expect(row.sync_state?.run).toBeUndefined();
    expect(row.sync_state?.lastError).toBeUndefined();
    expect(row.sync_state?.newestStatusId).toBe(top.id);
  });

  it('keeps syncing a renamed Bluesky account under its DID, and never stores handle.invalid', async () => {
    const user = await newInfluencer(app);
    const { id, token } = await connect(user, 'bluesky', 'nora.bsky.social');
    const nora = bluesky.addAccount('nora.bsky.social', { description: `hi ${token}` });
    const fan = bluesky.addAccount('nfan.bsky.social');
    await user.post(`/v1/me/social-accounts/${id}/verify`).expect(200);
    const sync = app.app.get(SocialSyncService);
    const first = bluesky.post(nora, new Date(now() - DAY));
    expect(await sync.syncById(id)).toMatchObject({ ok: true, accepted: 1 });

    bluesky.rename(nora, 'nora.example.com');
    bluesky.like(first, fan, new Date(now() - 1000));
    const second = await sync.syncById(id);
    expect(second).toMatchObject({ ok: true, accepted: 1 });
    expect(await accountRow(id)).toMatchObject({ handle: 'nora.example.com', native_id: nora.did });
    // Looked up by DID, not by the (old) handle.
    expect(bluesky.requestsTo('app.bsky.actor.getProfile').at(-1)!.params.actor).toBe(nora.did);

    bluesky.invalidateHandle(nora);
    bluesky.post(nora, new Date(now() - 500));
    expect(await sync.syncById(id)).toMatchObject({ ok: true, accepted: 1 });
    expect((await accountRow(id)).handle).toBe('nora.example.com');
  });

  it("tells the member when Bluesky's cache hides a fresh token, and checks again by itself", async () => {
    const user = await newInfluencer(app);
    const { id, token } = await connect(user, 'bluesky', 'cache.bsky.social');
    const account = bluesky.addAccount('cache.bsky.social', { description: 'not yet' });
    const res = await user.post(`/v1/me/social-accounts/${id}/verify`).expect(422);
    expect(res.body.error).toMatchObject({
      code: 'verification_failed',
      details: { reason: 'token_not_found' },
    });
    expect(res.body.error.message).toMatch(/few minutes/);
    expect(res.body.error.message).toMatch(/checks again by itself/);
    const [job] = await app.dataSource.query(
      `SELECT data, start_after FROM pgboss.job WHERE name = $1 AND data->>'accountId' = $2`,
      [SOCIAL_VERIFY, id],
    );
    expect(job.data).toEqual({ accountId: id, attempt: 1 });
    expect(job.start_after.getTime()).toBeGreaterThan(Date.now() + 60_000);

    // The cache catches up; the scheduled check verifies the account without the member.
    account.description = `now ${token}`;
    const processor = app.app.get(SocialVerifyProcessor);
    expect(await processor.handle({ accountId: id, attempt: 1 })).toEqual({ outcome: 'verified' });
    expect((await accountRow(id)).status).toBe('verified');
  });

  it('shares one per-host request budget between parallel workers (Postgres)', async () => {
    const budgets = app.app.get(SocialHostBudgets);
    const limits = { requests: 7, windowSeconds: 300, paging: { requests: 3, windowSeconds: 900 } };
    // 20 requests at once over the pool's parallel connections: exactly 7 go through.
    const before = app.clock.now().getTime();
    const waits = await Promise.all(
      Array.from({ length: 20 }, () => budgets.take('budget.example', false, limits)),
    );
    // Each call reads the running clock itself: a refused one may have read it a few ms before
    // the call that opened the window, so the bound allows for the calls' spread.
    const spread = app.clock.now().getTime() - before;
    expect(waits.filter((w) => w === 0)).toHaveLength(7);
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeLessThanOrEqual(300_000 + spread);
    // Paging requests also spend the paging budget (3 per 15 minutes).
    const paging = await Promise.all(
      Array.from({ length: 6 }, () => budgets.take('paging.example', true, limits)),
    );
    expect(paging.filter((w) => w === 0)).toHaveLength(3);
    // A host that said "stop until …" stops every worker until then; the next window is fresh.
    await budgets.block('blocked.example', now() + 600_000);
    expect(await budgets.take('blocked.example', false, limits)).toBeGreaterThan(590_000);
    app.clock.advance(901_000);
    expect(await budgets.take('budget.example', false, limits)).toBe(0);
    expect(await budgets.take('blocked.example', false, limits)).toBe(0);
  });
});
