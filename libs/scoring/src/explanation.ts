/**
 * Per-member explanation: how many of the published points each component carries (adding up to
 * the score exactly, in tenths), and tips that name the weakest component and what moves it.
 */
import type { Adjustment } from './adjustments';
import { FEATURE_NAMES, MODEL_V1, type FeatureName, type ScoringModel } from './model';

export interface ComponentExplanation {
  /** The feature value (log scale, see the model). */
  readonly value: number;
  /** Points of the published score this component carries. */
  readonly points: number;
  /** Where the member stands on this component among scored members, 0–100. */
  readonly percentile: number;
}

export type Components = Record<FeatureName, ComponentExplanation>;

/**
 * A component's share of the score is its weight × (its percentile + a small floor), so the points
 * follow what the member is actually strong at, and a component where they stand last still shows
 * a sliver rather than a misleading zero.
 */
const SHARE_FLOOR = 0.05;

export function componentShares(
  percentiles: Readonly<Record<FeatureName, number>>,
  model: ScoringModel = MODEL_V1,
  weights: Readonly<Record<FeatureName, number>> = model.weights,
): Record<FeatureName, number> {
  let total = 0;
  const raw = {} as Record<FeatureName, number>;
  for (const f of FEATURE_NAMES) {
    raw[f] = weights[f] * (percentiles[f] + SHARE_FLOOR);
    total += raw[f];
  }
  for (const f of FEATURE_NAMES) raw[f] /= total;
  return raw;
}

/**
 * Splits `score` (already rounded to the published decimals) into points per component by largest
 * remainder in units of the last decimal, so the points are exact tenths that sum to the score.
 */
export function allocatePoints(
  score: number,
  shares: Readonly<Record<FeatureName, number>>,
  model: ScoringModel = MODEL_V1,
): Record<FeatureName, number> {
  const scale = 10 ** model.publishedDecimals;
  const units = Math.round(score * scale);
  const whole = new Array<number>(FEATURE_NAMES.length);
  const remainder = new Array<number>(FEATURE_NAMES.length);
  let given = 0;
  FEATURE_NAMES.forEach((f, i) => {
    const exact = units * shares[f];
    whole[i] = Math.floor(exact);
    remainder[i] = exact - whole[i];
    given += whole[i];
  });
  const order = FEATURE_NAMES.map((_, i) => i).sort((a, b) => remainder[b] - remainder[a] || a - b);
  for (let k = 0; given < units; k++, given++) whole[order[k % order.length]]++;
  const points = {} as Record<FeatureName, number>;
  FEATURE_NAMES.forEach((f, i) => (points[f] = whole[i] / scale));
  return points;
}

export interface TipFacts {
  /** Component percentiles, 0–1. */
  readonly percentiles: Readonly<Record<FeatureName, number>>;
  readonly followers: number;
  readonly countedFollowers: number;
  readonly accounts: number;
  readonly adjustments: readonly Adjustment[];
}

export function weakestComponent(percentiles: Readonly<Record<FeatureName, number>>): FeatureName {
  let weakest: FeatureName = FEATURE_NAMES[0];
  for (const f of FEATURE_NAMES) if (percentiles[f] < percentiles[weakest]) weakest = f;
  return weakest;
}

export function tipsFor(facts: TipFacts): string[] {
  const p = facts.percentiles;
  const tips: string[] = [];
  switch (weakestComponent(p)) {
    case 'network':
      tips.push(
        'Network is your weakest component: few of the people who engage with you are themselves widely engaged with. ' +
          'Interactions from well-connected members move it most.',
      );
      break;
    case 'engagement':
      tips.push(
        'Engagement is your weakest component: your posts get few reactions so far. Replies and shares count more ' +
          'than likes, and many different people count more than a lot from a few.',
      );
      break;
    case 'amplification':
      tips.push(
        p.engagement >= p.amplification + 0.2
          ? 'Amplification is your weakest component: your posts are liked but rarely shared. Shares and reposts ' +
              'from different people, per post, move it.'
          : 'Amplification is your weakest component: your posts are rarely shared. Shares from different people ' +
              'per post move it, so fewer, more shareable posts help.',
      );
      break;
    case 'reach':
      tips.push(
        facts.countedFollowers < 0.5 * facts.followers
          ? 'Reach is your weakest component: much of your audience does not count (followers who never engage, ' +
              'follow-backs or a sudden jump). An audience that engages does.'
          : facts.accounts < 2
            ? 'Reach is your weakest component: your audience is small. Verifying your accounts on other ' +
              'networks adds their followers.'
            : 'Reach is your weakest component: your audience is small for now; it grows with people who follow ' +
              'and engage.',
      );
      break;
  }
  for (const a of facts.adjustments) {
    switch (a.kind) {
      case 'reciprocity-ring':
        tips.push(
          'Most of your engagement comes from a circle you engage back; engagement from outside it counts fully.',
        );
        break;
      case 'mass-following':
        tips.push(
          'Following far more accounts than follow you lowers your score; unfollowing inactive accounts lifts it.',
        );
        break;
      case 'follower-spike':
        tips.push(
          'A one-day jump in followers without matching engagement is left out of reach for 90 days.',
        );
        break;
    }
  }
  return tips;
}
