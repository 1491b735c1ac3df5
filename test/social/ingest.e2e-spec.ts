import { MAX_WINDOW_DAYS } from '@perkrank/scoring';
import { INTERACTIONS_MAINTENANCE, InteractionMaintenanceProcessor, Pseudonymizer } from '@perkrank/social';
import { dumpPublicTables, insertSocialAccount, newInfluencer, useTestApp } from '@perkrank/testing';

const TOKEN = 'ingest-token-for-tests-0123456789';
const DAY = 86_400_000;

interface Row {
  partition: string;
  actor_key: string;
  target_key: string;
  kind: number;
}

describe('interaction ingestion (API)', () => {
  const t = useTestApp({ env: { INGEST_TOKEN: TOKEN } });

  const ingest = (body: unknown) =>
    t.http
      .post('/v1/ingest/interactions')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(body as object);
  const ago = (days: number): string => new Date(t.clock.now().getTime() - days * DAY).toISOString();
  let seq = 0;
  const event = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    eventId: `ev-${process.pid}-${seq++}`,
    network: 'x',
    kind: 'like',
    actor: { id: `fan-${seq}` },
    target: { id: 'star' },
    occurredAt: ago(3),
    ...overrides,
  });
  const stored = async (): Promise<Row[]> =>
    t.dataSource.query(
      `SELECT tableoid::regclass::text AS partition, actor_key::text, target_key::text, kind FROM interactions`,
    );

  it('takes only the service token', async () => {
    await t.http.post('/v1/ingest/interactions').send({ events: [] }).expect(401);
    const wrong = await t.http
      .post('/v1/ingest/interactions')
      .set('Authorization', 'Bearer not-the-token-not-the-token')
      .send({ events: [] })
      .expect(401);
    expect(wrong.body.error.code).toBe('invalid_ingest_token');
    const user = await newInfluencer(t);
    await user.post('/v1/ingest/interactions', { events: [] }).expect(401);
  });

  it('stores the good events of a batch and rejects the bad ones one by one, with codes', async () => {
    const before = (await stored()).length;
    const { actor, target, ...withoutParties } = event();
    void actor;
    void target;
    const batch = [
      event({ kind: 'share' }),
      { ...withoutParties, eventId: 'missing-parties' },
      event({ kind: 'retweet' }),
      event({ occurredAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }),
      event({ network: 'myspace' }),
      event({ occurredAt: ago(MAX_WINDOW_DAYS + 1) }),
      event({ occurredAt: 'yesterday' }),
      event({ colour: 'blue' }),
      event({ eventId: '' }),
      'not an object',
      event({ kind: 'reply', actor: { id: 'someone', handle: '@Someone' } }),
      event({ occurredAt: '2025-01-01T00:00:00' }),
      event({ eventId: 'x'.repeat(256) }),
      event({ actor: { id: 'a'.repeat(10_000) } }),
    ];
    const res = await ingest({ events: batch }).expect(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.duplicates).toBe(0);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'missing_field'],
      [2, 'unknown_kind'],
      [3, 'future_timestamp'],
      [4, 'unknown_network'],
      [5, 'outside_window'],
      [6, 'invalid_field'],
      [7, 'unknown_field'],
      [8, 'missing_field'],
      [9, 'invalid_item'],
      [11, 'invalid_field'],
      [12, 'invalid_field'],
      [13, 'invalid_field'],
    ]);
    // Messages name the field, never echo what was sent.
    expect(JSON.stringify(res.body.rejected)).not.toContain('myspace');
    expect(JSON.stringify(res.body.rejected)).not.toContain('yesterday');
    const rows = await stored();
    expect(rows.length - before).toBe(2);
    expect(rows.every((r) => /^interactions_w\d{8}$/.test(r.partition))).toBe(true);
  });

  it('counts re-sent event ids as duplicates, across weeks and within a batch', async () => {
    const first = event({ occurredAt: ago(40) });
    const res1 = await ingest({ events: [first, event(), { ...event(), eventId: first.eventId }] }).expect(
      200,
    );
    expect(res1.body).toMatchObject({ accepted: 2, duplicates: 1 });
    // The same id again, now claiming another week: still the same event.
    const res2 = await ingest({ events: [{ ...first, occurredAt: ago(2) }] }).expect(200);
    expect(res2.body).toMatchObject({ accepted: 0, duplicates: 1 });
    // The same id on another network is another event.
    const res3 = await ingest({ events: [{ ...first, network: 'tiktok' }] }).expect(200);
    expect(res3.body).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('refuses an oversized batch or a malformed envelope as a whole, storing nothing', async () => {
    const before = (await stored()).length;
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      eventId: `big-${i}`,
      network: 'x',
      kind: 'like',
      actor: { id: `a${i}` },
      target: { id: 'b' },
      occurredAt: ago(1),
    }));
    const big = await ingest({ events: many }).expect(413);
    expect(big.body.error).toMatchObject({ type: 'invalid_request_error', code: 'batch_too_large' });
    const noEvents = await ingest({ items: [] }).expect(400);
    expect(noEvents.body.error.code).toBe('validation_failed');
    expect(Object.keys(noEvents.body.error.details.fields).sort()).toEqual(['events', 'items']);
    await ingest({ events: {} }).expect(400);
    await ingest([event()]).expect(400);
    expect((await stored()).length).toBe(before);
  });

  it("keeps only keyed hashes of the parties, and updates members' accounts by id or by handle", async () => {
    const member = await newInfluencer(t);
    const byId = await insertSocialAccount(t, member, { network: 'x', handle: `member_${seq}` });
    const byHandle = await insertSocialAccount(t, member, { network: 'instagram', handle: `insta.${seq}` });
    await t.dataSource.query('UPDATE social_accounts SET native_id = NULL WHERE id = $1', [byHandle.id]);
    const res = await ingest({
      events: [
        event({
          network: 'x',
          actor: { id: 'secret-actor-42', handle: 'SecretHandle' },
          target: { id: byId.nativeId },
        }),
        event({
          network: 'instagram',
          actor: { id: 'fan-77' },
          target: { id: 'insta-native-9', handle: byHandle.handle },
        }),
      ],
      accounts: [
        { network: 'x', id: byId.nativeId, followers: 5000, following: 10, posts: 30 },
        { network: 'youtube', id: 'not-a-member', followers: 1, following: 1, posts: 1 },
        { network: 'x', id: 'bad', followers: -1, following: 1, posts: 1 },
      ],
    }).expect(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.accounts).toMatchObject({
      received: 3,
      updated: 1,
      rejected: [{ index: 2, code: 'invalid_field' }],
    });
    const [x] = await t.dataSource.query('SELECT followers, posts FROM social_accounts WHERE id = $1', [
      byId.id,
    ]);
    expect(x).toEqual({ followers: 5000, posts: 30 });
    const [insta] = await t.dataSource.query('SELECT native_id FROM social_accounts WHERE id = $1', [
      byHandle.id,
    ]);
    expect(insta.native_id).toBe('insta-native-9');
    const series = await t.dataSource.query(
      'SELECT followers FROM social_account_stats WHERE account_id = $1',
      [byId.id],
    );
    expect(series).toEqual([{ followers: 5000 }]);

    const pseudonyms = t.app.get(Pseudonymizer);
    const rows = await stored();
    const key = (network: string, id: string): string => pseudonyms.actorBigInt(network, id).toString();
    expect(rows).toContainEqual(
      expect.objectContaining({
        actor_key: key('x', 'secret-actor-42'),
        target_key: key('x', byId.nativeId!),
      }),
    );
    const dump = await dumpPublicTables(t);
    expect(dump.filter((l) => /secret-actor-42|secrethandle|fan-77/i.test(l))).toEqual([]);
  });

  it('writes nothing of a batch whose transaction fails', async () => {
    const member = await newInfluencer(t);
    const account = await insertSocialAccount(t, member, { network: 'x', handle: `fail_${seq}` });
    await t.dataSource.query(
      `CREATE FUNCTION fail_stats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`,
    );
    await t.dataSource.query(
      'CREATE TRIGGER fail_stats BEFORE INSERT ON social_account_stats FOR EACH ROW EXECUTE FUNCTION fail_stats()',
    );
    const before = (await stored()).length;
    const ids = (await t.dataSource.query('SELECT count(*)::int AS n FROM interaction_event_ids'))[0].n;
    try {
      const batch = [event(), event()];
      await ingest({
        events: batch,
        accounts: [{ network: 'x', id: account.nativeId, followers: 9, following: 9, posts: 9 }],
      }).expect(500);
      expect((await stored()).length).toBe(before);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM interaction_event_ids'))[0].n).toBe(
        ids,
      );
      const [row] = await t.dataSource.query('SELECT followers FROM social_accounts WHERE id = $1', [
        account.id,
      ]);
      expect(row.followers).toBe(1200);
      await t.dataSource.query('DROP TRIGGER fail_stats ON social_account_stats');
      // Sent again once the failure is gone, the same events are new, not duplicates.
      const retry = await ingest({ events: batch }).expect(200);
      expect(retry.body).toMatchObject({ accepted: 2, duplicates: 0 });
    } finally {
      await t.dataSource.query('DROP TRIGGER IF EXISTS fail_stats ON social_account_stats');
      await t.dataSource.query('DROP FUNCTION fail_stats()');
    }
  });

  it('keeps the window with weekly partitions: created ahead, dropped whole once too old', async () => {
    const job = t.app.get(InteractionMaintenanceProcessor);
    expect(INTERACTIONS_MAINTENANCE).toBe('social.interactions-maintenance');
    const first = await job.handle();
    const weeks = async (): Promise<string[]> =>
      (
        await t.dataSource.query(
          `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'interactions'::regclass AND c.relname <> 'interactions_default' ORDER BY 1`,
        )
      ).map((r: { relname: string }) => r.relname);
    const now = t.clock.now().getTime();
    const ahead = new Date(now + 14 * DAY).toISOString().slice(0, 10);
    expect((await weeks()).some((w) => w.slice(-8) >= ahead.replace(/-/g, ''))).toBe(true);
    expect(first.dropped).toEqual([]);
    const oldEvent = event({ occurredAt: ago(MAX_WINDOW_DAYS - 5) });
    await ingest({ events: [oldEvent] }).expect(200);
    const oldWeek = (await stored()).length;
    expect(oldWeek).toBeGreaterThan(0);

    t.clock.advance(30 * DAY);
    try {
      const later = await job.handle();
      expect(later.dropped.length).toBeGreaterThan(0);
      expect(later.eventIds).toBeGreaterThan(0);
      for (const name of later.dropped) expect(await weeks()).not.toContain(name);
      const oldest = (await weeks())[0];
      const cutoff = new Date(t.clock.now().getTime() - (MAX_WINDOW_DAYS + 1) * DAY);
      expect(
        Date.UTC(+oldest.slice(-8, -4), +oldest.slice(-4, -2) - 1, +oldest.slice(-2)) + 7 * DAY,
      ).toBeGreaterThan(cutoff.getTime());
    } finally {
      t.clock.reset();
    }
  });
});
