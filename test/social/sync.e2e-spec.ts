import { SOCIAL_SYNC, SocialSyncService } from '@perkrank/social';
import { newAdmin, newInfluencer, type Client, until } from '@perkrank/testing';
import { useConnectorsApp } from '../support/fakes/connectors';

const DAY = 86_400_000;

describe('social account sync (worker job)', () => {
  const { t, mastodon, bluesky } = useConnectorsApp({
    jobs: 'worker',
    env: { SOCIAL_SYNC_INTERVAL_MINUTES: '60' },
  });

  async function verifiedMastodon(user: Client, username: string): Promise<string> {
    const created = await user
      .post('/v1/me/social-accounts', { network: 'mastodon', handle: `${username}@mastodon.example` })
      .expect(201);
    mastodon.addAccount(username, { note: created.body.verification.token, followers_count: 700 });
    await user.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(200);
    return created.body.id as string;
  }

  const count = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM interactions'))[0].n as number;

  it('stores what a sync finds, survives a 429, and a second sync adds only what is new', async () => {
    const now = Date.now();
    const user = await newInfluencer(t);
    const accountId = await verifiedMastodon(user, 'sam');
    const sam = [...mastodon.accounts.values()].find((a) => a.username === 'sam')!;
    const fans = Array.from({ length: 12 }, (_, i) => mastodon.addAccount(`samfan${i}`));
    const posts = Array.from({ length: 50 }, (_, i) => mastodon.post(sam, new Date(now - (60 - i) * DAY)));
    fans.forEach((fan, i) => mastodon.favourite(posts[49 - (i % 3)], fan));
    mastodon.reblog(posts[49], fans[0]);
    mastodon.throttleOnce(/\/favourited_by$/, 1);

    const sync = t.app.get(SocialSyncService);
    const started = Date.now();
    const [first] = await sync.syncDue(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // waited the Retry-After
    expect(first).toMatchObject({ accountId, ok: true, accepted: 50 + 12 + 1 });
    expect(await count()).toBe(63);
    const [row] = await t.dataSource.query(
      'SELECT posts, followers, last_synced_at, sync_state FROM social_accounts WHERE id = $1',
      [accountId],
    );
    expect(row.posts).toBe(50);
    expect(row.followers).toBe(700);
    expect(row.last_synced_at).not.toBeNull();
    expect(row.sync_state.newestStatusId).toBe(posts[49].id);

    // Not due again before the interval…
    expect(await sync.syncDue(10)).toEqual([]);
    // …and afterwards only the new post and favourite are stored.
    t.clock.advance(61 * 60_000);
    try {
      const fresh = mastodon.post(sam, new Date(Date.now() + 1000));
      mastodon.favourite(fresh, fans[3]);
      const [second] = await sync.syncDue(10);
      expect(second).toMatchObject({ ok: true, accepted: 2 });
      expect(await count()).toBe(65);
    } finally {
      t.clock.reset();
    }
  });

  it('records a failing account and goes on with the others', async () => {
    const user = await newInfluencer(t);
    const created = await user
      .post('/v1/me/social-accounts', { network: 'bluesky', handle: 'gone.bsky.social' })
      .expect(201);
    const account = bluesky.addAccount('gone.bsky.social', { description: created.body.verification.token });
    await user.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(200);
    bluesky.accounts.delete(account.did);
    const outcomes = await t.app.get(SocialSyncService).syncDue(10);
    expect(outcomes.find((o) => o.accountId === created.body.id)).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    const [row] = await t.dataSource.query('SELECT sync_state FROM social_accounts WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.sync_state.lastError).toBe('not_found');
  });

  it('runs as the social.sync job', async () => {
    const user = await newInfluencer(t);
    const accountId = await verifiedMastodon(user, 'jobby');
    const jobby = [...mastodon.accounts.values()].find((a) => a.username === 'jobby')!;
    mastodon.post(jobby, new Date(Date.now() - DAY));
    const admin = await newAdmin(t);
    const enqueued = await admin.post('/v1/admin/jobs', { name: SOCIAL_SYNC }).expect(202);
    const done = await until(async () => {
      const res = await admin.get(`/v1/admin/jobs/${SOCIAL_SYNC}/${enqueued.body.id}`).expect(200);
      return res.body.state === 'completed' ? res.body : undefined;
    }, 'the sync job');
    expect(done.output.synced).toBeGreaterThanOrEqual(1);
    const [row] = await t.dataSource.query('SELECT posts FROM social_accounts WHERE id = $1', [accountId]);
    expect(row.posts).toBe(1);
  });
});
