import type { AggregatedInteractions } from './edge-aggregator';
import { computeFeatures, countedFollowers, spikeFollowers, type AccountStats } from './features';

describe('spikeFollowers', () => {
  it.each<[string, number[], number]>([
    ['steady growth has no spike', [1000, 1010, 1020, 1035, 1040], 0],
    ['a jump of 10,000 in one day', [300, 302, 10_302, 10_305], 10_000],
    ['a purchase spread over three days', [300, 3633, 6966, 10_300], 10_000],
    ['every spike counts, not only the largest', [300, 20_300, 20_310, 30_310], 30_000],
    ['a gain under 500 is never a spike', [100, 499, 560], 0],
    ['nor under 10 % of the followers before it', [100_000, 109_000, 109_500], 0],
    ['10 % exactly is a spike', [10_000, 11_000], 1000],
    [
      'the 10 % is of organic followers: an inflated account stays sensitive',
      [1000, 61_000, 64_000, 67_000],
      66_000,
    ],
    ['a single snapshot has no gains', [5000], 0],
  ])('%s', (_, counts, expected) => {
    expect(spikeFollowers(counts)).toBe(expected);
  });
});

describe('countedFollowers', () => {
  it.each([
    // followers, following, spiked, engagers → counted
    ['all followers count when engaged with', 1000, 300, 0, 50, 1000],
    ['spike followers are left out', 10_300, 300, 10_000, 50, 300],
    ['follow-backs of a mass follower count at 25 %', 3000, 2000, 0, 100, 1000 + 0.25 * 2000],
    ['following 1,500 is not mass-following', 3000, 1500, 0, 100, 3000],
    ['an audience that never engages is capped at 100', 5000, 300, 0, 0, 100],
    ['the cap grows with engagers', 5000, 300, 0, 9, 1000],
    ['no followers', 0, 0, 0, 0, 0],
  ] as [string, number, number, number, number, number][])(
    '%s',
    (_, followers, following, spiked, engagers, expected) => {
      expect(countedFollowers(followers, following, spiked, engagers)).toBe(expected);
    },
  );
});

describe('computeFeatures', () => {
  const interactions: AggregatedInteractions = {
    nodeCount: 4,
    src: Int32Array.of(2, 3),
    dst: Int32Array.of(0, 0),
    weight: Float64Array.of(9, 90),
    received: Float64Array.of(99, 0, 0, 0),
    engagers: Int32Array.of(2, 0, 0, 0),
    sharers: Int32Array.of(2, 0, 0, 0),
  };
  const accounts: AccountStats = {
    member: Int32Array.of(0, 0, 1),
    followers: Float64Array.of(99, 99_999, 9),
    following: Float64Array.of(10, 10, 10),
    posts: Float64Array.of(4, 6, 10),
    spikeFollowers: Float64Array.of(0, 0, 0),
  };
  const rank = Float64Array.of(0.5, 0.25, 0.125, 0.125);
  const features = computeFeatures({ interactions, members: Int32Array.of(0, 1), accounts, rank });

  it('expresses rank as log10(rank × N)', () => {
    expect(features.network[0]).toBeCloseTo(Math.log10(2), 12);
    expect(features.network[1]).toBeCloseTo(0, 12);
  });

  it('takes log10(1 + weight received) as engagement', () => {
    expect(features.engagement[0]).toBeCloseTo(2, 12);
    expect(features.engagement[1]).toBe(0);
  });

  it('shrinks sharers per post towards the population rate with a prior of 10 posts', () => {
    const mu = 2 / 20;
    expect(features.sharesPerPost).toBeCloseTo(mu, 12);
    expect(features.amplification[0]).toBeCloseTo(Math.log10(1 + (2 + 10 * mu) / (10 + 10)), 12);
    expect(features.amplification[1]).toBeCloseTo(Math.log10(1 + (0 + 10 * mu) / (10 + 10)), 12);
  });

  it('sums reach over accounts, each capped at 100 × (1 + distinct engagers) counted followers', () => {
    // Member 0 has 2 engagers: each account counts at most 300.
    expect(features.reach[0]).toBeCloseTo(Math.log10(1 + 99) + Math.log10(1 + 300), 12);
    expect(features.countedFollowers[0]).toBe(399);
    expect(features.followers[0]).toBe(100_098);
    // Member 1: 0 engagers, cap 100; its 9 followers count in full.
    expect(features.reach[1]).toBeCloseTo(1, 12);
  });
});
