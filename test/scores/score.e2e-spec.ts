import {
  insertSocialAccount,
  newAdmin,
  newInfluencer,
  newScoreSnapshot,
  useTestApp,
} from '@perkrank/testing';
import { ScoringRunService } from '@perkrank/scores';
import { Client } from 'pg';

const DAY = 86_400_000;

describe('member score (API)', () => {
  const t = useTestApp();

  it('answers 404 score_not_available before the first run that includes the member', async () => {
    const member = await newInfluencer(t, { scoringConsent: true });
    const res = await member.get('/v1/me/score').expect(404);
    expect(res.body.error).toMatchObject({ type: 'not_found_error', code: 'score_not_available' });
    const history = await member.get('/v1/me/score/history').expect(200);
    expect(history.body).toEqual({ data: [] });
    await t.http.get('/v1/me/score').expect(401);
    await t.http.get('/v1/me/score/history').expect(401);
  });

  it('serves the latest snapshot with its breakdown, adjustments and tips', async () => {
    const member = await newInfluencer(t, { scoringConsent: true });
    const now = t.clock.now();
    await newScoreSnapshot(t, member, { score: 31.2, computedAt: new Date(now.getTime() - 2 * DAY) });
    await newScoreSnapshot(t, member, {
      score: 57.3,
      percentile: 88.1,
      computedAt: now,
      adjustments: [
        { kind: 'mass_following', factor: 0.85, reason: 'Follows many more accounts than follow it' },
      ],
      tips: ['Your posts are liked but rarely shared.'],
    });
    const res = await member.get('/v1/me/score').expect(200);
    expect(res.body).toEqual({
      score: 57.3,
      percentile: 88.1,
      modelVersion: 'v1',
      computedAt: now.toISOString(),
      components: {
        network: { value: expect.any(Number), points: expect.any(Number) },
        engagement: { value: expect.any(Number), points: expect.any(Number) },
        amplification: { value: expect.any(Number), points: expect.any(Number) },
        reach: { value: expect.any(Number), points: expect.any(Number) },
      },
      adjustments: [
        { kind: 'mass_following', factor: 0.85, reason: 'Follows many more accounts than follow it' },
      ],
      tips: ['Your posts are liked but rarely shared.'],
    });
    const points = Object.values(res.body.components as Record<string, { points: number }>).reduce(
      (sum, c) => sum + c.points,
      0,
    );
    expect(points).toBeCloseTo(57.3, 5);
  });

  it('gives one point per day — the day’s last snapshot — oldest first, for the days asked', async () => {
    const member = await newInfluencer(t, { scoringConsent: true });
    const now = t.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const day = (offset: number, hour: number): Date => new Date(today - offset * DAY + hour * 3_600_000);
    const iso = (offset: number): string => new Date(today - offset * DAY).toISOString().slice(0, 10);
    await newScoreSnapshot(t, member, { score: 10, computedAt: day(120, 1) });
    await newScoreSnapshot(t, member, { score: 20, computedAt: day(89, 1) });
    await newScoreSnapshot(t, member, { score: 30, computedAt: day(5, 2) });
    await newScoreSnapshot(t, member, { score: 35, computedAt: day(5, 20) });
    await newScoreSnapshot(t, member, { score: 33, computedAt: day(5, 9) });
    await newScoreSnapshot(t, member, { score: 40, computedAt: day(0, 0) });

    const standard = await member.get('/v1/me/score/history').expect(200);
    expect(standard.body.data).toEqual([
      { date: iso(89), score: 20 },
      { date: iso(5), score: 35 },
      { date: iso(0), score: 40 },
    ]);
    const week = await member.get('/v1/me/score/history?days=7').expect(200);
    expect(week.body.data).toEqual([
      { date: iso(5), score: 35 },
      { date: iso(0), score: 40 },
    ]);
    const todayOnly = await member.get('/v1/me/score/history?days=1').expect(200);
    expect(todayOnly.body.data).toEqual([{ date: iso(0), score: 40 }]);
    const year = await member.get('/v1/me/score/history?days=365').expect(200);
    expect(year.body.data.map((p: { score: number }) => p.score)).toEqual([10, 20, 35, 40]);

    for (const bad of ['0', '366', 'abc', '7.5', '-3']) {
      const res = await member.get(`/v1/me/score/history?days=${bad}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields).toHaveProperty('days');
    }
    await member.get('/v1/me/score/history?days=7&extra=1').expect(400);
  });

  it('marks the day the scoring model changed as "model updated" in the history', async () => {
    const member = await newInfluencer(t, { scoringConsent: true });
    const now = t.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const day = (offset: number, hour: number): Date => new Date(today - offset * DAY + hour * 3_600_000);
    const iso = (offset: number): string => new Date(today - offset * DAY).toISOString().slice(0, 10);
    await newScoreSnapshot(t, member, { score: 50, computedAt: day(10, 1), modelVersion: 'v1' });
    await newScoreSnapshot(t, member, { score: 51, computedAt: day(3, 1), modelVersion: 'v1' });
    // The change happens in the day's first run; the day's last snapshot is what the day shows.
    await newScoreSnapshot(t, member, { score: 48, computedAt: day(2, 1), modelVersion: 'v2' });
    await newScoreSnapshot(t, member, { score: 47, computedAt: day(2, 5), modelVersion: 'v2' });
    await newScoreSnapshot(t, member, { score: 46, computedAt: day(1, 1), modelVersion: 'v2' });
    const history = await member.get('/v1/me/score/history?days=30').expect(200);
    expect(history.body.data).toEqual([
      { date: iso(10), score: 50 },
      { date: iso(3), score: 51 },
      {
        date: iso(2),
        score: 47,
        modelUpdate: {
          from: 'v1',
          to: 'v2',
          message: expect.stringMatching(
            /^Scoring model updated from v1 to v2 .*at most 30 % of the difference/,
          ),
        },
      },
      { date: iso(1), score: 46 },
    ]);
    // The change is marked even when the snapshot before it lies outside the days asked.
    const twoDays = await member.get('/v1/me/score/history?days=3').expect(200);
    expect(twoDays.body.data[0]).toMatchObject({ date: iso(2), modelUpdate: { from: 'v1', to: 'v2' } });
  });

  it('shows a member without consent no score and leaves them out of every output', async () => {
    const consenting = await newInfluencer(t, { scoringConsent: true });
    const declined = await newInfluencer(t);
    const before = await t.http.get('/v1/scoring/model').expect(200);
    await newScoreSnapshot(t, consenting, { score: 61 });
    // A stray row for the member who declined (say, a run that raced their withdrawal): readers must not serve it.
    await newScoreSnapshot(t, declined, { score: 77 });
    await declined.patch('/v1/me/privacy', { publicProfile: true }).expect(200);

    const res = await declined.get('/v1/me/score').expect(404);
    expect(res.body.error.code).toBe('score_not_available');
    expect((await declined.get('/v1/me/score/history').expect(200)).body).toEqual({ data: [] });
    const after = await t.http.get('/v1/scoring/model').expect(200);
    expect(after.body.populationSize).toBe(before.body.populationSize + 1);
    const profile = await t.http.get(`/v1/profiles/${declined.id}`).expect(200);
    expect(profile.body.score).toBeNull();
    expect(JSON.stringify(profile.body)).not.toContain('77');
  });
});

describe('published model (API)', () => {
  const t = useTestApp();

  it('publishes the model without authentication, with the scored population size', async () => {
    const empty = await t.http.get('/v1/scoring/model').expect(200);
    expect(empty.body).toMatchObject({
      version: 'v2',
      windowDays: 180,
      halfLifeDays: 180,
      perTargetDailyCap: 3,
      decay: expect.any(String),
      kindWeights: { like: 1, reply: 2, mention: 1.5, share: 3 },
      weights: { network: 0.15, engagement: 0.45, amplification: 0.2, reach: 0.2 },
      populationSize: 0,
      computedAt: null,
    });
    expect(empty.body.calibration.knots).toEqual([
      { percentile: 0, score: 1 },
      { percentile: 0.5, score: 40 },
      { percentile: 0.9, score: 60 },
      { percentile: 0.99, score: 75 },
      { percentile: 0.999, score: 85 },
      { percentile: 0.9999, score: 95 },
      { percentile: 1, score: 100 },
    ]);

    const members = await Promise.all([1, 2, 3].map(() => newInfluencer(t, { scoringConsent: true })));
    const at = t.clock.now();
    for (const m of members) {
      await newScoreSnapshot(t, m, { computedAt: new Date(at.getTime() - DAY) });
      await newScoreSnapshot(t, m, { computedAt: at });
    }
    const res = await t.http.get('/v1/scoring/model').expect(200);
    expect(res.body.populationSize).toBe(3);
    expect(res.body.computedAt).toBe(at.toISOString());

    // Withdrawing consent takes the member out of the population at once.
    await members[0].patch('/v1/me/privacy', { scoringConsent: false }).expect(200);
    expect((await t.http.get('/v1/scoring/model').expect(200)).body.populationSize).toBe(2);
  });

  it('serves the cached document until the population changes, whoever changes it', async () => {
    const first = await t.http.get('/v1/scoring/model').expect(200);
    const again = await t.http.get('/v1/scoring/model').expect(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.etag).toBe(first.headers.etag);
    await t.http.get('/v1/scoring/model').set('If-None-Match', first.headers.etag).expect(304);

    // A commit on a connection of its own, as another API process or the CLI would make it.
    const member = await newInfluencer(t, { scoringConsent: true });
    const at = new Date(t.clock.now().getTime() + DAY); // the latest computation of all
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query(
        `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
         VALUES ($1, 50, 50, 'v2', NULL, $2)`,
        [member.id, at],
      );
      const published = await t.http
        .get('/v1/scoring/model')
        .set('If-None-Match', first.headers.etag)
        .expect(200);
      expect(published.body.populationSize).toBe(first.body.populationSize + 1);
      expect(published.headers.etag).not.toBe(first.headers.etag);
      expect(published.text).toBe(
        JSON.stringify({
          ...JSON.parse(first.text),
          populationSize: first.body.populationSize + 1,
          computedAt: at,
        }),
      );

      // Consent is part of the population too.
      await other.query('UPDATE users SET scoring_consent = false WHERE id = $1', [member.id]);
      const withdrawn = await t.http.get('/v1/scoring/model').expect(200);
      expect(withdrawn.text).toBe(first.text);
      expect(withdrawn.headers.etag).toBe(first.headers.etag);
      await other.query('UPDATE users SET scoring_consent = true WHERE id = $1', [member.id]);
      expect((await t.http.get('/v1/scoring/model').expect(200)).body.populationSize).toBe(
        first.body.populationSize + 1,
      );
      await other.query('DELETE FROM member_scores WHERE user_id = $1', [member.id]);
      expect((await t.http.get('/v1/scoring/model').expect(200)).text).toBe(first.text);
    } finally {
      await other.end();
    }
  });

  it('shows the population of a scoring run as soon as the run has published', async () => {
    // The run replaces every published score: members without interactions in its window drop out.
    const before = await t.http.get('/v1/scoring/model').expect(200);
    expect(before.body.populationSize).toBeGreaterThan(0);
    const run = await t.app.get(ScoringRunService).runNow('cli', { asOf: t.clock.now() });
    expect(run.status).toBe('succeeded');
    const [{ n }]: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM published_scores_v`,
    );
    expect(n).not.toBe(before.body.populationSize);
    expect((await t.http.get('/v1/scoring/model').expect(200)).body.populationSize).toBe(n);
  });
});

describe('public profiles (API)', () => {
  const t = useTestApp();

  it('shows a profile only once its member makes it public, with score, topics and verified networks', async () => {
    const member = await newInfluencer(t, { scoringConsent: true, displayName: 'Mia Travels' });
    await member.patch('/v1/me', { topics: ['travel', 'food'], country: 'DE', city: 'Berlin' }).expect(200);
    await newScoreSnapshot(t, member, { score: 57.3 });
    await insertSocialAccount(t, member, { network: 'mastodon' });
    await insertSocialAccount(t, member, { network: 'bluesky' });
    await insertSocialAccount(t, member, { network: 'mastodon' });
    await insertSocialAccount(t, member, { network: 'youtube', status: 'pending_verification' });

    const hidden = await t.http.get(`/v1/profiles/${member.id}`).expect(404);
    const unknown = await t.http.get('/v1/profiles/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').expect(404);
    expect(hidden.body.error.code).toBe(unknown.body.error.code);
    expect(hidden.body.error.message).toBe(unknown.body.error.message);
    await t.http.get('/v1/profiles/not-a-uuid').expect(404);

    await member.patch('/v1/me/privacy', { publicProfile: true }).expect(200);
    const res = await t.http.get(`/v1/profiles/${member.id}`).expect(200);
    expect(res.body).toEqual({
      displayName: 'Mia Travels',
      score: 57.3,
      topics: ['travel', 'food'],
      networks: ['bluesky', 'mastodon'],
    });

    await member.patch('/v1/me/privacy', { publicProfile: false }).expect(200);
    await t.http.get(`/v1/profiles/${member.id}`).expect(404);
  });

  it('hides a suspended member’s profile', async () => {
    const admin = await newAdmin(t);
    const member = await newInfluencer(t);
    await member.patch('/v1/me/privacy', { publicProfile: true }).expect(200);
    const shown = await t.http.get(`/v1/profiles/${member.id}`).expect(200);
    expect(shown.body).toMatchObject({ score: null, networks: [], topics: [] });
    await admin.post(`/v1/admin/users/${member.id}/suspend`, { reason: 'Selling perks' }).expect(200);
    await t.http.get(`/v1/profiles/${member.id}`).expect(404);
  });
});
