import fc from 'fast-check';
import { allocatePoints, componentShares, tipsFor, weakestComponent } from './explanation';
import type { FeatureName } from './model';

const percentiles = (network: number, engagement: number, amplification: number, reach: number) => ({
  network,
  engagement,
  amplification,
  reach,
});

describe('explanation', () => {
  it('splits a score into tenths that add up to it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        (tenths, [n, e, a, r]) => {
          const score = tenths / 10;
          const points = allocatePoints(score, componentShares(percentiles(n, e, a, r)));
          const values = Object.values(points);
          for (const p of values) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(Math.round(p * 10))).toBe(true);
            expect(Math.abs(p * 10 - Math.round(p * 10))).toBeLessThan(1e-9);
          }
          expect(values.reduce((sum, p) => sum + Math.round(p * 10), 0)).toBe(tenths);
          expect(Math.abs(values.reduce((sum, p) => sum + p, 0) - score)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the component a member is strongest at the most points, weight for weight', () => {
    const points = allocatePoints(50, componentShares(percentiles(0.5, 0.5, 0.99, 0.5)));
    expect(points.amplification).toBeGreaterThan(points.reach);
    expect(points.network).toBeGreaterThan(points.engagement); // 0.35 vs 0.25 at equal percentiles
  });

  it.each<[FeatureName, ReturnType<typeof percentiles>]>([
    ['network', percentiles(0.1, 0.5, 0.5, 0.5)],
    ['engagement', percentiles(0.5, 0.1, 0.5, 0.5)],
    ['amplification', percentiles(0.5, 0.5, 0.1, 0.5)],
    ['reach', percentiles(0.5, 0.5, 0.5, 0.1)],
    ['network', percentiles(0.2, 0.2, 0.2, 0.2)],
  ])('finds %s weakest in %j', (weakest, p) => {
    expect(weakestComponent(p)).toBe(weakest);
    expect(
      tipsFor({ percentiles: p, followers: 100, countedFollowers: 100, accounts: 1, adjustments: [] })[0],
    ).toMatch(new RegExp(`^${weakest[0].toUpperCase()}${weakest.slice(1)} is your weakest component`, 'i'));
  });

  it('says “liked but rarely shared” when engagement is well ahead of amplification', () => {
    const [tip] = tipsFor({
      percentiles: percentiles(0.6, 0.8, 0.2, 0.5),
      followers: 1,
      countedFollowers: 1,
      accounts: 1,
      adjustments: [],
    });
    expect(tip).toContain('liked but rarely shared');
  });

  it('explains an audience that does not count', () => {
    const [tip] = tipsFor({
      percentiles: percentiles(0.6, 0.6, 0.6, 0.1),
      followers: 10_000,
      countedFollowers: 300,
      accounts: 1,
      adjustments: [],
    });
    expect(tip).toContain('does not count');
  });

  it('adds a tip per adjustment', () => {
    const tips = tipsFor({
      percentiles: percentiles(0.5, 0.5, 0.5, 0.5),
      followers: 1,
      countedFollowers: 1,
      accounts: 1,
      adjustments: [
        { kind: 'reciprocity-ring', factor: 0.5, reason: '' },
        { kind: 'mass-following', factor: 0.85, reason: '' },
        { kind: 'follower-spike', factor: 0.985, reason: '' },
      ],
    });
    expect(tips).toHaveLength(4);
  });
});
