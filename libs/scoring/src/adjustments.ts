/**
 * Multiplicative adjustments for patterns the features alone reward too much: engagement pods
 * (reciprocity rings), mass-following and follower spikes. Each comes with its reason; together
 * they never take a score below half.
 */
import { findIncoming, type CsrGraph } from './csr';
import { MODEL_V1, type ScoringModel } from './model';

export type AdjustmentKind = 'reciprocity-ring' | 'mass-following' | 'follower-spike';

export interface Adjustment {
  readonly kind: AdjustmentKind;
  readonly factor: number;
  readonly reason: string;
}

export interface ReciprocityFacts {
  /** Share of received engagement weight that comes from actors the member engages back. */
  readonly share: number;
  /** How many actors the member engages back. */
  readonly partners: number;
  /** Fraction of ordered pairs among the strongest partners that engage each other (0 unless measured). */
  readonly density: number;
}

export function reciprocityFacts(
  graph: CsrGraph,
  node: number,
  model: ScoringModel = MODEL_V1,
): ReciprocityFacts {
  const rule = model.adjustments.reciprocityRing;
  const { offsets, sources, weights, toExternal } = graph;
  const row = graph.toInternal[node];
  let total = 0;
  let reciprocal = 0;
  const partnerSources: number[] = [];
  const partnerWeights: number[] = [];
  for (let k = offsets[row]; k < offsets[row + 1]; k++) {
    const w = weights[k];
    total += w;
    if (findIncoming(graph, row, sources[k]) >= 0) {
      reciprocal += w;
      partnerSources.push(toExternal[sources[k]]);
      partnerWeights.push(w);
    }
  }
  const share = total > 0 ? reciprocal / total : 0;
  const partners = partnerSources.length;
  if (partners < rule.minimumPartners || share < rule.reciprocalShareStart)
    return { share, partners, density: 0 };

  // Density among the strongest partners only: bounded work even for members with thousands.
  const order = partnerSources.map((_, i) => i);
  order.sort((a, b) => partnerWeights[b] - partnerWeights[a] || partnerSources[a] - partnerSources[b]);
  const sample = order.slice(0, rule.sampledPartners).map((i) => partnerSources[i]);
  let linked = 0;
  for (const from of sample) {
    for (const to of sample) {
      if (from !== to && findIncoming(graph, graph.toInternal[from], graph.toInternal[to]) >= 0) linked++;
    }
  }
  const pairs = sample.length * (sample.length - 1);
  return { share, partners, density: pairs > 0 ? linked / pairs : 0 };
}

export function reciprocityRingAdjustment(
  facts: ReciprocityFacts,
  model: ScoringModel = MODEL_V1,
): Adjustment | undefined {
  const rule = model.adjustments.reciprocityRing;
  if (facts.partners < rule.minimumPartners || facts.density < rule.minimumDensity) return undefined;
  const strength = clamp01(
    (facts.share - rule.reciprocalShareStart) / (rule.reciprocalShareFull - rule.reciprocalShareStart),
  );
  if (strength <= 0) return undefined;
  return {
    kind: 'reciprocity-ring',
    factor: 1 - (1 - rule.strongestFactor) * strength,
    reason:
      `${percent(facts.share)} of the engagement you receive comes from ${facts.partners} accounts you engage back, ` +
      `and ${percent(facts.density)} of them engage each other: a closed circle counts less than an audience`,
  };
}

export interface AccountFollowing {
  readonly followers: number;
  readonly following: number;
}

export function massFollowingAdjustment(
  accounts: readonly AccountFollowing[],
  model: ScoringModel = MODEL_V1,
): Adjustment | undefined {
  const rule = model.adjustments.massFollowing;
  const flagged = accounts.find(
    (a) => a.following > rule.following && a.following > rule.ratio * a.followers,
  );
  if (flagged === undefined) return undefined;
  return {
    kind: 'mass-following',
    factor: rule.factor,
    reason:
      `an account follows ${count(flagged.following)} and is followed by ${count(flagged.followers)}: ` +
      `following more than ${count(rule.following)} and over ${rule.ratio}× one's followers is mass-following`,
  };
}

export function followerSpikeAdjustment(
  spikeFollowers: number,
  engagers: number,
  model: ScoringModel = MODEL_V1,
): Adjustment | undefined {
  const rule = model.adjustments.followerSpike;
  if (spikeFollowers <= 0 || engagers >= rule.engagersPerSpikeFollower * spikeFollowers) return undefined;
  return {
    kind: 'follower-spike',
    factor: rule.factor,
    reason:
      `${count(spikeFollowers)} followers arrived in sudden jumps while ${count(engagers)} people engaged with you ` +
      `in 90 days; they are left out of reach for the window`,
  };
}

/** The product of the factors, never below the model's floor. */
export function adjustmentProduct(
  adjustments: readonly Adjustment[],
  model: ScoringModel = MODEL_V1,
): number {
  let product = 1;
  for (const a of adjustments) product *= a.factor;
  return Math.max(model.adjustments.minimumProduct, product);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** 12,345 — written out rather than toLocaleString, whose output depends on the ICU build. */
function count(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
