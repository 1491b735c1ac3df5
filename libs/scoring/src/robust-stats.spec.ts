import { median, midRankPercentiles, quantileOfSorted, robustScale } from './robust-stats';

describe('robust statistics', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5], 5],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('interpolates quantiles between order statistics', () => {
    const sorted = Float64Array.of(0, 10, 20, 30, 40);
    expect(quantileOfSorted(sorted, 0)).toBe(0);
    expect(quantileOfSorted(sorted, 0.5)).toBe(20);
    expect(quantileOfSorted(sorted, 0.9)).toBe(36);
    expect(quantileOfSorted(sorted, 1)).toBe(40);
  });

  it('scales by 1.4826 × MAD', () => {
    expect(robustScale([1, 2, 3, 4, 100])).toEqual({ median: 3, mad: 1, scale: 1.4826 });
  });

  it('falls back to the mean deviation when more than half the values are equal', () => {
    const scale = robustScale([0, 0, 0, 0, 5]);
    expect(scale.mad).toBe(0);
    expect(scale.scale).toBeCloseTo(1.2533, 12);
    expect(robustScale([7, 7, 7]).scale).toBe(0);
  });

  it('gives mid-rank percentiles, shared by ties', () => {
    expect(Array.from(midRankPercentiles([10, 30, 20, 30, 0]))).toEqual([0.25, 0.875, 0.5, 0.875, 0]);
    expect(Array.from(midRankPercentiles([42]))).toEqual([0.5]);
  });
});
