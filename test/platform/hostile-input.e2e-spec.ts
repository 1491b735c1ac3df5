import { JwtService } from '@nestjs/jwt';
import Stripe from 'stripe';
import type request from 'supertest';
import {
  campaignBody,
  createTestApp,
  newAdmin,
  newBrand,
  newCampaign,
  registrationBody,
  scoredInfluencer,
  TestApp,
  type BrandFixture,
  type CampaignJson,
  type Client,
} from '@perkrank/testing';
import { StripeFake } from '../support/fakes/stripe-fake';

const INGEST_TOKEN = 'ingest-token-for-hostile-input-tests';
const WEBHOOK_SECRET = 'whsec_hostile_input_webhook_secret';
const UUID = '0190c6b2-7c55-7000-8000-000000000001';
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'mia\ud800@example.com';

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectEnvelope(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, body: res.body as unknown }).toEqual({
    status,
    body: {
      error: expect.objectContaining({
        type: expect.any(String),
        code,
        message: expect.any(String),
        requestId: res.headers['x-request-id'],
      }),
    },
  });
}

/** Items 7–11 of the hardening review: hostile input is a 4xx with the envelope, never a 5xx. */
describe('hostile input (API)', () => {
  const fake = new StripeFake();
  let t: TestApp;
  let member: Client;
  let admin: Client;
  let brand: BrandFixture;
  let draft: CampaignJson;
  let apiKey: string;

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp({
      env: {
        INGEST_TOKEN,
        STRIPE_SECRET_KEY: 'sk_test_hostile_input_key',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: fake.url,
      },
    });
    [member, admin, brand] = await Promise.all([scoredInfluencer(t, 70), newAdmin(t), newBrand(t)]);
    draft = await newCampaign(t, brand);
    apiKey = (await brand.owner.post(`/v1/brands/${brand.id}/api-keys`, { name: 'Desk' }).expect(201)).body
      .key as string;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  describe('NUL bytes (item 7)', () => {
    const cases: Array<[string, () => request.Test]> = [
      [
        'register email',
        () => t.http.post('/v1/auth/register').send(registrationBody({ email: `a${NUL}@x.io` })),
      ],
      ['register name', () => t.http.post('/v1/auth/register').send(registrationBody({ displayName: NUL }))],
      ['login', () => t.http.post('/v1/auth/login').send({ email: NUL, password: NUL })],
      ['privacy-token', () => t.http.post('/v1/auth/privacy-token').send({ email: NUL, password: 'x' })],
      ['refresh', () => t.http.post('/v1/auth/refresh').send({ refreshToken: NUL })],
      ['PATCH /v1/me', () => member.patch('/v1/me', { displayName: NUL })],
      ['PATCH /v1/me city', () => member.patch('/v1/me', { city: NUL })],
      ['brands', () => brand.owner.post('/v1/brands', { name: `Hotel ${NUL}`, country: 'DE' })],
      ['api-keys', () => brand.owner.post(`/v1/brands/${brand.id}/api-keys`, { name: NUL })],
      [
        'reports',
        () => member.post('/v1/reports', { subjectType: 'campaign', subjectId: UUID, reason: NUL }),
      ],
      ['admin suspend', () => admin.post(`/v1/admin/users/${member.id}/suspend`, { reason: `bad ${NUL}` })],
      ['admin jobs', () => admin.post('/v1/admin/jobs', { name: NUL })],
      ['admin user query', () => admin.get('/v1/admin/users?email=%00')],
      ['audit query', () => admin.get('/v1/admin/audit-log?action=a%00b')],
      ['perks ?city=%00', () => member.get('/v1/perks?city=%00')],
      ['campaign title', () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { title: `Suite ${NUL}` })],
      [
        'campaign venue',
        () =>
          brand.owner.patch(`/v1/campaigns/${draft.id}`, {
            location: { venueName: NUL, city: 'Berlin', country: 'DE' },
          }),
      ],
      ['social handle', () => member.post('/v1/me/social-accounts', { network: 'x', handle: NUL })],
      [
        'lookup ?code=',
        () => t.http.get(`/v1/brands/${brand.id}/redemptions/lookup?code=%00`).set('X-Api-Key', apiKey),
      ],
      ['path segment', () => admin.get(`/v1/admin/jobs/a%00b/${UUID}`)],
      ['property name', () => member.patch('/v1/me', { [`display${NUL}Name`]: 'x' })],
      [
        'ingest account id',
        () =>
          t.http
            .post('/v1/ingest/interactions')
            .set('Authorization', `Bearer ${INGEST_TOKEN}`)
            .send({
              events: [],
              accounts: [{ network: 'x', id: NUL, followers: 1, following: 1, posts: 1 }],
            }),
      ],
    ];
    it.each(cases)('%s → 400 invalid_request', async (_name, send) => {
      const res = await send();
      expectEnvelope(res, 400, 'invalid_request');
    });
  });

  describe('cursors (item 8)', () => {
    const paginated = (): Array<[string, Client]> => [
      ['/v1/admin/users', admin],
      ['/v1/admin/audit-log', admin],
      ['/v1/admin/scoring/runs', admin],
      [`/v1/brands/${brand.id}/campaigns`, brand.owner],
      ['/v1/admin/campaigns', admin],
      ['/v1/admin/reports', admin],
      ['/v1/perks', member],
      ['/v1/me/claims', member],
      [`/v1/campaigns/${draft.id}/claims`, brand.owner],
      [`/v1/brands/${brand.id}/payments`, brand.owner],
      ['/v1/admin/payments', admin],
    ];
    const tampered = [
      cursorOf(['1', UUID]),
      cursorOf(['+275760-09-13T00:00:00.000Z', UUID]),
      cursorOf(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      cursorOf(['2026-02-30T00:00:00.000Z', UUID]),
      cursorOf(['2026-01-01T00:00:00.000Z', UUID, 'extra']),
      cursorOf({ at: '2026-01-01T00:00:00.000Z', id: UUID }),
      'not base64 at all!',
    ];
    it('answers 400 invalid_cursor for every tampered cursor on all 11 paginated endpoints', async () => {
      for (const [path, caller] of paginated()) {
        for (const cursor of tampered) {
          const res = await caller.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
          if (res.status !== 400) throw new Error(`${path} cursor ${cursor}: ${res.status}`);
          expectEnvelope(res, 400, 'invalid_cursor');
        }
        // A cursor the API made still works.
        const ok = await caller.get(`${path}?cursor=${cursorOf(['2026-01-01T00:00:00.000Z', UUID])}`);
        expect(ok.status).toBe(200);
      }
    });
  });

  describe('size and depth (item 9)', () => {
    const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

    it('refuses 100,000 levels of nesting with 413 payload_too_large before authentication', async () => {
      const body = `{"email":${deep(100_000)}}`;
      const pub = await t.http.post('/v1/auth/register').set('Content-Type', 'application/json').send(body);
      expectEnvelope(pub, 413, 'payload_too_large');
      const anonymous = await t.http.patch('/v1/me').set('Content-Type', 'application/json').send(body);
      expectEnvelope(anonymous, 413, 'payload_too_large');
    });

    it('refuses moderate nesting beyond the depth limit, and accepts the deepest real body', async () => {
      const res = await member.patch('/v1/me', { topics: JSON.parse(deep(40)) as unknown[] });
      expectEnvelope(res, 413, 'payload_too_large');
      await brand.owner.patch(`/v1/campaigns/${draft.id}`, campaignBody(t)).expect(200);
    });

    it('keeps ordinary routes small and lets ingestion and pool codes carry large batches', async () => {
      const big = { ...registrationBody(), displayName: 'x'.repeat(200_000) };
      expectEnvelope(await t.http.post('/v1/auth/register').send(big), 413, 'payload_too_large');
      expectEnvelope(await member.patch('/v1/me', { city: 'x'.repeat(200_000) }), 413, 'payload_too_large');

      const now = t.clock.now().getTime();
      const events = Array.from({ length: 8_000 }, (_, i) => ({
        eventId: `big-batch-${i}-${'p'.repeat(120)}`,
        network: 'x',
        kind: 'like',
        actor: { id: `fan-${i}`, handle: `fan_handle_${i}` },
        target: { id: 'star', handle: 'star_handle' },
        occurredAt: new Date(now - 86_400_000).toISOString(),
      }));
      expect(JSON.stringify({ events }).length).toBeGreaterThan(1_500_000);
      const ingested = await t.http
        .post('/v1/ingest/interactions')
        .set('Authorization', `Bearer ${INGEST_TOKEN}`)
        .send({ events })
        .expect(200);
      expect(ingested.body.accepted).toBe(8_000);
      // Only the ingest token earns the large limit: anonymous or wrong-token callers get the default.
      for (const authorization of [undefined, 'Bearer not-the-ingest-token-at-all']) {
        let req = t.http.post('/v1/ingest/interactions');
        if (authorization) req = req.set('Authorization', authorization);
        expectEnvelope(await req.send({ events: events.slice(0, 1_000) }), 413, 'payload_too_large');
      }

      const pooled = await newCampaign(t, brand, { codes: { mode: 'pool' } });
      const codes = Array.from({ length: 10_000 }, (_, i) => `POOL-${i}-${'Q'.repeat(50)}${'-'.repeat(60)}`);
      await brand.owner.post(`/v1/campaigns/${pooled.id}/codes`, { codes }).expect(201);
    });
  });

  describe('values the columns cannot hold (item 10)', () => {
    it('refuses a lone surrogate anywhere with 400 invalid_request', async () => {
      expectEnvelope(
        await t.http.post('/v1/auth/register').send(registrationBody({ email: LONE_SURROGATE })),
        400,
        'invalid_request',
      );
      expectEnvelope(await member.patch('/v1/me', { city: 'Berlin\udc00' }), 400, 'invalid_request');
      expectEnvelope(await member.get('/v1/perks?city=%ED%A0%80'), 400, 'invalid_request');
    });

    const invalid: Array<[string, () => Promise<request.Response>]> = [
      ['displayName null', () => member.patch('/v1/me', { displayName: null })],
      ['topics null', () => member.patch('/v1/me', { topics: null })],
      ['privacy null', () => member.patch('/v1/me/privacy', { publicProfile: null })],
      [
        'perUser beyond int4',
        () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { inventory: { perUser: 3e9 } }),
      ],
      [
        'total beyond int4',
        () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { inventory: { total: 3e9 } }),
      ],
      [
        'claimTtlHours beyond int4',
        () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { claimTtlHours: 3e9 }),
      ],
      [
        'valueMinor beyond int8',
        () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { perk: { valueMinor: 1e300 } }),
      ],
      [
        'tiny minScore',
        () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { eligibility: { minScore: 1e-46 } }),
      ],
      ['location []', () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { location: [] })],
      ['perk []', () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { perk: [] })],
      ['title number', () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { title: 42 })],
      ['inventory null', () => brand.owner.patch(`/v1/campaigns/${draft.id}`, { inventory: null })],
      ['days beyond range', () => member.get('/v1/me/score/history?days=99999999999')],
      ['limit as array', () => member.get('/v1/perks?limit=1&limit=2')],
      [
        'dateOfBirth not a date',
        () => t.http.post('/v1/auth/register').send(registrationBody({ dateOfBirth: '1990-02-31' })),
      ],
    ];
    it.each(invalid)('%s → 400 validation_failed', async (_name, send) => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'validation_failed' });
    });

    it('answers bodies of the wrong shape or media type with a 4xx envelope', async () => {
      const send = (type: string, body: string) =>
        t.http.post('/v1/auth/register').set('Content-Type', type).send(body);
      for (const res of [
        await send('application/json', '[]'),
        await send('application/json', '[{"email":"a@b.io"}]'),
        await send('application/json', '"just a string"'),
        await send('application/json', 'null'),
        await send('application/json', '{"email":'),
        await send('text/plain', 'email=a@b.io'),
        await send('application/x-www-form-urlencoded', 'email=a%40b.io&password=x'),
        await send('application/json; charset=utf-16', '{}'),
      ]) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error).toMatchObject({
          code: expect.any(String),
          requestId: res.headers['x-request-id'],
        });
      }
    });

    it('answers a signed Stripe webhook without data.object with 400, recording nothing', async () => {
      const signer = new Stripe('sk_test_signer_only');
      for (const event of [
        { id: 'evt_no_data', type: 'checkout.session.completed' },
        { id: 'evt_no_object', type: 'charge.refunded', data: {} },
        { id: 'evt_null_object', type: 'checkout.session.completed', data: { object: null } },
        { id: 42, type: 'charge.refunded', data: { object: {} } },
      ]) {
        const payload = JSON.stringify(event);
        const res = await t.http
          .post('/v1/webhooks/stripe')
          .set(
            'Stripe-Signature',
            signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
          )
          .set('Content-Type', 'application/json')
          .send(payload);
        expectEnvelope(res, 400, 'invalid_event');
      }
      const rows: unknown[] = await t.dataSource.query('SELECT 1 FROM stripe_events');
      expect(rows).toHaveLength(0);
    });
  });

  describe('unknown properties and tokens (item 11)', () => {
    it('refuses __proto__, constructor and prototype keys at any depth', async () => {
      for (const body of [
        `{"__proto__":{"admin":true},${JSON.stringify(registrationBody()).slice(1)}`,
        `{"constructor":{"prototype":{"x":1}},${JSON.stringify(registrationBody()).slice(1)}`,
      ]) {
        const res = await t.http.post('/v1/auth/register').set('Content-Type', 'application/json').send(body);
        expectEnvelope(res, 400, 'validation_failed');
      }
      const nested = await t.http
        .patch(`/v1/campaigns/${draft.id}`)
        .set('Authorization', `Bearer ${brand.owner.accessToken}`)
        .set('Content-Type', 'application/json')
        .send('{"perk":{"__proto__":{"type":"upgrade"}}}');
      expectEnvelope(nested, 400, 'validation_failed');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('refuses unknown properties on nested objects, query strings and body-less endpoints', async () => {
      expectEnvelope(
        await brand.owner.patch(`/v1/campaigns/${draft.id}`, { perk: { type: 'upgrade', colour: 'red' } }),
        400,
        'validation_failed',
      );
      expectEnvelope(await admin.get('/v1/admin/users?emial=x'), 400, 'validation_failed');
      expectEnvelope(
        await brand.owner.post(`/v1/campaigns/${draft.id}/submit`, { force: true }),
        400,
        'validation_failed',
      );
    });

    it('refuses a correctly signed access token without exp', async () => {
      const [, payload] = member.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      delete claims.exp;
      const forever = new JwtService().sign(claims, { secret: t.config.jwtSecret, algorithm: 'HS256' });
      const res = await t.http.get('/v1/me').set('Authorization', `Bearer ${forever}`);
      expectEnvelope(res, 401, 'unauthenticated');
      // The same claims with an exp are accepted: only the missing exp is refused.
      const bounded = new JwtService().sign(claims, { secret: t.config.jwtSecret, expiresIn: 60 });
      await t.http.get('/v1/me').set('Authorization', `Bearer ${bounded}`).expect(200);
    });
  });
});
