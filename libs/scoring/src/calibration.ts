/**
 * Calibration from raw to 0–100: the population's raw quantiles at the model's knot percentiles map
 * to the knot scores (p50 → 40, p99 → 75, …), linearly in raw between knots.
 *
 * Linear in raw rather than in rank is deliberate: a member's score then depends on their own raw
 * and on a handful of quantiles, not on where every neighbour landed, so a change that raises a
 * member's raw can't cost them points because someone else moved past them.
 */
import { MODEL_V1, type CalibrationKnot } from './model';
import { quantileOfSorted, sortedCopy } from './robust-stats';

export interface CalibrationCurve {
  readonly percentile: Float64Array;
  /** Raw value at each knot, ascending. */
  readonly raw: Float64Array;
  /** Score at each knot, ascending. */
  readonly score: Float64Array;
}

export function calibrationCurve(
  rawValues: ArrayLike<number>,
  knots: readonly CalibrationKnot[] = MODEL_V1.calibration.knots,
): CalibrationCurve {
  const sorted = sortedCopy(rawValues);
  return {
    percentile: Float64Array.from(knots, (k) => k.percentile),
    raw: Float64Array.from(knots, (k) => quantileOfSorted(sorted, k.percentile)),
    score: Float64Array.from(knots, (k) => k.score),
  };
}

export function calibrate(raw: number, curve: CalibrationCurve): number {
  const r = curve.raw;
  const s = curve.score;
  const last = r.length - 1;
  if (last < 0 || Number.isNaN(r[0])) return NaN;
  // One member, or everyone alike: nobody stands out, so everyone sits at the median knot.
  if (r[0] === r[last]) return scoreAtPercentile(0.5, curve);
  if (raw < r[0]) return s[0];
  if (raw > r[last]) return s[last];
  let first = 0;
  while (r[first] < raw) first++;
  let through = first;
  while (through < last && r[through + 1] === raw) through++;
  // raw sits exactly on one or more knots (ties in the population): the middle of their scores.
  if (r[first] === raw) return (s[first] + s[through]) / 2;
  const below = first - 1;
  // The fraction first, clamped: each step is then monotone in raw under rounding, so the score
  // never decreases as raw grows and never overshoots the next knot.
  const t = Math.min(1, (raw - r[below]) / (r[first] - r[below]));
  return s[below] + (s[first] - s[below]) * t;
}

function scoreAtPercentile(p: number, curve: CalibrationCurve): number {
  const { percentile, score } = curve;
  for (let k = 1; k < percentile.length; k++) {
    if (p <= percentile[k]) {
      return (
        score[k - 1] +
        ((score[k] - score[k - 1]) * (p - percentile[k - 1])) / (percentile[k] - percentile[k - 1])
      );
    }
  }
  return score[score.length - 1];
}
