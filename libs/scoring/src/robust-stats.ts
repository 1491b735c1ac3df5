/** Order statistics over typed arrays: medians, MAD, quantiles and mid-rank percentiles. */

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { abs, floor, min } = Math;

/** Scales a MAD to the standard deviation of a normal distribution. */
export const MAD_TO_SD = 1.4826;
/** Scales a mean absolute deviation to the standard deviation of a normal distribution. */
export const MEAN_AD_TO_SD = 1.2533;

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values);
  copy.sort();
  return copy;
}

/** Linear interpolation between order statistics (type 7), p in [0, 1]. */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = p * (n - 1);
  const below = floor(position);
  const above = min(n - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: ArrayLike<number>): number {
  return quantileOfSorted(sortedCopy(values), 0.5);
}

export interface RobustScale {
  readonly median: number;
  /** The spread used to standardise: 1.4826 × MAD, or the mean-deviation fallback; 0 when flat. */
  readonly scale: number;
  readonly mad: number;
}

export function robustScale(values: ArrayLike<number>): RobustScale {
  const n = values.length;
  if (n === 0) return { median: 0, scale: 0, mad: 0 };
  const center = median(values);
  const deviations = new Float64Array(n);
  let meanDeviation = 0;
  for (let i = 0; i < n; i++) {
    deviations[i] = abs(values[i] - center);
    meanDeviation += deviations[i];
  }
  meanDeviation /= n;
  const mad = median(deviations);
  // More than half the population on one value (e.g. no shares at all) makes the MAD 0; the mean
  // deviation still sees the rest.
  const scale = mad > 0 ? MAD_TO_SD * mad : MEAN_AD_TO_SD * meanDeviation;
  return { median: center, scale, mad };
}

/**
 * Mid-rank percentile of each value among all values, in [0, 1]: (below + (equal − 1) / 2) / (n − 1).
 * Ties share a percentile; the lowest value gets 0 and a unique highest gets 1.
 */
export function midRankPercentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const result = new Float64Array(n);
  if (n <= 1) {
    result.fill(0.5);
    return result;
  }
  // A native sort plus two binary searches per value beats a comparator sort of indices ~5×.
  const sorted = sortedCopy(values);
  for (let i = 0; i < n; i++) {
    const first = lowerBound(sorted, values[i]);
    const last = upperBound(sorted, values[i]) - 1;
    result[i] = (first + (last - first) / 2) / (n - 1);
  }
  return result;
}

/** First index whose value is ≥ x. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
