import { checkSymbol, signClaimToken } from '@perkrank/claims';
import {
  claimPerk,
  type Client,
  newBrand,
  newBrandMember,
  newClaimablePerk,
  type PerkFixture,
  scoredInfluencer,
  setScore,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';
import { decodeQrDataUrl } from '../support/qr';

const MAX_FAILED = 5;

describe('the front desk: lookup and redemption (API)', () => {
  const t = useTestApp({ env: { REDEMPTION_MAX_FAILED_LOOKUPS: String(MAX_FAILED) } });
  const admin = useAdmin(t);

  const lookup = (desk: Client, brandId: string, code: string) =>
    desk.get(`/v1/brands/${brandId}/redemptions/lookup?code=${encodeURIComponent(code)}`);

  it('looks a code up without redeeming it, with the member’s name and score at claim and now', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 71);
    const claim = await claimPerk(member, perk.campaign.id);
    await setScore(t, member.id, 77);
    const staff = await newBrandMember(t, perk.brand, 'staff');
    const res = await lookup(staff, perk.brand.id, claim.code).expect(200);
    expect(res.body).toEqual({
      claim: expect.objectContaining({
        id: claim.id,
        code: claim.code,
        status: 'reserved',
        redeemedAt: null,
      }),
      member: { displayName: member.displayName, scoreAtClaim: 71, scoreNow: 77 },
      perk: expect.objectContaining({
        campaignId: perk.campaign.id,
        title: perk.campaign.title,
        type: 'upgrade',
      }),
    });
    // Still redeemable afterwards.
    await staff.post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }).expect(200);
  });

  it('matches codes typed in any case, without hyphens, with spaces and O/0, I/L/1 confused', async () => {
    const perk = await newClaimablePerk(t, admin);
    const staff = await newBrandMember(t, perk.brand, 'staff');
    // A code with 0s and 1s in it, made by hand so every confusion can be typed.
    const data = '0101ABCDEFG';
    const code = data + checkSymbol(data);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    await t.dataSource.query(`UPDATE claims SET code = $2 WHERE id = $1`, [claim.id, code]);
    for (const typed of [
      '0101-ABCD-EFG' + code[11],
      code.toLowerCase(),
      'o1o1 abcd efg' + code[11],
      'OlOI-ABCD-EFG' + code[11],
    ]) {
      const res = await lookup(staff, perk.brand.id, typed).expect(200);
      expect(res.body.claim.id).toBe(claim.id);
    }
    const redeemed = await staff
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: ` ${code.toLowerCase().replace(/0/g, 'o')} ` })
      .expect(200);
    expect(redeemed.body.claim).toMatchObject({ id: claim.id, status: 'redeemed' });
  });

  it('redeems once: 409 code_already_redeemed with redeemedAt after that', async () => {
    const perk = await newClaimablePerk(t, admin);
    const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    const url = `/v1/brands/${perk.brand.id}/redemptions`;
    const ok = await perk.brand.owner.post(url, { code: claim.code }).expect(200);
    expect(ok.body.claim.status).toBe('redeemed');
    const again = await perk.brand.owner.post(url, { code: claim.code }).expect(409);
    expect(again.body.error).toMatchObject({
      code: 'code_already_redeemed',
      details: { redeemedAt: ok.body.claim.redeemedAt },
    });
    // The lookup shows the state.
    expect((await lookup(perk.brand.owner, perk.brand.id, claim.code).expect(200)).body.claim.status).toBe(
      'redeemed',
    );
  });

  it('refuses a cancelled claim with claim_cancelled', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    await member.post(`/v1/me/claims/${claim.id}/cancel`).expect(200);
    const res = await perk.brand.owner
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code })
      .expect(409);
    expect(res.body.error.code).toBe('claim_cancelled');
  });

  it('redeems what a scanner reads from the QR image the member is shown', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    const shown = await member.get(`/v1/me/claims/${claim.id}`).expect(200);
    // An independent decoder (jsQR) reads exactly the signed token, and never the typed code.
    const scanned = decodeQrDataUrl(shown.body.qrCode);
    expect(scanned).toBe(signClaimToken(claim.id, t.config.claimTokenSecret));
    const desk = await newBrandMember(t, perk.brand, 'staff');
    expect((await lookup(desk, perk.brand.id, scanned!).expect(200)).body.claim.id).toBe(claim.id);
    const redeemed = await desk
      .post(`/v1/brands/${perk.brand.id}/redemptions`, { code: scanned })
      .expect(200);
    expect(redeemed.body.claim).toMatchObject({ id: claim.id, code: claim.code, status: 'redeemed' });
  });

  it('accepts the brand’s API key, and the signed token from the member’s QR code', async () => {
    const perk = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    const key = (await perk.brand.owner.post(`/v1/brands/${perk.brand.id}/api-keys`).expect(201)).body.key;
    const token = signClaimToken(claim.id, t.config.claimTokenSecret);
    const looked = await t.http
      .get(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(token)}`)
      .set('X-Api-Key', key)
      .expect(200);
    expect(looked.body.claim.id).toBe(claim.id);
    const redeemed = await t.http
      .post(`/v1/brands/${perk.brand.id}/redemptions`)
      .set('X-Api-Key', key)
      .send({ code: token })
      .expect(200);
    expect(redeemed.body.claim.status).toBe('redeemed');
    const [event] = await t.dataSource.query(
      `SELECT actor_type, actor_id FROM claim_events WHERE claim_id = $1 AND type = 'redeemed'`,
      [claim.id],
    );
    expect(event.actor_type).toBe('api_key');

    // A tampered token, or one signed with another key, finds nothing.
    const forged = signClaimToken(claim.id, 'x'.repeat(40));
    await lookup(perk.brand.owner, perk.brand.id, forged).expect(404);
    // Another brand's key is refused for this brand.
    const other = await newBrand(t);
    const otherKey = (await other.owner.post(`/v1/brands/${other.id}/api-keys`).expect(201)).body.key;
    await t.http
      .get(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=${encodeURIComponent(token)}`)
      .set('X-Api-Key', otherKey)
      .expect(404);
  });

  it('answers code_not_found for another brand’s code, and refuses outsiders and members', async () => {
    const perk: PerkFixture = await newClaimablePerk(t, admin);
    const member = await scoredInfluencer(t, 80);
    const claim = await claimPerk(member, perk.campaign.id);
    const other = await newBrand(t);
    const res = await lookup(other.owner, other.id, claim.code).expect(404);
    expect(res.body.error).toMatchObject({ code: 'code_not_found', type: 'not_found_error' });
    await other.owner.post(`/v1/brands/${other.id}/redemptions`, { code: claim.code }).expect(404);
    // Not a member of the brand: the brand itself is not found; the member can't redeem their own.
    await lookup(other.owner, perk.brand.id, claim.code).expect(404);
    await member.post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }).expect(404);
    await t.http.get(`/v1/brands/${perk.brand.id}/redemptions/lookup?code=x`).expect(401);
    // The claim is untouched.
    expect((await member.get(`/v1/me/claims/${claim.id}`).expect(200)).body.status).toBe('reserved');
  });

  it('limits failed lookups per desk: 429 with Retry-After for that desk, never for another one', async () => {
    const perk = await newClaimablePerk(t, admin);
    const claim = await claimPerk(await scoredInfluencer(t, 80), perk.campaign.id);
    const desks = [await newBrandMember(t, perk.brand, 'staff'), perk.brand.owner];
    for (let i = 0; i < MAX_FAILED; i++) {
      const data = `ZZZZZZZZZZ${i}`;
      await lookup(desks[0], perk.brand.id, data + checkSymbol(data)).expect(404);
    }
    const limited = await lookup(desks[0], perk.brand.id, claim.code).expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await desks[0].post(`/v1/brands/${perk.brand.id}/redemptions`, { code: claim.code }).expect(429);
    // The other desk of the same brand is not locked out by the first one's failures.
    await lookup(desks[1], perk.brand.id, claim.code).expect(200);
    // Other brands are not affected; the window passes.
    const other = await newClaimablePerk(t, admin);
    const otherClaim = await claimPerk(await scoredInfluencer(t, 80), other.campaign.id);
    await lookup(other.brand.owner, other.brand.id, otherClaim.code).expect(200);
    t.clock.advance((t.config.REDEMPTION_LOOKUP_WINDOW_SECONDS + 1) * 1000);
    await lookup(desks[0], perk.brand.id, claim.code).expect(200);
  });
});
