import type { EligibilityMember } from '@perkrank/campaigns';
import { claimRefusal, type ClaimTarget } from './claim-eligibility';

const now = new Date('2030-05-01T12:00:00Z');
const HOUR = 3_600_000;

const campaign = (overrides: Partial<ClaimTarget> = {}): ClaimTarget => ({
  status: 'approved',
  fundingStatus: 'not_required',
  minScore: 60,
  topics: [],
  countries: [],
  cities: [],
  networks: [],
  remaining: 5,
  startsAt: new Date(now.getTime() - HOUR),
  endsAt: new Date(now.getTime() + HOUR),
  ...overrides,
});
const member = (overrides: Partial<EligibilityMember> = {}): EligibilityMember => ({
  score: 70,
  topics: ['travel'],
  country: 'DE',
  city: 'Berlin',
  verifiedNetworks: ['mastodon'],
  ...overrides,
});

describe('claimRefusal', () => {
  it('lets an eligible member claim a running campaign with stock', () => {
    expect(claimRefusal(campaign(), member(), now)).toBeUndefined();
    expect(claimRefusal(campaign({ fundingStatus: 'funded' }), member(), now)).toBeUndefined();
  });

  it.each([
    [{ status: 'paused' }, 'campaign_not_active'],
    [{ status: 'ended' }, 'campaign_not_active'],
    [{ status: 'removed' }, 'campaign_not_active'],
    [{ fundingStatus: 'unfunded' }, 'campaign_not_active'],
    [{ startsAt: new Date(now.getTime() + HOUR) }, 'campaign_not_active'],
    [{ endsAt: now }, 'campaign_not_active'],
    [{ remaining: 0 }, 'sold_out'],
    [{ topics: ['food'] }, 'not_eligible'],
    [{ countries: ['FR'] }, 'not_eligible'],
    [{ cities: ['Paris'] }, 'not_eligible'],
    [{ networks: ['bluesky'] }, 'not_eligible'],
    [{ minScore: 80 }, 'below_score_threshold'],
  ] as Array<[Partial<ClaimTarget>, string]>)('refuses %j with %s', (overrides, code) => {
    expect(claimRefusal(campaign(overrides), member(), now)?.code).toBe(code);
  });

  it('refuses a member without a score with score_not_available', () => {
    expect(claimRefusal(campaign(), member({ score: null }), now)?.code).toBe('score_not_available');
  });

  it('names the most actionable refusal first and still lists every reason', () => {
    const result = claimRefusal(
      campaign({ minScore: 90, topics: ['food'], remaining: 0 }),
      member({ score: 50 }),
      now,
    );
    expect(result).toEqual({
      code: 'below_score_threshold',
      reasons: ['below_score_threshold', 'topic_mismatch', 'sold_out'],
    });
    expect(claimRefusal(campaign({ status: 'paused', remaining: 0 }), member(), now)?.code).toBe(
      'campaign_not_active',
    );
  });
});
