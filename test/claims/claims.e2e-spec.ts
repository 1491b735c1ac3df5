import { parseCode } from '@perkrank/claims';
import {
  claimPerk,
  newBrand,
  newBrandMember,
  newClaimablePerk,
  newInfluencer,
  type PerkFixture,
  remainingStock,
  scoredInfluencer,
  setScore,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';

const HOUR = 3_600_000;

describe('claiming a perk (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  const perk = (overrides = {}): Promise<PerkFixture> => newClaimablePerk(t, admin, overrides);

  it('reserves a unit with a checked code, the score at claim and the expiry', async () => {
    const fixture = await perk({ claimTtlHours: 48 });
    const member = await scoredInfluencer(t, 72.5);
    const before = t.clock.now().getTime();
    const res = await member.post(`/v1/perks/${fixture.campaign.id}/claims`).expect(201);
    expect(res.body).toMatchObject({
      campaignId: fixture.campaign.id,
      status: 'reserved',
      scoreAtClaim: 72.5,
    });
    expect(res.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseCode(res.body.code).ok).toBe(true);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(48 * HOUR);
    expect(expiresAt - before).toBeLessThan(48 * HOUR + 60_000);
    expect(await remainingStock(fixture)).toBe(19);

    // Stored normalised, with an append-only event naming the member.
    const [row] = await t.dataSource.query(`SELECT code, status, slot FROM claims WHERE id = $1`, [
      res.body.id,
    ]);
    expect(row).toEqual({ code: res.body.code.replace(/-/g, ''), status: 'reserved', slot: 0 });
    const events = await t.dataSource.query(
      `SELECT type, actor_type, actor_id FROM claim_events WHERE claim_id = $1`,
      [res.body.id],
    );
    expect(events).toEqual([{ type: 'reserved', actor_type: 'member', actor_id: member.id }]);
  });

  it('refuses each reason with its own code', async () => {
    const fixture = await perk({ eligibility: { minScore: 60, topics: ['travel'] } });
    const url = `/v1/perks/${fixture.campaign.id}/claims`;

    const low = await scoredInfluencer(t, 40, { topics: ['travel'] });
    const lowRes = await low.post(url).expect(403);
    expect(lowRes.body.error).toMatchObject({ code: 'below_score_threshold', type: 'permission_error' });
    expect(lowRes.body.error.details.reasons).toEqual(['below_score_threshold']);

    const offTopic = await scoredInfluencer(t, 90, { topics: ['food'] });
    const offRes = await offTopic.post(url).expect(403);
    expect(offRes.body.error).toMatchObject({
      code: 'not_eligible',
      details: { reasons: ['topic_mismatch'] },
    });

    const unscored = await newInfluencer(t, { scoringConsent: true });
    await unscored.patch('/v1/me', { topics: ['travel'] }).expect(200);
    expect((await unscored.post(url).expect(403)).body.error.code).toBe('score_not_available');

    // Withdrawing consent deletes the score, which blocks claiming.
    const withdrawn = await scoredInfluencer(t, 90, { topics: ['travel'] });
    await withdrawn.patch('/v1/me/privacy', { scoringConsent: false }).expect(200);
    expect((await withdrawn.post(url).expect(403)).body.error.code).toBe('score_not_available');

    const ok = await scoredInfluencer(t, 90, { topics: ['travel'] });
    await claimPerk(ok, fixture.campaign.id);
    const again = await ok.post(url).expect(409);
    expect(again.body.error).toMatchObject({ code: 'already_claimed', type: 'conflict_error' });

    await fixture.brand.owner.post(`/v1/campaigns/${fixture.campaign.id}/pause`).expect(200);
    const paused = await (await scoredInfluencer(t, 90, { topics: ['travel'] })).post(url).expect(409);
    expect(paused.body.error.code).toBe('campaign_not_active');

    // Suspension ends the sessions; a request that still carries a live session is refused.
    const suspended = await scoredInfluencer(t, 90, { topics: ['travel'] });
    await t.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    expect((await suspended.post(url).expect(403)).body.error.code).toBe('account_suspended');
  });

  it('answers sold_out once the stock is gone, and already_claimed to a member who holds one', async () => {
    const fixture = await perk({ inventory: { total: 1, perUser: 1 } });
    const first = await scoredInfluencer(t, 80);
    await claimPerk(first, fixture.campaign.id);
    const late = await scoredInfluencer(t, 80);
    const res = await late.post(`/v1/perks/${fixture.campaign.id}/claims`).expect(409);
    expect(res.body.error).toMatchObject({ code: 'sold_out', type: 'conflict_error' });
    expect((await first.post(`/v1/perks/${fixture.campaign.id}/claims`).expect(409)).body.error.code).toBe(
      'already_claimed',
    );
    expect(await remainingStock(fixture)).toBe(0);
  });

  it('treats a campaign outside its window as not active, and an unpublished or unknown one as not found', async () => {
    const now = t.clock.now().getTime();
    const future = await perk({
      schedule: {
        startsAt: new Date(now + 2 * HOUR).toISOString(),
        endsAt: new Date(now + 10 * HOUR).toISOString(),
      },
    });
    const member = await scoredInfluencer(t, 90);
    expect((await member.post(`/v1/perks/${future.campaign.id}/claims`).expect(409)).body.error.code).toBe(
      'campaign_not_active',
    );
    const brand = await newBrand(t);
    const draft = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, { title: 'A draft', description: 'Not yet.' })
      .expect(201);
    expect((await member.post(`/v1/perks/${draft.body.id}/claims`).expect(404)).body.error.code).toBe(
      'campaign_not_found',
    );
    await member.post('/v1/perks/01900000-0000-7000-8000-000000000000/claims').expect(404);
    await member.post('/v1/perks/not-a-uuid/claims').expect(404);
  });

  it('replays a claim sent again with the same Idempotency-Key: same claim, one unit', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 80);
    const url = `/v1/perks/${fixture.campaign.id}/claims`;
    const first = await member.post(url).set('Idempotency-Key', 'claim-once').expect(201);
    const replay = await member.post(url).set('Idempotency-Key', 'claim-once').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await remainingStock(fixture)).toBe(19);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM claims WHERE campaign_id = $1`, [
      fixture.campaign.id,
    ]);
    expect(n).toBe(1);
  });

  it('records the answer with the claim: the key once, many sent at once make one claim', async () => {
    const fixture = await perk({ inventory: { total: 20, perUser: 3 } });
    const other = await perk();
    const member = await scoredInfluencer(t, 80);
    const url = `/v1/perks/${fixture.campaign.id}/claims`;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => member.post(url).set('Idempotency-Key', 'at-once')),
    );
    const made = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    expect(made).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 201) expect(a.body).toEqual(made[0].body);
      else expect([a.status, a.body.error.code]).toEqual([409, 'idempotency_request_in_progress']);
    }
    const [row] = await t.dataSource.query(
      `SELECT state, response_status AS status, response_body AS body FROM idempotency_keys
        WHERE scope = $1 AND key = 'at-once'`,
      [`user:${member.id}`],
    );
    expect(row).toEqual({ state: 'completed', status: 201, body: made[0].body });
    expect(await remainingStock(fixture)).toBe(19);
    // The same key for another request (another perk) is refused, and claims nothing.
    const reused = await member
      .post(`/v1/perks/${other.campaign.id}/claims`)
      .set('Idempotency-Key', 'at-once');
    expect([reused.status, reused.body.error.code]).toEqual([409, 'idempotency_key_reused']);
    expect(await remainingStock(other)).toBe(20);
  });

  it('lets a member hold up to perUser units, each with its own code', async () => {
    const fixture = await perk({ inventory: { total: 10, perUser: 3 } });
    const member = await scoredInfluencer(t, 80);
    const claims = [];
    for (let i = 0; i < 3; i++) claims.push(await claimPerk(member, fixture.campaign.id));
    expect(new Set(claims.map((c) => c.code)).size).toBe(3);
    expect((await member.post(`/v1/perks/${fixture.campaign.id}/claims`).expect(409)).body.error.code).toBe(
      'already_claimed',
    );
    // A cancelled claim frees its slot.
    await member.post(`/v1/me/claims/${claims[1].id}/cancel`).expect(200);
    await claimPerk(member, fixture.campaign.id);
    expect(await remainingStock(fixture)).toBe(7);
  });

  it('lists the member’s claims and shows one with a QR code and the disclosure requirement', async () => {
    const fixture = await perk({ disclosureRequired: true });
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, fixture.campaign.id);
    const list = await member.get('/v1/me/claims').expect(200);
    expect(list.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      id: claim.id,
      code: claim.code,
      status: 'reserved',
      disclosureRequired: true,
      brand: { id: fixture.brand.id, name: fixture.brand.name },
      perk: { title: fixture.campaign.title, type: 'upgrade' },
      location: { venueName: 'Hotel Example', city: 'Berlin', country: 'DE' },
      content: null,
    });
    expect(typeof list.body.data[0].disclosure).toBe('string');

    const detail = await member.get(`/v1/me/claims/${claim.id}`).expect(200);
    expect(detail.body.qrCode).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(detail.body.qrCode.split(',')[1], 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // The QR carries a token, never the code itself.
    expect(png.toString('latin1')).not.toContain(claim.code.replace(/-/g, ''));

    // Nobody else sees it.
    const other = await scoredInfluencer(t, 80);
    expect((await other.get(`/v1/me/claims/${claim.id}`).expect(404)).body.error.code).toBe(
      'claim_not_found',
    );
    expect((await other.get('/v1/me/claims').expect(200)).body.data).toEqual([]);
  });

  it('pages the member’s claims newest first', async () => {
    const member = await scoredInfluencer(t, 80);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const fixture = await perk();
      ids.push((await claimPerk(member, fixture.campaign.id)).id);
      t.clock.advance(1000);
    }
    const first = await member.get('/v1/me/claims?limit=2').expect(200);
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await member.get(`/v1/me/claims?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(second.body.hasMore).toBe(false);
  });

  it('cancels a reservation: the unit returns, a second cancel is refused', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, fixture.campaign.id);
    expect(await remainingStock(fixture)).toBe(19);
    const res = await member.post(`/v1/me/claims/${claim.id}/cancel`).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(await remainingStock(fixture)).toBe(20);
    expect((await member.post(`/v1/me/claims/${claim.id}/cancel`).expect(409)).body.error.code).toBe(
      'claim_cancelled',
    );
    const other = await scoredInfluencer(t, 80);
    await other.post(`/v1/me/claims/${claim.id}/cancel`).expect(404);
  });

  it('takes the post URL after the perk was redeemed, and shows it to the brand', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, fixture.campaign.id);
    const post = { url: 'https://mastodon.social/@member/1234' };
    expect((await member.post(`/v1/me/claims/${claim.id}/content`, post).expect(409)).body.error.code).toBe(
      'claim_not_redeemed',
    );
    const staff = await newBrandMember(t, fixture.brand, 'staff');
    await staff.post(`/v1/brands/${fixture.brand.id}/redemptions`, { code: claim.code }).expect(200);
    const bad = await member
      .post(`/v1/me/claims/${claim.id}/content`, { url: 'javascript:alert(1)' })
      .expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const res = await member.post(`/v1/me/claims/${claim.id}/content`, post).expect(200);
    expect(res.body.content).toMatchObject({ url: post.url });

    const claims = await fixture.brand.owner.get(`/v1/campaigns/${fixture.campaign.id}/claims`).expect(200);
    expect(claims.body.data).toEqual([
      expect.objectContaining({
        id: claim.id,
        status: 'redeemed',
        scoreAtClaim: 80,
        member: { displayName: member.displayName },
        content: expect.objectContaining({ url: post.url }),
      }),
    ]);
    const stats = await fixture.brand.owner.get(`/v1/campaigns/${fixture.campaign.id}/stats`).expect(200);
    expect(stats.body).toEqual({
      total: 20,
      remaining: 19,
      claimed: 1,
      reserved: 0,
      redeemed: 1,
      expired: 0,
      cancelled: 0,
      revoked: 0,
      contentSubmitted: 1,
    });
    // Staff only look up and redeem; outsiders do not learn the campaign exists.
    await staff.get(`/v1/campaigns/${fixture.campaign.id}/stats`).expect(403);
    const outsider = await newBrand(t);
    await outsider.owner.get(`/v1/campaigns/${fixture.campaign.id}/claims`).expect(404);
    const events = await t.dataSource.query(
      `SELECT type, actor_type FROM claim_events WHERE claim_id = $1 ORDER BY id`,
      [claim.id],
    );
    expect(events).toEqual([
      { type: 'reserved', actor_type: 'member' },
      { type: 'redeemed', actor_type: 'brand_user' },
      { type: 'content_submitted', actor_type: 'member' },
    ]);
  });

  it('keeps claim events append-only', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, fixture.campaign.id);
    await expect(
      t.dataSource.query(`UPDATE claim_events SET type = 'redeemed' WHERE claim_id = $1`, [claim.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`DELETE FROM claim_events WHERE claim_id = $1`, [claim.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`UPDATE claim_events SET actor_id = NULL WHERE claim_id = $1`, [claim.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('records the score at claim even when the score changes later', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 65);
    const claim = await claimPerk(member, fixture.campaign.id);
    await setScore(t, member.id, 91);
    const detail = await member.get(`/v1/me/claims/${claim.id}`).expect(200);
    expect(detail.body.scoreAtClaim).toBe(65);
  });
});
