import { WorldWriter, worldEmail } from '@perkrank/demo';
import { ScoringRunService } from '@perkrank/scores';
import { CURRENT_MODEL, EdgeAggregator, generateWorld, scorePopulation } from '@perkrank/scoring';
import { useTestApp } from '@perkrank/testing';

const OPTIONS = { members: 300, actors: 1500, events: 40_000, seed: 11 };

describe('generated world → database → scoring run', () => {
  const t = useTestApp();

  it('stores the world and scores it as the engine scores the world itself', async () => {
    const now = new Date(Math.floor(t.clock.now().getTime() / 1000) * 1000);
    const progress: string[] = [];
    const summary = await t.app
      .get(WorldWriter)
      .write({ ...OPTIONS, now, batchSize: 15_000, onProgress: (p) => progress.push(p.phase) });
    expect(summary).toMatchObject({ members: 300, events: 40_000, accepted: 40_000, duplicates: 0 });
    expect(progress).toContain('interactions');
    await expect(t.app.get(WorldWriter).write({ ...OPTIONS, now })).rejects.toThrow(/already/);

    // One member withdraws before the run: they get no score, everyone else does.
    const [withdrawn] = await t.dataSource.query(
      'UPDATE users SET scoring_consent = false WHERE email = $1 RETURNING id',
      [worldEmail(OPTIONS.seed, 5)],
    );
    const run = await t.app.get(ScoringRunService).runNow('cli', { asOf: now });
    expect(run).toMatchObject({ status: 'succeeded', members: 299, interactions: 40_000 });
    const distribution = (run.stats as { distribution: { p50: number } }).distribution;
    expect(Math.abs(distribution.p50 - 40)).toBeLessThanOrEqual(2);

    const rows: Array<{ email: string; score: number }> = await t.dataSource.query(
      `SELECT u.email, ms.score FROM member_scores ms JOIN users u ON u.id = ms.user_id`,
    );
    expect(rows.find((r) => r.email === worldEmail(OPTIONS.seed, 5))).toBeUndefined();
    expect(
      (await t.dataSource.query('SELECT 1 FROM score_snapshots WHERE user_id = $1', [withdrawn.id])).length,
    ).toBe(0);

    // The engine on the same world, without member 5: the same scores up to rounding (the
    // database only knows actors that appear in the window, and numbers nodes its own way).
    const world = generateWorld({ ...OPTIONS, now: now.getTime() });
    const aggregator = new EdgeAggregator({
      nodeCount: world.nodeCount,
      now: now.getTime(),
      model: CURRENT_MODEL,
    });
    for (const batch of world.batches()) aggregator.addBatch(batch);
    const keep = Array.from(world.accounts.member, (m) => m !== 5);
    const pick = (column: Float64Array): Float64Array => column.filter((_, k) => keep[k]);
    const members = Int32Array.from([...world.members].filter((m) => m !== 5));
    const expected = scorePopulation(
      {
        interactions: aggregator.finish(),
        members,
        accounts: {
          member: Int32Array.from(
            [...world.accounts.member].filter((m) => m !== 5),
            (m) => (m > 5 ? m - 1 : m),
          ),
          followers: pick(world.accounts.followers),
          following: pick(world.accounts.following),
          posts: pick(world.accounts.posts),
          spikeFollowers: pick(world.accounts.spikeFollowers),
        },
      },
      { model: CURRENT_MODEL },
    );
    const byEmail = new Map(rows.map((r) => [r.email, r.score]));
    let worst = 0;
    let same = 0;
    for (const m of expected.members) {
      const member = members[m.member];
      const stored = byEmail.get(worldEmail(OPTIONS.seed, member))!;
      worst = Math.max(worst, Math.abs(stored - m.score));
      if (Math.abs(stored - m.score) < 0.05) same++;
    }
    expect(worst).toBeLessThanOrEqual(0.5);
    expect(same / expected.members.length).toBeGreaterThan(0.9);
  });

  it('gives the same scores again for the same stored interactions, bit for bit', async () => {
    const last = (
      await t.dataSource.query('SELECT as_of FROM scoring_runs ORDER BY created_at DESC LIMIT 1')
    )[0].as_of as Date;
    const before: Array<{ user_id: string; score: number; percentile: number }> = await t.dataSource.query(
      'SELECT user_id, score, percentile FROM member_scores ORDER BY user_id',
    );
    // No moving average against the previous run, so both runs are computed from the same inputs.
    await t.dataSource.query('DELETE FROM member_scores');
    const again = await t.app.get(ScoringRunService).runNow('cli', { asOf: last });
    expect(again.status).toBe('succeeded');
    expect(
      await t.dataSource.query('SELECT user_id, score, percentile FROM member_scores ORDER BY user_id'),
    ).toEqual(before);
  });
});
