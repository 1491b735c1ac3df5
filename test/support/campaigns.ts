import { MemberScore } from '@perkrank/scores';
import type { TestApp } from './app';
import { type BrandFixture, type Client, newInfluencer } from './factories';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Publishes a score for a member the way a scoring run does (the latest score per member lives in
 * `member_scores`), without running the engine.
 */
export async function setScore(t: TestApp, userId: string, score: number, percentile = 50): Promise<void> {
  await t.dataSource
    .getRepository(MemberScore)
    .upsert({ userId, score, percentile, modelVersion: 'test', runId: null, computedAt: t.clock.now() }, [
      'userId',
    ]);
}

/** A campaign as the API returns it; tests read what they assert on. */
export type CampaignJson = { id: string; status: string } & Record<string, unknown>;

export interface CampaignBody {
  title: string;
  description: string;
  perk: Record<string, unknown>;
  eligibility: Record<string, unknown>;
  inventory: Record<string, unknown>;
  codes: Record<string, unknown>;
  schedule: Record<string, unknown>;
  claimTtlHours: number;
  location: Record<string, unknown> | null;
  disclosureRequired: boolean;
}

export type CampaignOverrides = { [K in keyof CampaignBody]?: CampaignBody[K] };

/**
 * A complete, valid campaign body: running now (started an hour ago on the test clock, or on any
 * clock, e.g. `{ clock: { now: () => new Date() } }` for a program run outside the test app) for 30
 * days. Nested parts in `overrides` are merged into the defaults part by part.
 */
export function campaignBody(t: { clock: { now(): Date } }, overrides: CampaignOverrides = {}): CampaignBody {
  const now = t.clock.now().getTime();
  const base: CampaignBody = {
    title: 'Suite upgrade for Berlin creators',
    description: 'Stay with us and we upgrade your room to a junior suite on arrival.',
    perk: {
      type: 'upgrade',
      terms: 'Valid for stays of two nights or more, subject to availability on the day of arrival.',
      valueMinor: 15_000,
      currency: 'EUR',
    },
    eligibility: { minScore: 60, topics: [], networks: [], countries: [], cities: [] },
    inventory: { total: 20, perUser: 1 },
    codes: { mode: 'generated' },
    schedule: {
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + 30 * DAY).toISOString(),
    },
    claimTtlHours: 72,
    location: { venueName: 'Hotel Example', city: 'Berlin', country: 'DE' },
    disclosureRequired: true,
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged as unknown as CampaignBody;
}

/** Creates a draft through the API as the brand's owner; returns the response body. */
export async function newCampaign(
  t: TestApp,
  brand: BrandFixture,
  overrides: CampaignOverrides = {},
): Promise<CampaignJson> {
  const res = await brand.owner
    .post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t, overrides))
    .expect(201);
  return res.body as CampaignJson;
}

/** Creates, submits and approves a campaign: it is in the feed for members who qualify. */
export async function newLiveCampaign(
  t: TestApp,
  brand: BrandFixture,
  admin: Client,
  overrides: CampaignOverrides = {},
): Promise<CampaignJson> {
  const draft = await newCampaign(t, brand, overrides);
  return submitAndApprove(brand, admin, draft.id);
}

/** The brand's owner submits the campaign and the admin approves it; returns the approved campaign. */
export async function submitAndApprove(
  brand: BrandFixture,
  admin: Client,
  campaignId: string,
): Promise<CampaignJson> {
  await brand.owner.post(`/v1/campaigns/${campaignId}/submit`).expect(200);
  const approved = await admin.post(`/v1/admin/campaigns/${campaignId}/approve`, {}).expect(200);
  return approved.body as CampaignJson;
}

/** An influencer who consents to scoring, with a published score and a profile (topics, country, city). */
export async function scoredInfluencer(
  t: TestApp,
  score: number | null,
  profile: { topics?: string[]; country?: string | null; city?: string | null } = {},
): Promise<Client> {
  const member = await newInfluencer(t, { scoringConsent: true });
  if (score !== null) await setScore(t, member.id, score);
  if (Object.keys(profile).length > 0) await member.patch('/v1/me', profile).expect(200);
  return member;
}
