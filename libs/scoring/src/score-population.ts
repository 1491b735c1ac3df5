/**
 * The one entry point: aggregated interactions + scored members + their accounts in, published
 * scores with explanations out. Only members listed in the input appear in the output, so members
 * who withdrew consent or deleted their account are left out by leaving them out of `members`
 * (they may still be pseudonymous nodes of the graph, which never get a score).
 */
import {
  adjustmentProduct,
  type AccountFollowing,
  followerSpikeAdjustment,
  massFollowingAdjustment,
  reciprocityFacts,
  reciprocityRingAdjustment,
  type Adjustment,
  type AdjustmentKind,
} from './adjustments';
import { calibrate, calibrationCurve, type CalibrationCurve } from './calibration';
import { buildCsr, type CsrGraph } from './csr';
import type { AggregatedInteractions } from './edge-aggregator';
import { allocatePoints, componentShares, tipsFor, type Components } from './explanation';
import { computeFeatures, type AccountStats, type MemberFeatures } from './features';
import { FEATURE_NAMES, MODEL_V1, type FeatureName, type ScoringModel } from './model';
import { pageRank, type PageRankOptions } from './pagerank';
import {
  midRankPercentiles,
  quantileOfSorted,
  robustScale,
  sortedCopy,
  type RobustScale,
} from './robust-stats';
import { roundScore, smoothScore } from './stability';

export interface PopulationInput {
  readonly interactions: AggregatedInteractions;
  /** Node id of each scored member; member i is also `accounts.member` value i. */
  readonly members: Int32Array;
  readonly accounts: AccountStats;
  /** Previously published score per member (NaN where there is none), for the moving average. */
  readonly previousScores?: ArrayLike<number>;
}

export interface ScoreOptions {
  readonly model?: ScoringModel;
  readonly pageRank?: PageRankOptions;
  /** Renumber graph nodes by out-degree (default false, see CsrOptions; results agree up to rounding). */
  readonly renumber?: boolean;
  /** Threads for PageRank, 1 (default) or 2 (see pageRank): the scores are the same either way. */
  readonly threads?: 1 | 2;
}

export interface MemberScore {
  /** Index of the member in the input. */
  readonly member: number;
  readonly node: number;
  /** The published score, 0–100, one decimal: the moving average of daily scores. */
  readonly score: number;
  /** Today's calibrated and adjusted score before the moving average, unrounded. */
  readonly daily: number;
  /** Population percentile of the member's raw score, 0–100. */
  readonly percentile: number;
  readonly raw: number;
  readonly components: Components;
  readonly adjustments: readonly Adjustment[];
  readonly tips: readonly string[];
}

export interface PopulationStats {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly memberCount: number;
  readonly pageRank: { readonly iterations: number; readonly converged: boolean; readonly delta: number };
  /** The standardisation reference, per feature. */
  readonly reference: Readonly<Record<FeatureName, RobustScale>>;
  readonly calibration: { readonly percentile: number; readonly raw: number; readonly score: number }[];
  readonly sharesPerPost: number;
  readonly adjusted: Readonly<Record<AdjustmentKind, number>>;
  /** Published-score distribution: what a model change report compares. */
  readonly distribution: {
    readonly p10: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
}

export interface PopulationScores {
  readonly members: MemberScore[];
  readonly model: ScoringModel;
  readonly stats: PopulationStats;
}

export function scorePopulation(input: PopulationInput, options: ScoreOptions = {}): PopulationScores {
  const model = options.model ?? MODEL_V1;
  const { interactions, members, accounts } = input;
  validate(input);

  const threads = options.threads ?? 1;
  const graph = buildCsr(interactions, { renumber: options.renumber, shared: threads === 2 });
  const ranked = pageRank(graph, {
    threads,
    // The aggregator's edges are sorted by (src, dst): the partitioned kernel's layout is one pass.
    sortedEdges: options.renumber ? undefined : interactions,
    damping: model.pageRank.damping,
    tolerance: model.pageRank.tolerance,
    maxIterations: model.pageRank.maxIterations,
    ...options.pageRank,
  });
  const features = computeFeatures({ interactions, members, accounts, rank: ranked.rank }, model);

  const count = members.length;
  const reference = {} as Record<FeatureName, RobustScale>;
  const raw = new Float64Array(count);
  for (const f of FEATURE_NAMES) {
    const values = features[f];
    const scale = robustScale(values);
    reference[f] = scale;
    const weight = model.weights[f];
    if (scale.scale > 0)
      for (let i = 0; i < count; i++) raw[i] += (weight * (values[i] - scale.median)) / scale.scale;
  }

  // A feature that is the same for everyone (no follower data, no shares at all) adds nothing to
  // raw, so it carries no points either; when every feature is flat the model's weights stand.
  const pointWeights = { ...model.weights };
  if (FEATURE_NAMES.some((f) => reference[f].scale > 0 && model.weights[f] > 0)) {
    for (const f of FEATURE_NAMES) if (reference[f].scale === 0) pointWeights[f] = 0;
  }

  const curve = calibrationCurve(raw, model.calibration.knots);
  const rawPercentile = midRankPercentiles(raw);
  const featurePercentile = {} as Record<FeatureName, Float64Array>;
  for (const f of FEATURE_NAMES) featurePercentile[f] = midRankPercentiles(features[f]);
  const accountsOf = accountsByMember(accounts, count);

  const adjusted: Record<AdjustmentKind, number> = {
    'reciprocity-ring': 0,
    'mass-following': 0,
    'follower-spike': 0,
  };
  const results: MemberScore[] = new Array<MemberScore>(count);
  const published = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const node = members[i];
    const adjustments = memberAdjustments(i, node, graph, features, accounts, accountsOf, model);
    for (const a of adjustments) adjusted[a.kind]++;
    const daily = calibrate(raw[i], curve) * adjustmentProduct(adjustments, model);
    const previous = input.previousScores?.[i];
    const score = roundScore(smoothScore(daily, previous, model), model);
    published[i] = score;

    const percentiles = {} as Record<FeatureName, number>;
    for (const f of FEATURE_NAMES) percentiles[f] = featurePercentile[f][i];
    const points = allocatePoints(score, componentShares(percentiles, model, pointWeights), model);
    const components = {} as Record<FeatureName, Components[FeatureName]>;
    for (const f of FEATURE_NAMES) {
      components[f] = { value: features[f][i], points: points[f], percentile: percentiles[f] * 100 };
    }
    results[i] = {
      member: i,
      node,
      score,
      daily,
      percentile: rawPercentile[i] * 100,
      raw: raw[i],
      components,
      adjustments,
      tips: tipsFor({
        percentiles,
        followers: features.followers[i],
        countedFollowers: features.countedFollowers[i],
        accounts: accountsOf.start[i + 1] - accountsOf.start[i],
        adjustments,
      }),
    };
  }

  return {
    members: results,
    model,
    stats: {
      nodeCount: graph.nodeCount,
      edgeCount: graph.edgeCount,
      memberCount: count,
      pageRank: { iterations: ranked.iterations, converged: ranked.converged, delta: ranked.delta },
      reference,
      calibration: describeCurve(curve),
      sharesPerPost: features.sharesPerPost,
      adjusted,
      distribution: distribution(published),
    },
  };
}

function memberAdjustments(
  i: number,
  node: number,
  graph: CsrGraph,
  features: MemberFeatures,
  accounts: AccountStats,
  accountsOf: AccountIndex,
  model: ScoringModel,
): Adjustment[] {
  const adjustments: Adjustment[] = [];
  const ring = reciprocityRingAdjustment(reciprocityFacts(graph, node, model), model);
  if (ring !== undefined) adjustments.push(ring);
  const own: AccountFollowing[] = [];
  for (let k = accountsOf.start[i]; k < accountsOf.start[i + 1]; k++) {
    const a = accountsOf.accounts[k];
    // Bought followers must not launder a mass-follower's ratio: compare with organic followers.
    own.push({
      followers: Math.max(0, accounts.followers[a] - accounts.spikeFollowers[a]),
      following: accounts.following[a],
    });
  }
  const massFollowing = massFollowingAdjustment(own, model);
  if (massFollowing !== undefined) adjustments.push(massFollowing);
  const spike = followerSpikeAdjustment(features.spikeFollowers[i], features.engagers[i], model);
  if (spike !== undefined) adjustments.push(spike);
  return adjustments;
}

interface AccountIndex {
  readonly start: Int32Array;
  readonly accounts: Int32Array;
}

function accountsByMember(accounts: AccountStats, memberCount: number): AccountIndex {
  const n = accounts.member.length;
  const start = new Int32Array(memberCount + 1);
  for (let a = 0; a < n; a++) start[accounts.member[a] + 1]++;
  for (let i = 0; i < memberCount; i++) start[i + 1] += start[i];
  const cursor = start.slice(0, memberCount);
  const list = new Int32Array(n);
  for (let a = 0; a < n; a++) list[cursor[accounts.member[a]]++] = a;
  return { start, accounts: list };
}

function validate(input: PopulationInput): void {
  const { interactions, members, accounts } = input;
  const n = interactions.nodeCount;
  const seen = new Uint8Array(n);
  for (let i = 0; i < members.length; i++) {
    const node = members[i];
    if (!(node >= 0 && node < n)) throw new RangeError(`member ${i} has node ${node}, outside 0..${n - 1}`);
    if (seen[node] === 1) throw new RangeError(`node ${node} is listed for more than one member`);
    seen[node] = 1;
  }
  const columns = [accounts.followers, accounts.following, accounts.posts, accounts.spikeFollowers];
  for (const column of columns) {
    if (column.length !== accounts.member.length) throw new RangeError('account columns differ in length');
  }
  for (let a = 0; a < accounts.member.length; a++) {
    const m = accounts.member[a];
    if (!(Number.isInteger(m) && m >= 0 && m < members.length)) {
      throw new RangeError(`account ${a} belongs to member ${m}, outside 0..${members.length - 1}`);
    }
  }
  if (input.previousScores !== undefined && input.previousScores.length !== members.length) {
    throw new RangeError('previousScores must have one entry per member');
  }
}

function describeCurve(curve: CalibrationCurve): PopulationStats['calibration'] {
  return Array.from(curve.raw, (raw, k) => ({ percentile: curve.percentile[k], raw, score: curve.score[k] }));
}

function distribution(scores: Float64Array): PopulationStats['distribution'] {
  const sorted = sortedCopy(scores);
  const at = (p: number): number => (sorted.length === 0 ? NaN : quantileOfSorted(sorted, p));
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}
