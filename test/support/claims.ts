import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { TestApp } from './app';
import { type CampaignJson, type CampaignOverrides, newLiveCampaign, scoredInfluencer } from './campaigns';
import { type BrandFixture, type Client, newBrand } from './factories';

/** A claim as POST /v1/perks/:id/claims answers it. */
export type ClaimJson = { id: string; campaignId: string; code: string; status: string; expiresAt: string };

/**
 * A brand with a live campaign that members scoring 60+ can claim (20 units, one per member,
 * generated codes), plus the admin who approved it.
 */
export interface PerkFixture {
  brand: BrandFixture;
  admin: Client;
  campaign: CampaignJson;
}

export async function newClaimablePerk(
  t: TestApp,
  admin: Client,
  overrides: CampaignOverrides = {},
  brand?: BrandFixture,
): Promise<PerkFixture> {
  const owner = brand ?? (await newBrand(t));
  const campaign = await newLiveCampaign(t, owner, admin, overrides);
  return { brand: owner, admin, campaign };
}

/** Claims the perk as `member` and returns the claim (201 expected). */
export async function claimPerk(member: Client, campaignId: string): Promise<ClaimJson> {
  const res = await member.post(`/v1/perks/${campaignId}/claims`).expect(201);
  return res.body as ClaimJson;
}

/** How many answers had each status, e.g. `{ 201: 25, 409: 275 }`. */
export function statuses(answers: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** Stock left, read from the campaign as its brand sees it. */
export async function remainingStock(perk: PerkFixture): Promise<number> {
  const res = await perk.brand.owner.get(`/v1/campaigns/${perk.campaign.id}`).expect(200);
  return (res.body as { inventory: { remaining: number } }).inventory.remaining;
}

/** `count` influencers with a score (consenting), registered in parallel batches. */
export async function scoredInfluencers(t: TestApp, count: number, score: number): Promise<Client[]> {
  const members: Client[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Math.min(10, count - i);
    members.push(...(await Promise.all(Array.from({ length: batch }, () => scoredInfluencer(t, score)))));
  }
  return members;
}

/**
 * The app listening on a loopback port, so that parallel requests really are parallel connections
 * (supertest on an unbound server would start one server per request).
 */
export async function listening(t: TestApp): Promise<{ base: string; as(token: string): Agent }> {
  const server = t.app.getHttpServer() as { address(): AddressInfo | string | null; listening: boolean };
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const address = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    as: (token) => ({
      get: (path) => request(base).get(path).set('Authorization', `Bearer ${token}`),
      post: (path, body) =>
        request(base)
          .post(path)
          .set('Authorization', `Bearer ${token}`)
          .send(body ?? {}),
    }),
  };
}

export interface Agent {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
}
