import { login, newInfluencer, PASSWORD, registrationBody, useTestApp } from '@perkrank/testing';

describe('auth (API)', () => {
  const t = useTestApp();

  it('registers, logs in and reads /v1/me', async () => {
    const body = registrationBody({ displayName: 'Mia Travels', scoringConsent: true });
    const reg = await t.http.post('/v1/auth/register').send(body).expect(201);
    expect(reg.body.user).toMatchObject({
      email: body.email,
      displayName: 'Mia Travels',
      roles: ['influencer'],
      status: 'active',
    });
    expect(reg.body.user).not.toHaveProperty('passwordHash');
    expect(typeof reg.body.accessToken).toBe('string');
    expect(typeof reg.body.refreshToken).toBe('string');

    const res = await t.http
      .post('/v1/auth/login')
      .send({ email: String(body.email).toUpperCase(), password: PASSWORD })
      .expect(200);
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toEqual({
      id: reg.body.user.id,
      email: body.email,
      emailVerified: false,
      displayName: 'Mia Travels',
      roles: ['influencer'],
      status: 'active',
      createdAt: expect.any(String),
      brands: [],
      privacy: { publicProfile: false, discoverable: false, scoringConsent: true },
      profile: { topics: [], country: null, city: null },
    });
  });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const user = await newInfluencer(t);
    const first = await t.http.post('/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const second = await t.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);

    const reuse = await t.http.post('/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    expect(reuse.body.error).toMatchObject({ type: 'authentication_error', code: 'refresh_token_reused' });

    // The newest token of the family, and its access token, are dead too.
    const newest = await t.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
    expect(newest.body.error.code).toBe('invalid_refresh_token');
    await t.http.get('/v1/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(401);
    // Another session of the same user is untouched.
    const other = await login(t, user.email);
    await other.get('/v1/me').expect(200);
  });

  it('logout ends the session: its access and refresh tokens stop working', async () => {
    const user = await newInfluencer(t);
    await user.post('/v1/auth/logout').expect(204);
    await user.get('/v1/me').expect(401);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
  });

  it('rejects a duplicate email in another case with 409 email_taken', async () => {
    const body = registrationBody();
    await t.http.post('/v1/auth/register').send(body).expect(201);
    const res = await t.http
      .post('/v1/auth/register')
      .send({ ...registrationBody(), email: String(body.email).toUpperCase() })
      .expect(409);
    expect(res.body.error).toMatchObject({
      type: 'conflict_error',
      code: 'email_taken',
      param: 'email',
      requestId: expect.any(String),
    });
  });

  it('requires members to be 18 or older', async () => {
    const today = t.clock.now();
    const seventeen = `${today.getUTCFullYear() - 17}-01-01`;
    const res = await t.http
      .post('/v1/auth/register')
      .send(registrationBody({ dateOfBirth: seventeen }))
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'age_requirement', param: 'dateOfBirth' });
    const body = registrationBody({ dateOfBirth: `${today.getUTCFullYear() - 30}-02-30` });
    const invalid = await t.http.post('/v1/auth/register').send(body).expect(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    // Nothing was written: the email is still free.
    await t.http
      .post('/v1/auth/register')
      .send({ ...body, dateOfBirth: '1990-01-01' })
      .expect(201);
  });

  it('names the field of a short password without echoing it', async () => {
    const secret = 'short-pw1';
    const res = await t.http
      .post('/v1/auth/register')
      .send(registrationBody({ password: secret }))
      .expect(400);
    expect(res.body.error.type).toBe('invalid_request_error');
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields)).toEqual(['password']);
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('rejects unknown properties', async () => {
    const res = await t.http
      .post('/v1/auth/register')
      .send({ ...registrationBody(), roles: ['admin'] })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.fields.roles).toEqual(['roles is not an allowed property']);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const user = await newInfluencer(t);
    const wrong = await t.http
      .post('/v1/auth/login')
      .send({ email: user.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await t.http
      .post('/v1/auth/login')
      .send({ email: `nobody-${user.email}`, password: PASSWORD })
      .expect(401);
    const strip = (b: { error: Record<string, unknown> }): Record<string, unknown> => ({
      ...b.error,
      requestId: undefined,
    });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('locks an account after 5 rapid failed logins: the 6th is 429 with Retry-After', async () => {
    const user = await newInfluencer(t);
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/v1/auth/login')
        .send({ email: user.email, password: 'wrong-password!' })
        .expect(401);
    }
    const res = await t.http
      .post('/v1/auth/login')
      .send({ email: user.email, password: 'wrong-password!' })
      .expect(429);
    expect(res.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits until the window passes…
    await t.http.post('/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(429);
    // …and works after it.
    t.clock.advance((t.config.LOGIN_LOCKOUT_SECONDS + 1) * 1000);
    try {
      await t.http.post('/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    } finally {
      t.clock.reset();
    }
  });

  it('rejects a malformed or tampered access token with 401 unauthenticated', async () => {
    const user = await newInfluencer(t);
    const tampered = `${user.accessToken.slice(0, -2)}xx`;
    const res = await t.http.get('/v1/me').set('Authorization', `Bearer ${tampered}`).expect(401);
    expect(res.body.error).toMatchObject({ type: 'authentication_error', code: 'unauthenticated' });
    await t.http.post('/v1/auth/refresh').send({ refreshToken: 'garbage' }).expect(401);
  });

  it('answers malformed JSON with a 400 in the envelope', async () => {
    const res = await t.http
      .post('/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_json', requestId: res.headers['x-request-id'] });
  });
});
