import {
  beforeAllValue,
  claimPerk,
  type Client,
  listening,
  newBrandMember,
  newClaimablePerk,
  type PerkFixture,
  remainingStock,
  scoredInfluencer,
  scoredInfluencers,
  statuses,
  useAdmin,
  useTestApp,
} from '@perkrank/testing';

/**
 * Races on real PostgreSQL over real parallel connections: the app listens on a loopback port
 * and every request below is its own HTTP request, sent all at once.
 */
describe('claims under concurrency (API, parallel connections)', () => {
  const t = useTestApp({ env: { DATABASE_POOL_SIZE: '30' } });
  const admin = useAdmin(t);
  const http = beforeAllValue('listening', () => listening(t));

  /** One claim of the perk by each of `members` (the same member may stand there more than once), all at once. */
  const claimsAtOnce = (perk: PerkFixture, members: Client[]) =>
    Promise.all(members.map((m) => http.as(m.accessToken).post(`/v1/perks/${perk.campaign.id}/claims`)));

  it('300 members at once on 25 units: exactly 25 reserved, stock 0, every other answer sold_out', async () => {
    const perk = await newClaimablePerk(t, admin, { inventory: { total: 25, perUser: 1 } });
    const members = await scoredInfluencers(t, 300, 80);
    const responses = await claimsAtOnce(perk, members);
    expect(statuses(responses)).toEqual({ 201: 25, 409: 275 });
    for (const res of responses.filter((r) => r.status === 409)) expect(res.body.error.code).toBe('sold_out');
    expect(await remainingStock(perk)).toBe(0);
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS claims, count(DISTINCT member_id)::int AS members, count(DISTINCT code)::int AS codes
         FROM claims WHERE campaign_id = $1 AND status = 'reserved'`,
      [perk.campaign.id],
    );
    expect(row).toEqual({ claims: 25, members: 25, codes: 25 });
  }, 120_000);

  it('20 parallel claims by one member with perUser 1: exactly one', async () => {
    const perk = await newClaimablePerk(t, admin, { inventory: { total: 20, perUser: 1 } });
    const member = await scoredInfluencer(t, 80);
    const responses = await claimsAtOnce(perk, Array<Client>(20).fill(member));
    expect(statuses(responses)).toEqual({ 201: 1, 409: 19 });
    for (const res of responses.filter((r) => r.status === 409))
      expect(res.body.error.code).toBe('already_claimed');
    expect(await remainingStock(perk)).toBe(19);
  });

  it('20 parallel claims by one member with perUser 3: exactly three', async () => {
    const perk = await newClaimablePerk(t, admin, { inventory: { total: 20, perUser: 3 } });
    const member = await scoredInfluencer(t, 80);
    const responses = await claimsAtOnce(perk, Array<Client>(20).fill(member));
    expect(statuses(responses)).toEqual({ 201: 3, 409: 17 });
    expect(await remainingStock(perk)).toBe(17);
    const slots = await t.dataSource.query(`SELECT slot FROM claims WHERE campaign_id = $1 ORDER BY slot`, [
      perk.campaign.id,
    ]);
    expect(slots.map((r: { slot: number }) => r.slot)).toEqual([0, 1, 2]);
  });

  it('the same code redeemed by two desks at once: one 200, one 409 code_already_redeemed', async () => {
    const perk = await newClaimablePerk(t, admin);
    const desks = [
      await newBrandMember(t, perk.brand, 'staff'),
      await newBrandMember(t, perk.brand, 'staff'),
    ];
    for (let round = 0; round < 5; round++) {
      const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
      const responses = await Promise.all(
        desks.map((desk) =>
          http.as(desk.accessToken).post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }),
        ),
      );
      expect(statuses(responses)).toEqual({ 200: 1, 409: 1 });
      const refused = responses.find((r) => r.status === 409);
      expect(refused?.body.error).toMatchObject({ code: 'code_already_redeemed' });
      expect(typeof refused?.body.error.details.redeemedAt).toBe('string');
      const events = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM claim_events WHERE claim_id = $1 AND type = 'redeemed'`,
        [claim.id],
      );
      expect(events[0].n).toBe(1);
    }
  });

  it('cancel racing redeem leaves one consistent outcome', async () => {
    const perk = await newClaimablePerk(t, admin, { inventory: { total: 20, perUser: 1 } });
    const desk = await newBrandMember(t, perk.brand, 'staff');
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const member = await scoredInfluencer(t, 80);
      const claim = await claimPerk(member, perk.campaign.id);
      const stockBefore = await remainingStock(perk);
      const [cancel, redeem] = await Promise.all([
        http.as(member.accessToken).post(`/v1/me/claims/${claim.id}/cancel`),
        http.as(desk.accessToken).post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }),
      ]);
      const [row] = await t.dataSource.query(`SELECT status FROM claims WHERE id = $1`, [claim.id]);
      const events = await t.dataSource.query(
        `SELECT type FROM claim_events WHERE claim_id = $1 AND type <> 'reserved'`,
        [claim.id],
      );
      if (cancel.status === 200) {
        expect(redeem.status).toBe(409);
        expect(redeem.body.error.code).toBe('claim_cancelled');
        expect(row.status).toBe('cancelled');
        expect(events).toEqual([{ type: 'cancelled' }]);
        expect(await remainingStock(perk)).toBe(stockBefore + 1);
      } else {
        expect(cancel.status).toBe(409);
        expect(cancel.body.error.code).toBe('code_already_redeemed');
        expect(redeem.status).toBe(200);
        expect(row.status).toBe('redeemed');
        expect(events).toEqual([{ type: 'redeemed' }]);
        expect(await remainingStock(perk)).toBe(stockBefore);
      }
      outcomes.add(row.status);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });
});
