import { ScoringRunRepository, ScoringRunService } from '@perkrank/scores';
import { MODEL_V1, type ModelChangeReport } from '@perkrank/scoring';
import {
  insertSocialAccount,
  newInfluencer,
  type Client,
  until,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';

const TOKEN = 'ingest-token-for-scoring-tests-0123';
const DAY = 86_400_000;

describe('scoring runs (API)', () => {
  const t = useTestApp({ jobs: 'worker', env: { INGEST_TOKEN: TOKEN } });
  const admin = useAdmin(t);

  const ingest = (events: object[]) =>
    t.http
      .post('/v1/ingest/interactions')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ events })
      .expect(200);
  let seq = 0;
  const engage = (actor: string, target: string, kind: string, daysAgo = 3): object => ({
    eventId: `design-${seq++}`,
    network: 'x',
    kind,
    actor: { id: actor },
    target: { id: target },
    occurredAt: new Date(t.clock.now().getTime() - daysAgo * DAY).toISOString(),
  });
  const runToEnd = async (): Promise<Record<string, unknown>> => {
    const queued = await admin.post('/v1/admin/scoring/runs').expect(202);
    expect(queued.body).toEqual({ id: expect.any(String) });
    return until(async () => {
      const res = await admin.get(`/v1/admin/scoring/runs/${queued.body.id}`).expect(200);
      return ['succeeded', 'failed'].includes(res.body.status)
        ? (res.body as Record<string, unknown>)
        : undefined;
    }, 'the scoring run');
  };

  let members: Record<'a' | 'b' | 'c' | 'd' | 'n', Client>;
  let nativeIds: Record<string, string>;

  it('scores a designed graph: more distinct engagers and more shares rank higher', async () => {
    const make = async (consent: boolean): Promise<Client> => newInfluencer(t, { scoringConsent: consent });
    members = {
      a: await make(true),
      b: await make(true),
      c: await make(true),
      d: await make(true),
      n: await make(false),
    };
    nativeIds = {};
    for (const [name, client] of Object.entries(members)) {
      const account = await insertSocialAccount(t, client, { network: 'x', handle: `design_${name}_${seq}` });
      nativeIds[name] = account.nativeId!;
    }
    const events: object[] = [];
    for (let i = 0; i < 30; i++)
      events.push(engage(`fan-${i}`, nativeIds.a, 'share'), engage(`fan-${i}`, nativeIds.a, 'like', 5));
    for (let i = 0; i < 15; i++) events.push(engage(`fan-${i + 30}`, nativeIds.b, 'like'));
    for (let i = 0; i < 3; i++) events.push(engage(`fan-${i + 60}`, nativeIds.c, 'like'));
    for (let i = 0; i < 50; i++) events.push(engage(`fan-${i + 70}`, nativeIds.n, 'share'));
    // The non-consenting member engages too: they are an actor like any other, never scored.
    events.push(engage(nativeIds.n, nativeIds.b, 'reply'));
    const res = await ingest(events);
    expect(res.body.accepted).toBe(events.length);

    const run = await runToEnd();
    expect(run).toMatchObject({
      status: 'succeeded',
      progress: 1,
      members: 4,
      phases: {
        load: expect.any(Number),
        aggregate: expect.any(Number),
        compute: expect.any(Number),
        write: expect.any(Number),
      },
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(run.edges).toBe(30 + 15 + 3 + 50 + 1);

    // Through the API, each member reads their own score.
    const score = async (c: Client): Promise<number> =>
      (await c.get('/v1/me/score').expect(200)).body.score as number;
    const [a, b, c, d] = [
      await score(members.a),
      await score(members.b),
      await score(members.c),
      await score(members.d),
    ];
    expect(a).toBeGreaterThan(b);
    expect(b).toBeGreaterThan(c);
    expect(c).toBeGreaterThan(d);
    const mine = await members.a.get('/v1/me/score').expect(200);
    expect(mine.body.modelVersion).toBe('v2');
    const points = Object.values(mine.body.components as Record<string, { points: number }>).reduce(
      (s, x) => s + x.points * 10,
      0,
    );
    expect(Math.round(points)).toBe(Math.round(a * 10));

    // The member without consent got nothing and appears in no output.
    const none = await members.n.get('/v1/me/score').expect(404);
    expect(none.body.error.code).toBe('score_not_available');
    const rows = await t.dataSource.query('SELECT user_id, score FROM member_scores ORDER BY score DESC');
    expect(rows.map((r: { user_id: string }) => r.user_id)).toEqual([
      members.a.id,
      members.b.id,
      members.c.id,
      members.d.id,
    ]);
    const snapshots = await t.dataSource.query('SELECT user_id FROM score_snapshots WHERE run_id = $1', [
      run.id,
    ]);
    expect(snapshots.map((r: { user_id: string }) => r.user_id)).not.toContain(members.n.id);
    expect(JSON.stringify(run)).not.toContain(members.n.id);
  });

  it('reports a model change, limits each member’s step by the moving average, and tells members', async () => {
    const service = t.app.get(ScoringRunService);
    const v1 = await service.runNow('cli', { model: MODEL_V1 });
    expect(v1).toMatchObject({ status: 'succeeded', modelVersion: 'v1' });
    // The v1 run follows v2 scores, so it reports that change too; the next one goes back to v2.
    expect(v1.stats?.modelChange).toMatchObject({ from: 'v2', to: 'v1' });
    const before = new Map<string, number>(
      (await t.dataSource.query('SELECT user_id, score FROM member_scores')).map(
        (r: { user_id: string; score: number }) => [r.user_id, r.score],
      ),
    );
    const run = await runToEnd();
    expect(run).toMatchObject({ status: 'succeeded', modelVersion: 'v2' });
    const change = (run.stats as { modelChange: ModelChangeReport }).modelChange;
    expect(change).toMatchObject({ from: 'v1', to: 'v2', members: 4 });
    expect(change.published).toEqual({
      p1: expect.any(Number),
      p10: expect.any(Number),
      p50: expect.any(Number),
      p90: expect.any(Number),
      p99: expect.any(Number),
      meanAbsolute: expect.any(Number),
      beyond5: expect.any(Number),
    });
    expect(change.bands.reduce((n, b) => n + b.members, 0)).toBe(4);
    expect(change.risers).toHaveLength(2);
    expect(change.fallers).toHaveLength(2);
    expect(JSON.stringify(change)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Each member's published score moved by the moving average's step, never the whole way.
    const snapshots: Array<{ user_id: string; score: number }> = await t.dataSource.query(
      'SELECT user_id, score FROM score_snapshots WHERE run_id = $1',
      [run.id],
    );
    for (const s of snapshots) {
      const previous = before.get(s.user_id)!;
      const mover = [...change.risers, ...change.fallers].find((m) => m.previousScore === previous);
      if (mover) expect(mover.published).toBeCloseTo(0.3 * mover.daily + 0.7 * previous, 0);
    }
    const history = await members.a.get('/v1/me/score/history?days=1').expect(200);
    expect(history.body.data).toEqual([
      expect.objectContaining({ modelUpdate: expect.objectContaining({ from: 'v1', to: 'v2' }) }),
    ]);
  });

  it('drops a member who withdrew consent from the next run', async () => {
    await t.dataSource.query('UPDATE users SET scoring_consent = false WHERE id = $1', [members.d.id]);
    const run = await runToEnd();
    expect(run).toMatchObject({ status: 'succeeded', members: 3 });
    const rows = await t.dataSource.query('SELECT user_id FROM member_scores');
    expect(rows.map((r: { user_id: string }) => r.user_id).sort()).toEqual(
      [members.a.id, members.b.id, members.c.id].sort(),
    );
    await t.dataSource.query('UPDATE users SET scoring_consent = true WHERE id = $1', [members.d.id]);
  });

  it('leaves the previous scores in place when a run fails', async () => {
    const before = await t.dataSource.query(
      'SELECT user_id, score, run_id FROM member_scores ORDER BY user_id',
    );
    await t.dataSource.query(
      `CREATE FUNCTION fail_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
    );
    await t.dataSource.query(
      'CREATE TRIGGER fail_snapshots BEFORE INSERT ON score_snapshots FOR EACH STATEMENT EXECUTE FUNCTION fail_snapshots()',
    );
    try {
      const run = await runToEnd();
      expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('disk full') });
    } finally {
      await t.dataSource.query('DROP TRIGGER fail_snapshots ON score_snapshots');
      await t.dataSource.query('DROP FUNCTION fail_snapshots()');
    }
    expect(
      await t.dataSource.query('SELECT user_id, score, run_id FROM member_scores ORDER BY user_id'),
    ).toEqual(before);
  });

  it('runs one at a time, reports interrupted runs, and is admin-only', async () => {
    const service = t.app.get(ScoringRunService);
    const queued = await service.create('admin');
    const busy = await admin.post('/v1/admin/scoring/runs').expect(409);
    expect(busy.body.error).toMatchObject({ code: 'scoring_run_in_progress', details: { runId: queued.id } });
    // A run whose process died: its heartbeat stopped, so it reads as failed and blocks nobody.
    await t.dataSource.query(
      `UPDATE scoring_runs SET status = 'running', started_at = now() - interval '1 hour', heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [queued.id],
    );
    const dead = await admin.get(`/v1/admin/scoring/runs/${queued.id}`).expect(200);
    expect(dead.body).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
    const next = await runToEnd();
    expect(next.status).toBe('succeeded');
    const stored = await t.dataSource.query('SELECT status FROM scoring_runs WHERE id = $1', [queued.id]);
    expect(stored[0].status).toBe('failed');

    const list = await admin.get('/v1/admin/scoring/runs?limit=2').expect(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.hasMore).toBe(true);
    await members.a.post('/v1/admin/scoring/runs').expect(403);
    await members.a.get(`/v1/admin/scoring/runs/${queued.id}`).expect(403);
    await admin.get('/v1/admin/scoring/runs/00000000-0000-7000-8000-000000000000').expect(404);
  });
  it('finishes a run left running by a dead worker once, and publishes its scores once', async () => {
    const service = t.app.get(ScoringRunService);
    const runs = t.app.get(ScoringRunRepository);
    const done = await service.runNow('cli');
    expect(done.status).toBe('succeeded');
    const published = async () =>
      (
        await t.dataSource.query(
          'SELECT (SELECT count(*)::int FROM score_snapshots WHERE run_id = $1) AS snapshots, (SELECT count(*)::int FROM member_scores WHERE run_id = $1) AS scores',
          [done.id],
        )
      )[0] as { snapshots: number; scores: number };
    const before = await published();
    expect(before.scores).toBeGreaterThan(0);
    // Its worker died after publishing and before marking it succeeded.
    await t.dataSource.query(`UPDATE scoring_runs SET status = 'running' WHERE id = $1`, [done.id]);

    // While a live process holds the run lock, the run is not orphaned: recovery leaves it alone.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = runs.withRunLock(async () => {
      locked();
      await held;
    });
    await lockTaken;
    expect(await runs.runLockHeld()).toBe(true);
    expect(await service.recoverInterrupted()).toBeNull();
    release();
    await holder;

    expect(await runs.runLockHeld()).toBe(false);
    expect(await service.recoverInterrupted()).toBe(done.id);
    const after = await t.dataSource.query('SELECT status FROM scoring_runs WHERE id = $1', [done.id]);
    expect(after[0].status).toBe('succeeded');
    expect(await published()).toEqual(before);
    expect(await service.recoverInterrupted()).toBeNull();
  });

  it('publishes each snapshot’s breakdown, adjustments and tips as the JSON of what the run computed', async () => {
    const service = t.app.get(ScoringRunService);
    const runs = t.app.get(ScoringRunRepository);
    const run = await service.create('cli');
    // The run writes this JSON by hand: strings that need escaping (COPY's and JSON's), numbers
    // that JSON.stringify writes in exponent form or as null, and empty lists.
    const tricky = 'tab\there, a "quote", a back\\slash, a new\nline, \u00e9t\u00e9 \u{1f600}';
    const published: Parameters<ScoringRunRepository['publish']>[3] = [
      {
        userId: members.a.id,
        score: 61.2,
        percentile: 97.5,
        components: {
          network: { value: 1.2345678901234567, points: 20.1, percentile: 99.99 },
          engagement: { value: 1e-7, points: 21.1, percentile: 50 },
          amplification: { value: 1.5e21, points: 10, percentile: 0 },
          reach: { value: Number.NaN, points: 10, percentile: -0 },
        },
        adjustments: [
          { kind: 'reciprocity-ring', factor: 0.75, reason: tricky },
          { kind: 'mass-following', factor: 0.85, reason: 'plain' },
        ],
        tips: [tricky, 'Your posts are liked but rarely shared.'],
      },
      {
        userId: members.b.id,
        score: 40,
        percentile: 50,
        components: { network: { value: 0, points: 40, percentile: 50 } },
        adjustments: [],
        tips: [],
      },
      // Without consent: left out, and counted out.
      { userId: members.n.id, score: 10, percentile: 5, components: {}, adjustments: [], tips: [] },
    ];
    expect(await runs.publish(run.id, run.asOf, 'v2', published)).toBe(2);
    const rows: Array<{ user_id: string; components: unknown; adjustments: unknown; tips: unknown }> =
      await t.dataSource.query(
        'SELECT user_id, components, adjustments, tips FROM score_snapshots WHERE run_id = $1 ORDER BY score DESC',
        [run.id],
      );
    expect(rows).toEqual(
      published.slice(0, 2).map((p) => ({
        user_id: p.userId,
        ...(JSON.parse(
          JSON.stringify({ components: p.components, adjustments: p.adjustments, tips: p.tips }),
        ) as object),
      })),
    );
    // member_scores holds what this run published, and only that.
    const scores = await t.dataSource.query(
      'SELECT user_id, score, run_id FROM member_scores ORDER BY score DESC',
    );
    expect(scores).toEqual([
      { user_id: members.a.id, score: expect.closeTo(61.2, 4), run_id: run.id },
      { user_id: members.b.id, score: 40, run_id: run.id },
    ]);
  });
});
