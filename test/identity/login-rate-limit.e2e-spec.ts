import { RateLimiter } from '@perkrank/core';
import { newInfluencer, PASSWORD, useTestApp } from '@perkrank/testing';

describe('login rate limit per client address (API)', () => {
  const t = useTestApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '4' } });

  it('stops one address guessing across many accounts, whatever the account', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => newInfluencer(t)));
    for (const user of users.slice(0, 4)) {
      await t.http.post('/v1/auth/login').send({ email: user.email, password: 'guess-number-1' }).expect(401);
    }
    // Each account saw one failure only, yet the fifth attempt from the same address is refused…
    const res = await t.http
      .post('/v1/auth/login')
      .send({ email: users[4].email, password: PASSWORD })
      .expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // …until the window has passed.
    t.clock.advance((t.config.LOGIN_LOCKOUT_SECONDS + 1) * 1000);
    await t.http.post('/v1/auth/login').send({ email: users[4].email, password: PASSWORD }).expect(200);
  });

  it('counts concurrent failures exactly (one atomic upsert per hit)', async () => {
    t.clock.reset();
    t.clock.advance(10 * 86_400_000); // a fresh window
    const user = await newInfluencer(t);
    const key = `login:acct:${user.email}`;
    const limiter = t.app.get(RateLimiter);
    await Promise.all(Array.from({ length: 40 }, () => limiter.hit(key, 900)));
    expect((await limiter.peek(key, 900)).hits).toBe(40);
  });
});
