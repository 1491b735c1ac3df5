import { ConfigError, loadConfig } from '@perkrank/core';
import { createTestApp, newInfluencer, TestApp } from '@perkrank/testing';
import { MastodonFake } from '../support/fakes/mastodon-fake';

/**
 * Issue #11 item 17 through the API, with the production default (no private hosts): a Mastodon
 * instance that resolves to loopback is refused before any request, and nothing is stored.
 */
describe('Mastodon verification refuses internal addresses (production default)', () => {
  const internal = new MastodonFake();
  let t: TestApp;
  beforeAll(async () => {
    await internal.start();
    // Every Mastodon request goes to 127.0.0.1, as a member-named host resolving there would.
    t = await createTestApp({ env: { MASTODON_API_BASE: internal.url } });
  });
  afterAll(async () => {
    await t.close();
    await internal.stop();
  });

  it('answers 422 forbidden_host, contacts nothing and stores nothing', async () => {
    const user = await newInfluencer(t);
    const created = await user
      .post('/v1/me/social-accounts', { network: 'mastodon', handle: 'probe@mastodon.example' })
      .expect(201);
    internal.addAccount('probe', { note: created.body.verification.token });
    const res = await user.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(422);
    expect(res.body.error).toMatchObject({
      code: 'verification_failed',
      details: { reason: 'forbidden_host' },
    });
    expect(res.body.error.message).toMatch(/private or internal network/);
    expect(internal.requests).toHaveLength(0);
    const [row] = await t.dataSource.query(
      'SELECT status, native_id, sync_state FROM social_accounts WHERE id = $1',
      [created.body.id],
    );
    expect(row).toEqual({ status: 'pending_verification', native_id: null, sync_state: null });
  });

  it('refuses the test-only allowance in production', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', CONNECTOR_ALLOW_PRIVATE_HOSTS: 'true' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(Object.keys((error as ConfigError).problems)).toContain('CONNECTOR_ALLOW_PRIVATE_HOSTS');
    expect(loadConfig({ NODE_ENV: 'test' }).CONNECTOR_ALLOW_PRIVATE_HOSTS).toBe(false);
  });
});
