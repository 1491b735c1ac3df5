import { modelChangeReport } from './model-change';

describe('modelChangeReport', () => {
  const previousScore = [40, 50, 60, 70, NaN];
  const previousPercentile = [10, 40, 80, 95, 50];
  const daily = [60, 50, 40, 72, 30];
  // The moving average: 0.3 × daily + 0.7 × previous (the new member has none: daily alone).
  const published = [46, 50, 54, 70.6, 30];
  const percentile = [60, 40, 20, 96, 50];
  const report = modelChangeReport({
    from: 'v1',
    to: 'v2',
    previousScore,
    previousPercentile,
    daily,
    published,
    percentile,
    movers: 1,
  });

  it('compares only members with a score under both models', () => {
    expect(report.members).toBe(4);
    expect(report.from).toBe('v1');
    expect(report.to).toBe('v2');
  });

  it('gives the distribution of published and daily changes', () => {
    // Published changes: +6, 0, −6, +0.6; daily changes: +20, 0, −20, +2.
    expect(report.published.p50).toBeCloseTo(0.3, 9);
    expect(report.published.meanAbsolute).toBe(3.15);
    expect(report.published.beyond5).toBe(0.5);
    expect(report.daily.meanAbsolute).toBe(10.5);
    expect(report.daily.p1).toBeCloseTo(-19.4, 9);
    // Three members moved less than the new model alone would have moved them.
    expect(report.heldBackByMovingAverage).toBe(3);
  });

  it('lists the largest movers by percentile, naming nobody, and bands by old percentile', () => {
    expect(report.risers).toEqual([
      { previousPercentile: 10, percentile: 60, previousScore: 40, daily: 60, published: 46 },
    ]);
    expect(report.fallers).toEqual([
      { previousPercentile: 80, percentile: 20, previousScore: 60, daily: 40, published: 54 },
    ]);
    expect(report.bands.map((b) => b.members)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(report.bands[0]).toMatchObject({ from: 0, to: 25, meanPublishedChange: 6, meanDailyChange: 20 });
  });
});
