import { newAdmin, newBrandUser, newInfluencer } from '@perkrank/testing';
import { useConnectorsApp } from '../support/fakes/connectors';

describe('social accounts (API)', () => {
  const { t, mastodon, bluesky } = useConnectorsApp();

  it('connects a Mastodon account and verifies it once the token is in the bio', async () => {
    const mia = await newInfluencer(t);
    const created = await mia
      .post('/v1/me/social-accounts', { network: 'mastodon', handle: '@Mia@Mastodon.Example' })
      .expect(201);
    expect(created.body).toMatchObject({
      network: 'mastodon',
      handle: 'mia@mastodon.example',
      status: 'pending_verification',
      verification: { method: 'profile_bio', token: expect.stringMatching(/^perkrank-[a-z2-9]{16}$/) },
    });
    const token: string = created.body.verification.token;
    expect(created.body.verification.instructions).toContain(token);

    const account = mastodon.addAccount('mia', {
      note: '<p>Just travel</p>',
      followers_count: 321,
      following_count: 12,
    });
    const failed = await mia.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(422);
    expect(failed.body.error.code).toBe('verification_failed');

    account.note = `<p>Travel. Verifying: ${token}</p>`;
    const verified = await mia.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', followers: 321, following: 12 });
    expect(verified.body.verification).toBeUndefined();
    const [row] = await t.dataSource.query(
      'SELECT native_id, verified_by FROM social_accounts WHERE id = $1',
      [created.body.id],
    );
    expect(row).toEqual({ native_id: 'mia@mastodon.example', verified_by: null });
    const stats = await t.dataSource.query(
      'SELECT followers FROM social_account_stats WHERE account_id = $1',
      [created.body.id],
    );
    expect(stats).toEqual([{ followers: 321 }]);

    // Verifying again is harmless; listing, reading and removing work on one's own accounts only.
    await mia.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(200);
    const list = await mia.get('/v1/me/social-accounts').expect(200);
    expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const other = await newInfluencer(t);
    await other.get(`/v1/me/social-accounts/${created.body.id}`).expect(404);
    await other.delete(`/v1/me/social-accounts/${created.body.id}`).expect(404);
    await other.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(404);
    await mia.get(`/v1/me/social-accounts/${created.body.id}`).expect(200);
    await mia
      .post('/v1/me/social-accounts', { network: 'mastodon', handle: 'mia@mastodon.example' })
      .expect(409);
    await mia.delete(`/v1/me/social-accounts/${created.body.id}`).expect(204);
    await mia.get(`/v1/me/social-accounts/${created.body.id}`).expect(404);
  });

  it('verifies a Bluesky account by its description and stores the DID', async () => {
    const zoe = await newInfluencer(t);
    const created = await zoe
      .post('/v1/me/social-accounts', { network: 'bluesky', handle: 'zoe.bsky.social' })
      .expect(201);
    const account = bluesky.addAccount('zoe.bsky.social', {
      description: `hi ${created.body.verification.token}`,
      followersCount: 40,
    });
    await zoe.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(200);
    const [row] = await t.dataSource.query('SELECT native_id FROM social_accounts WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.native_id).toBe(account.did);

    // Nobody else can verify the same account, even with their own token in the bio.
    const copycat = await newInfluencer(t);
    const second = await copycat
      .post('/v1/me/social-accounts', { network: 'bluesky', handle: 'zoe.bsky.social' })
      .expect(201);
    account.description = `hi ${second.body.verification.token}`;
    const taken = await copycat.post(`/v1/me/social-accounts/${second.body.id}/verify`).expect(409);
    expect(taken.body.error.code).toBe('handle_taken');
  });

  it('fails verification of an account the network does not know', async () => {
    const user = await newInfluencer(t);
    const created = await user
      .post('/v1/me/social-accounts', { network: 'bluesky', handle: 'ghost.bsky.social' })
      .expect(201);
    const res = await user.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(422);
    expect(res.body.error.code).toBe('verification_failed');
  });

  it('leaves networks without a connector to an admin, and audits the verification', async () => {
    const user = await newInfluencer(t);
    const created = await user
      .post('/v1/me/social-accounts', { network: 'instagram', handle: 'mia.travels' })
      .expect(201);
    expect(created.body.verification.method).toBe('admin_review');
    const refused = await user.post(`/v1/me/social-accounts/${created.body.id}/verify`).expect(422);
    expect(refused.body.error.code).toBe('admin_verification_required');

    const admin = await newAdmin(t);
    await user.post(`/v1/admin/social-accounts/${created.body.id}/verify`, {}).expect(403);
    const done = await admin
      .post(`/v1/admin/social-accounts/${created.body.id}/verify`, {
        nativeId: '178414',
        note: 'Token in bio',
      })
      .expect(200);
    expect(done.body.status).toBe('verified');
    const [row] = await t.dataSource.query(
      'SELECT native_id, verified_by FROM social_accounts WHERE id = $1',
      [created.body.id],
    );
    expect(row).toEqual({ native_id: '178414', verified_by: admin.id });
    const audit = await admin
      .get(`/v1/admin/audit-log?action=social_account.verify&subjectId=${created.body.id}`)
      .expect(200);
    expect(audit.body.data).toHaveLength(1);
    await admin.post('/v1/admin/social-accounts/00000000-0000-7000-8000-000000000000/verify', {}).expect(404);
  });

  it('checks handles per network and keeps social accounts to influencers', async () => {
    const user = await newInfluencer(t);
    const bad = await user
      .post('/v1/me/social-accounts', { network: 'mastodon', handle: 'no-instance' })
      .expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_handle', param: 'handle' });
    const unknown = await user
      .post('/v1/me/social-accounts', { network: 'myspace', handle: 'tom' })
      .expect(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    await user
      .post('/v1/me/social-accounts', { network: 'x', handle: 'way_too_long_for_x_handles' })
      .expect(400);
    const brand = await newBrandUser(t);
    await brand.post('/v1/me/social-accounts', { network: 'x', handle: 'hotel' }).expect(403);
    await t.http.get('/v1/me/social-accounts').expect(401);
  });
});
