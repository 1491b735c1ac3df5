import { FEATURE_NAMES, interactionKindFromName, InteractionKind, kindWeightTable, MODEL_V1 } from './model';

describe('MODEL_V1', () => {
  it('publishes the constants of model v1', () => {
    expect(MODEL_V1).toMatchObject({
      version: 'v1',
      windowDays: 90,
      halfLifeDays: 30,
      kindWeights: { like: 1, reply: 2, mention: 1.5, share: 3, follow: 0, post: 0 },
      selectivity: { dailyBudget: 20 },
      perTargetDailyCap: 5,
      pageRank: { damping: 0.85, tolerance: 1e-9, maxIterations: 100 },
      amplification: { priorPosts: 10 },
      weights: { network: 0.35, engagement: 0.25, amplification: 0.2, reach: 0.2 },
      adjustments: { minimumProduct: 0.5, massFollowing: { following: 1500, ratio: 2 } },
      stability: { emaAlpha: 0.3 },
    });
    expect(MODEL_V1.calibration.knots).toEqual([
      { percentile: 0, score: 1 },
      { percentile: 0.5, score: 40 },
      { percentile: 0.9, score: 60 },
      { percentile: 0.99, score: 75 },
      { percentile: 0.999, score: 85 },
      { percentile: 0.9999, score: 95 },
      { percentile: 1, score: 100 },
    ]);
  });

  it('has weights that add up to one and round-trips through JSON', () => {
    expect(FEATURE_NAMES.reduce((sum, f) => sum + MODEL_V1.weights[f], 0)).toBeCloseTo(1, 12);
    expect(JSON.parse(JSON.stringify(MODEL_V1))).toEqual(MODEL_V1);
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(MODEL_V1)).toBe(true);
    expect(Object.isFrozen(MODEL_V1.kindWeights)).toBe(true);
    expect(Object.isFrozen(MODEL_V1.calibration.knots[0])).toBe(true);
  });

  it('indexes kind weights by the numeric kind', () => {
    expect(Array.from(kindWeightTable())).toEqual([1, 2, 1.5, 3, 0, 0]);
    expect(interactionKindFromName('share')).toBe(InteractionKind.Share);
    expect(interactionKindFromName('poke')).toBeUndefined();
  });
});
