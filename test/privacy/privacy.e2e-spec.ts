import { ScoringConsent } from '@perkrank/privacy';
import {
  clientFor,
  newAdmin,
  newInfluencer,
  newScoreSnapshot,
  PASSWORD,
  registerUser,
  useTestApp,
} from '@perkrank/testing';

describe('privacy settings and scoring consent (API)', () => {
  const t = useTestApp();

  const scoreRows = async (userId: string): Promise<{ scores: number; snapshots: number }> => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM member_scores WHERE user_id = $1) AS scores,
              (SELECT count(*)::int FROM score_snapshots WHERE user_id = $1) AS snapshots`,
      [userId],
    );
    return row;
  };

  it('is private by default; scoring consent is what the member chose at registration', async () => {
    const declined = await newInfluencer(t);
    expect((await declined.get('/v1/me/privacy').expect(200)).body).toEqual({
      publicProfile: false,
      discoverable: false,
      scoringConsent: false,
    });
    const consented = await newInfluencer(t, { scoringConsent: true });
    expect((await consented.get('/v1/me/privacy').expect(200)).body).toEqual({
      publicProfile: false,
      discoverable: false,
      scoringConsent: true,
    });
    const brand = await registerUser(t, { accountType: 'brand' });
    expect((await brand.get('/v1/me/privacy').expect(200)).body.scoringConsent).toBe(false);
    await t.http.get('/v1/me/privacy').expect(401);
    await t.http.patch('/v1/me/privacy').send({ publicProfile: true }).expect(401);
  });

  it('changes any subset of the settings and validates the rest away', async () => {
    const member = await newInfluencer(t);
    const res = await member.patch('/v1/me/privacy', { publicProfile: true }).expect(200);
    expect(res.body).toEqual({ publicProfile: true, discoverable: false, scoringConsent: false });
    const both = await member
      .patch('/v1/me/privacy', { discoverable: true, scoringConsent: true })
      .expect(200);
    expect(both.body).toEqual({ publicProfile: true, discoverable: true, scoringConsent: true });
    expect((await member.get('/v1/me').expect(200)).body.privacy).toEqual(both.body);
    expect((await member.patch('/v1/me/privacy', {}).expect(200)).body).toEqual(both.body);

    const bad = await member
      .patch('/v1/me/privacy', { publicProfile: 'yes', email: 'x@example.com' })
      .expect(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['email', 'publicProfile']);
    expect(JSON.stringify(bad.body)).not.toContain('x@example.com');
  });

  it('withdrawing consent deletes the member’s scores and history at once, and is audited', async () => {
    const admin = await newAdmin(t);
    const member = await newInfluencer(t, { scoringConsent: true });
    const other = await newInfluencer(t, { scoringConsent: true });
    await newScoreSnapshot(t, member, {
      score: 44,
      computedAt: new Date(t.clock.now().getTime() - 86_400_000),
    });
    await newScoreSnapshot(t, member, { score: 48 });
    await newScoreSnapshot(t, other, { score: 52 });
    await member.get('/v1/me/score').expect(200);
    expect(await scoreRows(member.id)).toEqual({ scores: 1, snapshots: 2 });

    // Changing other settings leaves the scores alone.
    await member.patch('/v1/me/privacy', { publicProfile: true, scoringConsent: true }).expect(200);
    expect(await scoreRows(member.id)).toEqual({ scores: 1, snapshots: 2 });

    const res = await member.patch('/v1/me/privacy', { scoringConsent: false }).expect(200);
    expect(res.body.scoringConsent).toBe(false);
    expect(await scoreRows(member.id)).toEqual({ scores: 0, snapshots: 0 });
    expect(await scoreRows(other.id)).toEqual({ scores: 1, snapshots: 1 });
    expect((await member.get('/v1/me/score').expect(404)).body.error.code).toBe('score_not_available');
    expect((await t.http.get(`/v1/profiles/${member.id}`).expect(200)).body.score).toBeNull();

    // Consenting again does not bring old scores back: the next run computes afresh.
    await member.patch('/v1/me/privacy', { scoringConsent: true }).expect(200);
    expect(await scoreRows(member.id)).toEqual({ scores: 0, snapshots: 0 });

    const log = await admin.get(`/v1/admin/audit-log?subjectId=${member.id}`).expect(200);
    expect(log.body.data.map((e: { action: string }) => e.action)).toEqual([
      'privacy.scoring_consent_given',
      'privacy.scoring_consent_withdrawn',
    ]);
    expect(log.body.data[1]).toMatchObject({
      actorId: member.id,
      before: { scoringConsent: true },
      after: { scoringConsent: false },
    });
  });

  it('reads consent from one place, holding it for the caller’s transaction (claims)', async () => {
    const consent = t.app.get(ScoringConsent);
    const yes = await newInfluencer(t, { scoringConsent: true });
    const no = await newInfluencer(t);
    expect(await consent.isGiven(yes.id)).toBe(true);
    expect(await consent.isGiven(no.id)).toBe(false);
    await t.dataSource.transaction((manager) => consent.require(yes.id, manager));
    await expect(
      t.dataSource.transaction((manager) => consent.require(no.id, manager)),
    ).rejects.toMatchObject({
      code: 'scoring_consent_required',
      status: 403,
    });
  });
});

describe('suspended members keep their rights of access and erasure (API)', () => {
  const t = useTestApp();

  it('gives a suspended member a privacy token that opens export, settings and erasure only', async () => {
    const admin = await newAdmin(t);
    const member = await newInfluencer(t, { scoringConsent: true });
    await admin.post(`/v1/admin/users/${member.id}/suspend`, { reason: 'Reselling perks' }).expect(200);
    const login = await t.http
      .post('/v1/auth/login')
      .send({ email: member.email, password: PASSWORD })
      .expect(403);
    expect(login.body.error.code).toBe('account_suspended');

    const wrong = await t.http
      .post('/v1/auth/privacy-token')
      .send({ email: member.email, password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const res = await t.http
      .post('/v1/auth/privacy-token')
      .send({ email: member.email, password: PASSWORD })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      scope: 'privacy',
    });
    expect(res.body).not.toHaveProperty('refreshToken');
    const privacy = clientFor(t, member, { accessToken: res.body.accessToken, refreshToken: '' });

    const denied = await privacy.get('/v1/me').expect(403);
    expect(denied.body.error.code).toBe('account_suspended');
    await privacy.get('/v1/me/score').expect(403);
    expect((await privacy.get('/v1/me/privacy').expect(200)).body.scoringConsent).toBe(true);
    await privacy.patch('/v1/me/privacy', { scoringConsent: false }).expect(200);
    const exported = await privacy.get('/v1/me/export').expect(200);
    expect(exported.body.account).toMatchObject({
      id: member.id,
      email: member.email,
      status: 'suspended',
      suspendedReason: 'Reselling perks',
    });
    await privacy.delete('/v1/me').expect(204);
    await privacy.get('/v1/me/export').expect(401);
    await t.http.post('/v1/auth/privacy-token').send({ email: member.email, password: PASSWORD }).expect(401);
  });

  it('keeps a privacy token of an active member away from everything else', async () => {
    const member = await newInfluencer(t);
    const res = await t.http
      .post('/v1/auth/privacy-token')
      .send({ email: member.email, password: PASSWORD })
      .expect(200);
    const privacy = clientFor(t, member, { accessToken: res.body.accessToken, refreshToken: '' });
    const denied = await privacy.get('/v1/me').expect(403);
    expect(denied.body.error.code).toBe('forbidden');
    await privacy.post('/v1/brands', { name: 'Nope Hotel', country: 'DE' }).expect(403);
    await privacy.get('/v1/me/export').expect(200);
    await privacy.post('/v1/auth/logout').expect(204);
    await privacy.get('/v1/me/export').expect(401);
    // The member's ordinary session is untouched.
    await member.get('/v1/me').expect(200);
  });
});
