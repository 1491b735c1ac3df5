import {
  CAMPAIGN_REMOVED,
  CampaignRemovalHandler,
  CLAIMS_EXPIRE,
  ClaimExpiryProcessor,
} from '@perkrank/claims';
import { DOMAIN_EVENT_HANDLER, JobWorker } from '@perkrank/core';
import {
  claimPerk,
  dumpPublicTables,
  linesMentioning,
  newBrand,
  newBrandMember,
  newCampaign,
  newClaimablePerk,
  remainingStock,
  scoredInfluencer,
  useTestApp,
  useAdmin,
  submitAndApprove,
} from '@perkrank/testing';

const HOUR = 3_600_000;

describe('claim life cycle: expiry, revocation, pool codes, erasure (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  it('the expiry job runs every minute', () => {
    const found = t.app
      .get(JobWorker)
      .processors()
      .find((p) => p.options.name === CLAIMS_EXPIRE);
    expect(found?.options.cron).toBe('* * * * *');
  });

  it('refuses an expired reservation at the desk before the job runs; the job puts the unit back', async () => {
    const perk = await newClaimablePerk(t, admin, { claimTtlHours: 2 });
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    const keep = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    expect(await remainingStock(perk)).toBe(18);

    t.clock.advance(2 * HOUR + 1000);
    const desk = await newBrandMember(t, perk.brand, 'staff');
    const refused = await desk
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code })
      .expect(409);
    expect(refused.body.error).toMatchObject({
      code: 'claim_expired',
      details: { expiresAt: claim.expiresAt },
    });
    expect((await member.post(`/v1/me/claims/${claim.id}/cancel`).expect(409)).body.error.code).toBe(
      'claim_expired',
    );
    // Reads already say expired; the stock has not moved yet.
    expect((await member.get(`/v1/me/claims/${claim.id}`).expect(200)).body.status).toBe('expired');
    expect(await remainingStock(perk)).toBe(18);
    const stats = await perk.brand.owner.get(`/v1/campaigns/${perk.campaign.id}/stats`).expect(200);
    expect(stats.body).toMatchObject({ claimed: 2, reserved: 0, expired: 2 });

    const result = await t.app.get(ClaimExpiryProcessor).handle();
    expect(result.expired).toBeGreaterThanOrEqual(2);
    expect(await remainingStock(perk)).toBe(20);
    const rows = await t.dataSource.query(`SELECT id, status FROM claims WHERE id = ANY($1) ORDER BY id`, [
      [claim.id, keep.id],
    ]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['expired', 'expired']);
    const [event] = await t.dataSource.query(
      `SELECT actor_type, actor_id FROM claim_events WHERE claim_id = $1 AND type = 'expired'`,
      [claim.id],
    );
    expect(event).toEqual({ actor_type: 'system', actor_id: null });
    // Running again changes nothing; the freed slot can be claimed again.
    await t.app.get(ClaimExpiryProcessor).handle();
    expect(await remainingStock(perk)).toBe(20);
    await claimPerk(member, perk.campaign.id);
  });

  it('revokes the open reservations of a removed campaign in the removing transaction', async () => {
    const perk = await newClaimablePerk(t, admin);
    const members = [
      await scoredInfluencer(t, 80),
      await scoredInfluencer(t, 80),
      await scoredInfluencer(t, 80),
    ];
    const claims = await Promise.all(members.map((m) => claimPerk(m, perk.campaign.id)));
    await perk.brand.owner
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claims[0].code })
      .expect(200);
    expect(await remainingStock(perk)).toBe(17);

    // As the campaigns context does it: the status change and the event in one transaction. The
    // handler is called directly (other contexts subscribe to the same event with their own tables).
    expect(
      Reflect.getMetadata(DOMAIN_EVENT_HANDLER, CampaignRemovalHandler.prototype.onCampaignRemoved),
    ).toBe(CAMPAIGN_REMOVED);
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE campaigns SET status = 'removed' WHERE id = $1`, [perk.campaign.id]);
      await t.app.get(CampaignRemovalHandler).onCampaignRemoved(
        {
          type: CAMPAIGN_REMOVED,
          payload: { campaignId: perk.campaign.id, brandId: perk.brand.id, actorId: admin.id },
        },
        manager,
      );
    });

    const statuses = await t.dataSource.query(`SELECT id, status FROM claims WHERE campaign_id = $1`, [
      perk.campaign.id,
    ]);
    const byId = new Map(statuses.map((r: { id: string; status: string }) => [r.id, r.status]));
    expect(byId.get(claims[0].id)).toBe('redeemed');
    expect(byId.get(claims[1].id)).toBe('revoked');
    expect(byId.get(claims[2].id)).toBe('revoked');
    expect(await remainingStock(perk)).toBe(19);
    const refused = await perk.brand.owner
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claims[1].code })
      .expect(409);
    expect(refused.body.error.code).toBe('claim_revoked');
    const [event] = await t.dataSource.query(
      `SELECT actor_type, actor_id, details FROM claim_events WHERE claim_id = $1 AND type = 'revoked'`,
      [claims[1].id],
    );
    expect(event).toEqual({
      actor_type: 'admin',
      actor_id: admin.id,
      details: { reason: 'campaign_removed' },
    });
    expect((await members[1].get(`/v1/me/claims/${claims[1].id}`).expect(200)).body.status).toBe('revoked');
  });

  // TODO(lead): enable once the campaigns context publishes `campaign.removed` on POST /v1/admin/campaigns/:id/remove.
  it('revokes when an admin removes a live campaign through the API', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    await admin
      .post(`/v1/admin/campaigns/${perk.campaign.id}/remove`, { reason: 'Misleading offer' })
      .expect(200);
    expect((await member.get(`/v1/me/claims/${claim.id}`).expect(200)).body.status).toBe('revoked');
    expect(await remainingStock(perk)).toBe(20);
  });

  it('pool mode: uploads are folded, de-duplicated and counted; claims take unused codes', async () => {
    // Codes are uploaded while drafting: a pool smaller than the stock cannot be submitted.
    const brand = await newBrand(t);
    const draft = await newCampaign(t, brand, {
      codes: { mode: 'pool' },
      inventory: { total: 3, perUser: 1 },
    });
    const perk = { brand, admin, campaign: draft };
    const url = `/v1/campaigns/${perk.campaign.id}/codes`;
    const first = await perk.brand.owner
      .post(url, { codes: ['room-1001', 'ROOM1002', 'room 1003', 'ROOM-1001', 'suite-oo7'] })
      .expect(201);
    expect(first.body).toEqual({ added: 4, duplicates: 1, poolSize: 4 });
    const second = await perk.brand.owner
      .post(url, { codes: ['room1003', 'SUITE-007', 'spa-42'] })
      .expect(201);
    expect(second.body).toEqual({ added: 1, duplicates: 2, poolSize: 5 });
    const invalid = await perk.brand.owner.post(url, { codes: ['ok-code-1', 'x!'] }).expect(400);
    expect(invalid.body.error).toMatchObject({
      code: 'validation_failed',
      details: { fields: { 'codes.1': expect.any(Array) } },
    });
    const [{ code_pool_size: size }] = await t.dataSource.query(
      `SELECT code_pool_size FROM campaigns WHERE id = $1`,
      [perk.campaign.id],
    );
    expect(size).toBe(5);
    await submitAndApprove(brand, admin, draft.id);

    // Stored folded like typed input: O→0, I→1.
    const pool = new Set(['R00M1001', 'R00M1002', 'R00M1003', 'SU1TE007', 'SPA42']);
    const members = [
      await scoredInfluencer(t, 80),
      await scoredInfluencer(t, 80),
      await scoredInfluencer(t, 80),
    ];
    const claims = await Promise.all(members.map((m) => claimPerk(m, perk.campaign.id)));
    const codes = claims.map((c) => c.code);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) expect(pool.has(code)).toBe(true);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pool_codes WHERE campaign_id = $1 AND claim_id IS NOT NULL`,
      [perk.campaign.id],
    );
    expect(n).toBe(3);

    // The desk types a pool code loosely and finds the claim; staff may not upload.
    const staff = await newBrandMember(t, perk.brand, 'staff');
    const typed = codes[0].toLowerCase().replace(/1/g, 'l');
    const found = await staff
      .get(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(typed)}`)
      .expect(200);
    expect(found.body.claim.id).toBe(claims[0].id);
    await staff.post(url, { codes: ['another-1'] }).expect(403);

    // A cancelled pool code is never handed out again; a returned unit takes a spare code.
    await members[0].post(`/v1/me/claims/${claims[0].id}/cancel`).expect(200);
    const next = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    expect(codes).not.toContain(next.code);
  });

  it('refuses pool uploads for a campaign that generates its codes', async () => {
    const perk = await newClaimablePerk(t, admin);
    const res = await perk.brand.owner
      .post(`/v1/campaigns/${perk.campaign.id}/codes`, { codes: ['abcd-1'] })
      .expect(409);
    expect(res.body.error.code).toBe('codes_not_accepted');
  });

  it('answers sold_out when a pool has no unused code left for a returned unit', async () => {
    const brand = await newBrand(t);
    const draft = await newCampaign(t, brand, {
      codes: { mode: 'pool' },
      inventory: { total: 1, perUser: 1 },
    });
    await brand.owner.post(`/v1/campaigns/${draft.id}/codes`, { codes: ['only-one'] }).expect(201);
    await submitAndApprove(brand, admin, draft.id);
    const perk = { brand, admin, campaign: draft };
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    await member.post(`/v1/me/claims/${claim.id}/cancel`).expect(200);
    const res = await (
      await scoredInfluencer(t, 80)
    )
      .post(`/v1/perks/${perk.campaign.id}/claims`)
      .expect(409);
    expect(res.body.error).toMatchObject({ code: 'sold_out', details: { reason: 'code_pool_exhausted' } });
    expect(await remainingStock(perk)).toBe(1);
  });

  it('exports a member’s claims and erases them: open units return, nothing points at the person', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const open = await claimPerk(member, perk.campaign.id);
    const other = await newClaimablePerk(t, admin);
    const used = await claimPerk(member, other.campaign.id);
    await other.brand.owner.post(`/v1/brands/${other.brand.id}/redemptions`, { code: used.code }).expect(200);
    await member
      .post(`/v1/me/claims/${used.id}/content`, { url: 'https://example.social/@me/1' })
      .expect(200);

    const exported = await member.get('/v1/me/export').expect(200);
    const claims = JSON.stringify(exported.body);
    expect(claims).toContain(open.id);
    expect(claims).toContain('https://example.social/@me/1');

    await member.delete('/v1/me').expect(204);
    expect(await remainingStock(perk)).toBe(20);
    expect(
      linesMentioning(await dumpPublicTables(t), [member.id, member.email, 'example.social/@me']),
    ).toEqual([]);
    const stats = await other.brand.owner.get(`/v1/campaigns/${other.campaign.id}/stats`).expect(200);
    expect(stats.body).toMatchObject({ claimed: 1, redeemed: 1 });
  });

  it('lets a brand deleted with its owner take its campaigns’ claims and their history along', async () => {
    const perk = await newClaimablePerk(t, admin);
    const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    await perk.brand.owner.post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }).expect(200);
    // The owner is the brand's only member: erasing them deletes the brand, cascading to claims.
    await perk.brand.owner.delete('/v1/me').expect(204);
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM claims WHERE id = $1) AS claims,
              (SELECT count(*)::int FROM claim_events WHERE claim_id = $1) AS events`,
      [claim.id],
    );
    expect(row).toEqual({ claims: 0, events: 0 });
  });
});
