import { DomainEvents } from '@perkrank/core';
import {
  claimPerk,
  newClaimablePerk,
  remainingStock,
  scoredInfluencer,
  useAdmin,
  useTestApp,
} from '@perkrank/testing';

const HOUR = 3_600_000;

/**
 * The claim writes its `claim.created` outbox rows before the reserve statement (to hold the
 * campaign row's lock for the statement and the commit only) and checks them against what the
 * statement made; these pin that the mail says what the claim is, on both paths.
 */
describe('claim outbox rows (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  async function confirmations(memberId: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ params: Record<string, unknown> }> = await t.dataSource.query(
      `SELECT params FROM mail_outbox WHERE user_id = $1 AND kind = 'claim_confirmation'`,
      [memberId],
    );
    return rows.map((r) => r.params);
  }

  /** Claims the perk, counting how often `claim.created` is published: once, unless the prediction missed. */
  async function claimCounting(
    member: Parameters<typeof claimPerk>[0],
    campaignId: string,
  ): Promise<{ claim: { id: string }; published: number }> {
    const spy = jest.spyOn(t.app.get(DomainEvents), 'publish');
    try {
      const claim = await claimPerk(member, campaignId);
      return { claim, published: spy.mock.calls.filter(([event]) => event.type === 'claim.created').length };
    } finally {
      spy.mockRestore();
    }
  }

  /** The member's one confirmation mail names the claim's stored code and expiry. */
  async function expectOneConfirmation(memberId: string, campaignId: string, claimId: string): Promise<void> {
    const row = await claimRow(claimId);
    expect(await confirmations(memberId)).toEqual([
      { claimId, campaignId, code: row.code, codeKind: 'generated', expiresAt: row.expires_at.toISOString() },
    ]);
  }

  async function claimRow(id: string): Promise<{ code: string; expires_at: Date }> {
    const [row] = await t.dataSource.query(`SELECT code, expires_at FROM claims WHERE id = $1`, [id]);
    return row;
  }

  it('writes one confirmation with the claim’s code and expiry', async () => {
    const fixture = await newClaimablePerk(t, admin, { claimTtlHours: 24 });
    const member = await scoredInfluencer(t, 75);
    const { claim, published } = await claimCounting(member, fixture.campaign.id);
    expect(published).toBe(1);
    await expectOneConfirmation(member.id, fixture.campaign.id, claim.id);
  });

  it('writes the confirmation of the claim made when the campaign changed under the claim', async () => {
    const fixture = await newClaimablePerk(t, admin, { claimTtlHours: 24 });
    const member = await scoredInfluencer(t, 75);
    // The TTL moves as the reserve statement takes the unit: the facts read before it are stale.
    await t.dataSource.query(`CREATE FUNCTION test_bump_ttl() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.claim_ttl_hours := OLD.claim_ttl_hours + 1; RETURN NEW; END $$`);
    await t.dataSource.query(
      `CREATE TRIGGER test_bump_ttl BEFORE UPDATE OF inventory_remaining ON campaigns
         FOR EACH ROW WHEN (NEW.id = '${fixture.campaign.id}') EXECUTE FUNCTION test_bump_ttl()`,
    );
    try {
      const before = t.clock.now().getTime();
      // Published before the statement, then again (the first transaction rolled back).
      const { claim, published } = await claimCounting(member, fixture.campaign.id);
      expect(published).toBe(2);
      const row = await claimRow(claim.id);
      // The run that committed made it with the TTL its statement saw (the bump rolled back once).
      expect(row.expires_at.getTime() - before).toBeGreaterThanOrEqual(25 * HOUR);
      await expectOneConfirmation(member.id, fixture.campaign.id, claim.id);
      const claims = await t.dataSource.query(`SELECT id FROM claims WHERE member_id = $1`, [member.id]);
      expect(claims).toHaveLength(1);
      expect(await remainingStock(fixture)).toBe(19);
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_bump_ttl ON campaigns`);
      await t.dataSource.query(`DROP FUNCTION test_bump_ttl()`);
    }
  });
});
