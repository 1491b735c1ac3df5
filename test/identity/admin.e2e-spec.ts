import { AdminUsersService } from '@perkrank/identity';
import { login, newAdmin, newBrand, newInfluencer, useTestApp } from '@perkrank/testing';

describe('admin: suspension, roles, audit log (API)', () => {
  const t = useTestApp();

  it('suspends a user: their sessions end, login answers 403 account_suspended; unsuspend restores', async () => {
    const admin = await newAdmin(t);
    const user = await newInfluencer(t);
    const missing = await admin.post(`/v1/admin/users/${user.id}/suspend`, {}).expect(400);
    expect(missing.body.error.details.fields).toHaveProperty('reason');

    const res = await admin
      .post(`/v1/admin/users/${user.id}/suspend`, { reason: 'Selling perks on' })
      .expect(200);
    expect(res.body).toMatchObject({ id: user.id, status: 'suspended', suspendedReason: 'Selling perks on' });
    await user.get('/v1/me').expect(401);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    const denied = await t.http
      .post('/v1/auth/login')
      .send({ email: user.email, password: 'correct-horse-battery' })
      .expect(403);
    expect(denied.body.error).toMatchObject({ type: 'permission_error', code: 'account_suspended' });
    // A wrong password still says nothing about the account.
    await t.http.post('/v1/auth/login').send({ email: user.email, password: 'wrong-password-x' }).expect(401);

    await admin.post(`/v1/admin/users/${user.id}/suspend`, { reason: 'again' }).expect(409);
    await admin.post(`/v1/admin/users/${user.id}/unsuspend`).expect(200);
    await login(t, user.email);
  });

  it('grants admin, and records every action in the append-only audit log', async () => {
    const admin = await newAdmin(t);
    const user = await newInfluencer(t);
    await user.get('/v1/admin/audit-log').expect(403);
    const granted = await admin.post(`/v1/admin/users/${user.id}/roles`, { role: 'admin' }).expect(200);
    expect(granted.body.roles).toEqual(['influencer', 'admin']);
    await user.get('/v1/admin/audit-log').expect(200);

    await admin.post(`/v1/admin/users/${user.id}/suspend`, { reason: 'Testing the audit log' }).expect(200);
    const log = await admin.get(`/v1/admin/audit-log?subjectId=${user.id}`).expect(200);
    expect(log.body.data.map((e: { action: string }) => e.action)).toEqual([
      'user.suspend',
      'user.grant_role',
    ]);
    expect(log.body.data[0]).toMatchObject({
      actorId: admin.id,
      subjectType: 'user',
      subjectId: user.id,
      reason: 'Testing the audit log',
      before: { status: 'active' },
      after: { status: 'suspended' },
    });

    await expect(t.dataSource.query('UPDATE audit_log SET reason = $1', ['rewritten'])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('pages through the audit log newest first with an opaque cursor', async () => {
    const admin = await newAdmin(t);
    const users = await Promise.all([1, 2, 3].map(() => newInfluencer(t)));
    for (const u of users)
      await admin.post(`/v1/admin/users/${u.id}/suspend`, { reason: 'paging test' }).expect(200);
    const first = await admin.get(`/v1/admin/audit-log?actorId=${admin.id}&limit=2`).expect(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const second = await admin
      .get(`/v1/admin/audit-log?actorId=${admin.id}&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null });
    const seen = [...first.body.data, ...second.body.data].map((e: { subjectId: string }) => e.subjectId);
    expect(seen).toEqual(users.map((u) => u.id).reverse());
    const bad = await admin.get('/v1/admin/audit-log?cursor=nonsense').expect(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
    await admin.get('/v1/admin/audit-log?limit=101').expect(400);
  });

  it('keeps admin endpoints to admins', async () => {
    const influencer = await newInfluencer(t);
    const brand = await newBrand(t);
    for (const client of [influencer, brand.owner]) {
      const res = await client
        .post(`/v1/admin/users/${influencer.id}/suspend`, { reason: 'nope' })
        .expect(403);
      expect(res.body.error.code).toBe('forbidden');
      await client.get('/v1/admin/users').expect(403);
      await client.post(`/v1/admin/users/${client.id}/roles`, { role: 'admin' }).expect(403);
    }
    await t.http.get('/v1/admin/users').expect(401);
  });

  it('does not let an admin suspend themselves', async () => {
    const admin = await newAdmin(t);
    const res = await admin.post(`/v1/admin/users/${admin.id}/suspend`, { reason: 'oops' }).expect(409);
    expect(res.body.error.code).toBe('cannot_change_own_account');
  });
  it('makes ADMIN_EMAIL an admin once when several API processes start together', async () => {
    const admins = t.app.get(AdminUsersService);
    const email = `first-admin-${Date.now()}@example.com`;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => admins.ensureAdmin(email, 'correct-horse-battery')),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'created')).toEqual(['exists', 'exists', 'exists']);
    await login(t, email);
  });
});
