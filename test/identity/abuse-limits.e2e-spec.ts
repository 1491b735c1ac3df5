import { checkSymbol } from '@perkrank/claims';
import {
  claimPerk,
  createTestApp,
  newAdmin,
  newBrandMember,
  newClaimablePerk,
  newInfluencer,
  PASSWORD,
  registrationBody,
  scoredInfluencer,
  statuses,
  type TestApp,
  useTestApp,
} from '@perkrank/testing';

/**
 * Issue #11, items 13, 14 and 16: attempts are counted atomically (real parallel requests on the
 * real database), lockouts are per (account or brand, client) so a stranger cannot lock anyone
 * out, TRUST_PROXY decides what "client" means, and public routes carry a Postgres-backed
 * request budget shared by every process.
 */

describe('login attempts behind no proxy (TRUST_PROXY=false)', () => {
  const t = useTestApp();

  it('lets exactly LOGIN_MAX_FAILURES_PER_ACCOUNT of 20 parallel wrong passwords be checked', async () => {
    const user = await newInfluencer(t);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http.post('/v1/auth/login').send({ email: user.email, password: `wrong-guess-${i}` }),
      ),
    );
    expect(statuses(answers)).toEqual({ 401: 5, 429: 15 });
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ignores X-Forwarded-For: every request counts against the socket address', async () => {
    const user = await newInfluencer(t);
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/v1/auth/login')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({ email: user.email, password: 'wrong-guess' })
        .expect(401);
    }
    // A forged header does not make a new client.
    await t.http
      .post('/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.77')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
  });
});

describe('login lockout per (account, client) behind a proxy (TRUST_PROXY=true)', () => {
  const t = useTestApp({ env: { TRUST_PROXY: 'true', LOGIN_ACCOUNT_FAILURE_CEILING: '9' } });

  const login = (ip: string, email: string, password: string) =>
    t.http.post('/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('locks out the failing client only; the owner logs in from elsewhere with the right password', async () => {
    const user = await newInfluencer(t);
    for (let i = 0; i < 5; i++) await login('203.0.113.10', user.email, 'wrong-guess').expect(401);
    // The stranger's client is locked, even when it now guesses right…
    await login('203.0.113.10', user.email, PASSWORD).expect(429);
    // …but the owner at their own address is not refused.
    await login('198.51.100.20', user.email, PASSWORD).expect(200);
  });

  it('past the account ceiling stops every client that failed, never the owner', async () => {
    const user = await newInfluencer(t);
    // Three strangers, three failures each: 9 failures on the account, the ceiling here.
    for (const ip of ['203.0.113.31', '203.0.113.32', '203.0.113.33'])
      for (let i = 0; i < 3; i++) await login(ip, user.email, 'wrong-guess').expect(401);
    // A client that failed before is stopped although it is under its own limit of 5.
    await login('203.0.113.31', user.email, 'another-guess').expect(429);
    // The owner, who never failed, is checked and let in.
    await login('198.51.100.40', user.email, PASSWORD).expect(200);
  });

  it('counts parallel failures from many addresses exactly per address', async () => {
    const user = await newInfluencer(t);
    const answers = await Promise.all(
      ['203.0.113.51', '203.0.113.52'].flatMap((ip) =>
        Array.from({ length: 10 }, () => login(ip, user.email, 'wrong-guess')),
      ),
    );
    // 5 checked per address (the account ceiling of 9 may stop one of the 10 checked ones).
    const counts = statuses(answers);
    expect(counts[401] + counts[429]).toBe(20);
    expect(counts[401]).toBeLessThanOrEqual(10);
    expect(counts[401]).toBeGreaterThanOrEqual(9);
  });
});

describe('front-desk code lookups per (brand, desk)', () => {
  const t = useTestApp({ env: { REDEMPTION_BRAND_FAILURE_CEILING: '40' } });

  const badCode = (i: number): string => {
    const data = `ZZZZZZZ${String(i).padStart(4, '0')}`;
    return data + checkSymbol(data);
  };

  it('lets exactly 30 of 100 parallel lookups of unknown codes through; another desk still finds a valid code', async () => {
    const admin = await newAdmin(t);
    const perk = await newClaimablePerk(t, admin);
    const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    const guesser = await newBrandMember(t, perk.brand, 'staff');
    const desk = await newBrandMember(t, perk.brand, 'staff');
    const url = (code: string) =>
      `/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(code)}`;

    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => guesser.get(url(badCode(i)))));
    expect(statuses(answers)).toEqual({ 404: 30, 429: 70 });
    // The guessing desk is stopped, valid code or not.
    await guesser.get(url(claim.code)).expect(429);
    // Another desk of the brand is not: a valid code is never refused for someone else's failures.
    await desk.get(url(claim.code)).expect(200);
    await perk.brand.owner.get(url(claim.code)).expect(200);

    // Past the brand ceiling (40 failures here), a desk that failed before is stopped at once…
    for (let i = 0; i < 10; i++) await desk.get(url(badCode(200 + i))).expect(404);
    await desk.get(url(badCode(300))).expect(429);
    // …while a desk that never failed still redeems.
    await perk.brand.owner.post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }).expect(200);
  });
});

describe('request-rate limits on public routes (Postgres-backed, shared by processes)', () => {
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const env = { PUBLIC_RATE_LIMIT_PER_MINUTE: '8', REGISTER_RATE_LIMIT_PER_HOUR: '3' };
    t = await createTestApp({ env });
    // A second API process on the same database, like a second replica.
    second = await createTestApp({ env, database: t.db });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const register = (app: TestApp, i: number) =>
    app.http.post('/v1/auth/register').send(registrationBody({ displayName: `Rate ${i}` }));

  it('allows REGISTER_RATE_LIMIT_PER_HOUR registrations per address across both processes, then 429 with Retry-After', async () => {
    await register(t, 1).expect(201);
    await register(second, 2).expect(201);
    await register(t, 3).expect(201);
    const refused = await register(second, 4).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    expect(refused.body.error.requestId).toEqual(expect.any(String));
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('limits every public route per address per minute, exactly under parallel load; health is exempt', async () => {
    t.clock.advance(2 * 3600 * 1000); // fresh windows
    second.clock.advance(2 * 3600 * 1000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? t : second).http.get('/v1/topics')),
    );
    expect(statuses(answers)).toEqual({ 200: 8, 429: 12 });
    await t.http.get('/health/live').expect(200);
    // The next window serves again.
    t.clock.advance(61_000);
    second.clock.advance(61_000);
    await t.http.get('/v1/topics').expect(200);
  });
});
