import { Injectable } from '@nestjs/common';
import { PersonalData, PersonalDataContributor } from '@perkrank/core';
import { REDACTED_REASON } from '@perkrank/identity';
import {
  Client,
  dumpPublicTables,
  insertSocialAccount,
  linesMentioning,
  joinBrand,
  login,
  newAdmin,
  newBrand,
  newBrandMember,
  newBrandUser,
  newInfluencer,
  newScoreSnapshot,
  PASSWORD,
  useTestApp,
} from '@perkrank/testing';
import { randomBytes } from 'node:crypto';

const tag = (): string => randomBytes(4).toString('hex');

describe('export and erasure (API)', () => {
  const t = useTestApp();

  it('exports every personal datum, then erases the person so no table keeps a trace of them', async () => {
    const admin = await newAdmin(t);
    const displayName = `Erin Erasable ${tag()}`;
    let member: Client = await newInfluencer(t, { scoringConsent: true, displayName });
    await member.patch('/v1/me', { topics: ['travel'], country: 'PT', city: 'Lisbon' }).expect(200);
    const mastodon = await insertSocialAccount(t, member, {
      network: 'mastodon',
      handle: `erin${tag()}@mastodon.example`,
    });
    const bluesky = await insertSocialAccount(t, member, {
      network: 'bluesky',
      handle: `erin${tag()}.bsky.social`,
      status: 'pending_verification',
    });
    await newScoreSnapshot(t, member, {
      score: 51.5,
      computedAt: new Date(t.clock.now().getTime() - 86_400_000),
    });
    await newScoreSnapshot(t, member, { score: 53.1 });

    // An admin acts on them (free text naming them), and on someone else mentioning their email and handle.
    await admin
      .post(`/v1/admin/users/${member.id}/suspend`, { reason: `${displayName} resold a suite` })
      .expect(200);
    await admin.post(`/v1/admin/users/${member.id}/unsuspend`).expect(200);
    const bystander = await newInfluencer(t);
    await admin
      .post(`/v1/admin/users/${bystander.id}/suspend`, {
        reason: `Second account of ${member.email.toUpperCase()} (${mastodon.handle})`,
      })
      .expect(200);
    member = await login(t, member.email);
    await member.patch('/v1/me/privacy', { publicProfile: true, scoringConsent: false }).expect(200);
    await member.patch('/v1/me/privacy', { scoringConsent: true }).expect(200);
    await newScoreSnapshot(t, member, { score: 55.2 });
    await t.http
      .post('/v1/auth/login')
      .send({ email: member.email, password: 'wrong-password-1' })
      .expect(401);

    // Brands: a manager in someone else's brand (inviting staff, creating a key there), sole member of their own.
    const shared = await newBrand(t);
    member = await joinBrand(t, shared.owner, shared.id, member, 'manager');
    const staff = await newBrandUser(t);
    await joinBrand(t, member, shared.id, staff, 'staff');
    await member.post(`/v1/brands/${shared.id}/api-keys`, { name: 'Front desk' }).expect(201);
    const own = await member
      .post('/v1/brands', { name: `Casa ${tag()}`, country: 'PT' })
      .set('Idempotency-Key', `create-${tag()}`)
      .expect(201);
    await member.post(`/v1/brands/${own.body.id}/api-keys`, { name: 'PMS' }).expect(201);

    const exported = await member.get('/v1/me/export').expect(200);
    const doc = exported.body;
    expect(doc).toMatchObject({
      format: 'perkrank-export/1',
      account: {
        id: member.id,
        email: member.email,
        displayName,
        dateOfBirth: '1990-04-12',
        status: 'active',
      },
      profile: { topics: ['travel'], country: 'PT', city: 'Lisbon' },
      privacy: { publicProfile: true, discoverable: false, scoringConsent: true },
    });
    expect(doc.account).not.toHaveProperty('passwordHash');
    expect(doc.sessions.length).toBeGreaterThanOrEqual(3);
    expect(doc.brands.map((b: { brandId: string; role: string }) => [b.brandId, b.role]).sort()).toEqual(
      [
        [shared.id, 'manager'],
        [own.body.id, 'owner'],
      ].sort(),
    );
    expect(doc.apiKeysCreated).toHaveLength(2);
    expect(doc.socialAccounts.map((a: { handle: string }) => a.handle).sort()).toEqual(
      [mastodon.handle, bluesky.handle].sort(),
    );
    expect(JSON.stringify(doc.socialAccounts)).not.toContain(mastodon.verificationToken);
    expect(doc.scores.published).toMatchObject({ score: 55.2, modelVersion: 'v1' });
    expect(doc.scores.snapshots.map((s: { score: number }) => s.score)).toEqual([55.2]);
    expect(doc.auditLog.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['user.suspend', 'another user'],
      ['user.unsuspend', 'another user'],
      ['privacy.scoring_consent_withdrawn', 'you'],
      ['privacy.scoring_consent_given', 'you'],
    ]);
    expect(JSON.stringify(doc.auditLog)).not.toContain(admin.id);

    const traces = [
      member.id,
      member.email,
      displayName,
      mastodon.handle,
      bluesky.handle,
      mastodon.nativeId ?? '',
    ];
    expect(linesMentioning(await dumpPublicTables(t), traces).length).toBeGreaterThan(10);

    await member.delete('/v1/me').expect(204);

    expect(linesMentioning(await dumpPublicTables(t), traces)).toEqual([]);
    // Every session ended.
    await member.get('/v1/me').expect(401);
    await t.http.post('/v1/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
    await t.http.post('/v1/auth/login').send({ email: member.email, password: PASSWORD }).expect(401);
    await t.http.get(`/v1/profiles/${member.id}`).expect(404);

    // What belongs to others outlives them, unlinked; their sole-member brand went with them.
    const members = await shared.owner.get(`/v1/brands/${shared.id}/members`).expect(200);
    expect(members.body.data.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [shared.owner.id, staff.id].sort(),
    );
    expect((await shared.owner.get(`/v1/brands/${shared.id}/api-keys`).expect(200)).body.data).toHaveLength(
      1,
    );
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM brands WHERE id = $1', [
      own.body.id,
    ]);
    expect(count).toBe(0);
    const log = await admin.get(`/v1/admin/audit-log?actorId=${admin.id}`).expect(200);
    const actions = log.body.data.map(
      (e: { action: string; subjectId: string | null; reason: string | null }) => [
        e.action,
        e.subjectId,
        e.reason,
      ],
    );
    expect(actions).toEqual([
      ['user.suspend', bystander.id, null],
      ['user.unsuspend', null, null],
      ['user.suspend', null, null],
    ]);
    const other = await admin.get(`/v1/admin/users/${bystander.id}`).expect(200);
    expect(other.body).toMatchObject({ status: 'suspended', suspendedReason: REDACTED_REASON });
    const erased = await admin.get('/v1/admin/audit-log?action=user.erase').expect(200);
    expect(erased.body.data).toHaveLength(1);
    expect(erased.body.data[0]).toMatchObject({ actorId: null, subjectId: null });

    // The email is free again.
    const again = await t.http
      .post('/v1/auth/register')
      .send({
        email: member.email,
        password: PASSWORD,
        displayName: 'Someone New',
        accountType: 'influencer',
        dateOfBirth: '1991-01-01',
        acceptTerms: true,
      })
      .expect(201);
    expect(again.body.user.id).not.toBe(member.id);
    const fresh = await login(t, member.email);
    const freshExport = await fresh.get('/v1/me/export').expect(200);
    expect(freshExport.body).toMatchObject({
      brands: [],
      socialAccounts: [],
      scores: { published: null, snapshots: [] },
    });
    expect(freshExport.body.auditLog).toEqual([]);
  });

  it('refuses while a brand with other members would lose its only owner, until ownership moves', async () => {
    const owner = await newBrandUser(t);
    const brand = await newBrand(t, owner);
    const staff = await newBrandMember(t, brand, 'staff');
    const outsider = await newBrandUser(t);

    const refused = await owner.delete('/v1/me').expect(409);
    expect(refused.body.error).toMatchObject({
      type: 'conflict_error',
      code: 'brand_ownership_transfer_required',
      details: { brands: [{ id: brand.id, name: brand.name }] },
    });
    await owner.get('/v1/me').expect(200); // nothing was erased

    await staff.post(`/v1/brands/${brand.id}/owner`, { userId: staff.id }).expect(403);
    await outsider.post(`/v1/brands/${brand.id}/owner`, { userId: outsider.id }).expect(404);
    expect(
      (await owner.post(`/v1/brands/${brand.id}/owner`, { userId: outsider.id }).expect(404)).body.error.code,
    ).toBe('member_not_found');
    await owner.post(`/v1/brands/${brand.id}/owner`, { userId: owner.id }).expect(409);
    await owner.post(`/v1/brands/${brand.id}/owner`, { userId: 'nope' }).expect(400);
    const moved = await owner.post(`/v1/brands/${brand.id}/owner`, { userId: staff.id }).expect(200);
    expect(moved.body.data.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [staff.id, 'owner'],
      [owner.id, 'manager'],
    ]);

    await owner.delete('/v1/me').expect(204);
    const after = await staff.get(`/v1/brands/${brand.id}`).expect(200);
    expect(after.body.role).toBe('owner');
    const [row] = await t.dataSource.query('SELECT created_by FROM brands WHERE id = $1', [brand.id]);
    expect(row.created_by).toBeNull();
  });

  it('erases an admin: their actions stay on record without them', async () => {
    const admin = await newAdmin(t);
    const member = await newInfluencer(t);
    const verified = await insertSocialAccount(t, member, { network: 'x', verifiedBy: admin.id });
    await admin.post(`/v1/admin/users/${member.id}/suspend`, { reason: 'Fake engagement' }).expect(200);

    await admin.delete('/v1/me').expect(204);

    expect(linesMentioning(await dumpPublicTables(t), [admin.id, admin.email])).toEqual([]);
    const [entry] = await t.dataSource.query(
      `SELECT actor_id, subject_id, reason FROM audit_log WHERE action = 'user.suspend' AND subject_id = $1`,
      [member.id],
    );
    expect(entry).toEqual({ actor_id: null, subject_id: member.id, reason: 'Fake engagement' });
    const [account] = await t.dataSource.query(
      'SELECT verified_by, status FROM social_accounts WHERE id = $1',
      [verified.id],
    );
    expect(account).toEqual({ verified_by: null, status: 'verified' });
  });

  it('keeps the audit log append-only apart from the erasure’s redaction', async () => {
    const admin = await newAdmin(t);
    const member = await newInfluencer(t);
    await admin.post(`/v1/admin/users/${member.id}/suspend`, { reason: 'Testing the trigger' }).expect(200);
    const where = `action = 'user.suspend' AND subject_id = '${member.id}'`;

    await expect(t.dataSource.query(`UPDATE audit_log SET actor_id = NULL WHERE ${where}`)).rejects.toThrow(
      /append-only/,
    );
    const redact = (sql: string): Promise<unknown> =>
      t.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('perkrank.audit_redaction', 'on', true)`);
        return manager.query(sql);
      });
    await expect(redact(`UPDATE audit_log SET reason = 'rewritten' WHERE ${where}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(redact(`UPDATE audit_log SET action = 'user.unsuspend' WHERE ${where}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(redact(`UPDATE audit_log SET actor_id = '${member.id}' WHERE ${where}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(redact(`DELETE FROM audit_log WHERE ${where}`)).rejects.toThrow(/append-only/);
    await expect(redact('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await redact(`UPDATE audit_log SET reason = NULL, before = NULL WHERE ${where}`);
    const [row] = await t.dataSource.query(
      `SELECT actor_id, reason, before, after FROM audit_log WHERE ${where}`,
    );
    expect(row).toMatchObject({
      actor_id: admin.id,
      reason: null,
      before: null,
      after: { status: 'suspended' },
    });
  });
});

/** A test-only context: proves contributors are discovered, and that erasure is all or nothing. */
@Injectable()
@PersonalData({ name: 'probe', eraseOrder: 500 })
class ProbePersonalData implements PersonalDataContributor {
  failErase = false;

  export(userId: string): Promise<Record<string, unknown>> {
    return Promise.resolve({ probe: { userId } });
  }

  erase(): Promise<void> {
    if (this.failErase) return Promise.reject(new Error('probe failed to erase'));
    return Promise.resolve();
  }
}

describe('erasure is one transaction over every discovered context (API)', () => {
  const t = useTestApp({ extra: { providers: [ProbePersonalData] } });

  it('merges a new context’s export section, and erases nothing when one context fails', async () => {
    const probe = t.app.get(ProbePersonalData);
    const member = await newInfluencer(t, { scoringConsent: true });
    await insertSocialAccount(t, member);
    await newScoreSnapshot(t, member);
    expect((await member.get('/v1/me/export').expect(200)).body.probe).toEqual({ userId: member.id });

    probe.failErase = true;
    const failed = await member.delete('/v1/me').expect(500);
    expect(failed.body.error.code).toBe('internal_error');
    const still = await member.get('/v1/me/export').expect(200);
    expect(still.body.socialAccounts).toHaveLength(1);
    expect(still.body.scores.snapshots).toHaveLength(1);

    probe.failErase = false;
    await member.delete('/v1/me').expect(204);
    expect(linesMentioning(await dumpPublicTables(t), [member.id, member.email])).toEqual([]);
  });
});
