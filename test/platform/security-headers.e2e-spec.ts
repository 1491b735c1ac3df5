import { loadConfig } from '@perkrank/core';
import {
  claimPerk,
  createTestApp,
  newAdmin,
  newClaimablePerk,
  PASSWORD,
  registrationBody,
  scoredInfluencer,
  useTestApp,
} from '@perkrank/testing';

/** The policy as a map of directive → sources. */
function csp(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  return Object.fromEntries(
    header!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Item 18: helmet with a strict CSP, no-store on anything carrying a secret, CORS off by default. */
describe('security headers and CORS (API)', () => {
  const t = useTestApp();

  it('sends a strict Content-Security-Policy the web app works under, and helmet’s other headers', async () => {
    const res = await t.http.get('/health/live').expect(200);
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['style-src-attr']).toEqual(["'unsafe-inline'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
    // No HSTS outside production: it would stick to localhost in the browser.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets Swagger UI at /docs run: scripts are files, inline styles allowed there only', async () => {
    const page = await t.http.get('/docs').redirects(1).expect(200);
    const policy = csp(page.headers['content-security-policy']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(body.trim()).toBe('');
    }
    for (const [, src] of page.text.matchAll(/<script[^>]*src=['"]([^'"]+)['"]/g)) {
      const url = new URL(src, 'http://localhost/docs');
      expect(url.host).toBe('localhost');
      await t.http.get(url.pathname).expect(200);
    }
    // Outside /docs the strict policy holds.
    const api = await t.http.get('/v1/topics').expect(200);
    expect(csp(api.headers['content-security-policy'])['style-src']).toEqual(["'self'"]);
  });

  it('marks every response carrying tokens, codes, QR tokens or exports Cache-Control: no-store', async () => {
    const body = registrationBody({ scoringConsent: true });
    const withPassword = (path: string) =>
      t.http.post(path).send({ email: body.email, password: PASSWORD }).expect(200);
    const register = await t.http.post('/v1/auth/register').send(body).expect(201);
    const login = await withPassword('/v1/auth/login');
    const refresh = await t.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken })
      .expect(200);
    const privacy = await withPassword('/v1/auth/privacy-token');
    const exported = await t.http
      .get('/v1/me/export')
      .set('Authorization', `Bearer ${privacy.body.accessToken}`)
      .expect(200);

    const admin = await newAdmin(t);
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claimed = await member.post(`/v1/perks/${perk.campaign.id}/claims`).expect(201);
    const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    const detail = await member.get(`/v1/me/claims/${claimed.body.id}`).expect(200);
    expect(detail.body.qrCode).toMatch(/^data:image\/png/);
    const key = await perk.brand.owner
      .post(`/v1/brands/${perk.brand.id}/api-keys`, { name: 'Desk' })
      .expect(201);
    const lookup = await t.http
      .get(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=${claim.code}`)
      .set('X-Api-Key', key.body.key)
      .expect(200);

    const answers = { register, login, refresh, privacy, exported, claimed, detail, key, lookup };
    for (const [name, res] of Object.entries(answers)) {
      expect({ name, cacheControl: res.headers['cache-control'] }).toEqual({
        name,
        cacheControl: 'no-store',
      });
    }
  });

  it('lets caches keep the public model document, revalidating every use (ETag, 304)', async () => {
    const first = await t.http.get('/v1/scoring/model').expect(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers.pragma).toBeUndefined();
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await t.http.get('/v1/scoring/model').set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    // The population changes the document, and so its tag: the old one no longer matches.
    await scoredInfluencer(t, 50);
    const changed = await t.http.get('/v1/scoring/model').set('If-None-Match', etag).expect(200);
    expect(changed.body.populationSize).toBe(first.body.populationSize + 1);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('sends no CORS headers by default: only the same origin can read answers', async () => {
    const preflight = await t.http
      .options('/v1/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await t.http.get('/v1/topics').set('Origin', 'https://evil.example').expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the origins listed in CORS_ORIGINS', async () => {
    const cors = await createTestApp({
      env: { CORS_ORIGINS: 'https://app.example.com, https://partner.example.org:8443' },
      database: t.db,
    });
    try {
      const allowed = await cors.http
        .options('/v1/auth/login')
        .set('Origin', 'https://partner.example.org:8443')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,authorization');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://partner.example.org:8443');
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      const read = await cors.http.get('/v1/topics').set('Origin', 'https://app.example.com').expect(200);
      expect(read.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(read.headers['access-control-expose-headers']).toContain('X-Request-Id');
      const other = await cors.http.get('/v1/topics').set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.app.close();
    }
  });

  it('names CORS_ORIGINS when it holds something that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example,*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });
});
