/**
 * The published scoring model (v1). Every constant the engine depends on lives here and the engine
 * reads it from here, so what `GET /v1/scoring/model` serves and what the code does cannot drift.
 */

/** Interaction kinds as small integers, so millions of rows fit in a Uint8Array. */
export const InteractionKind = {
  Like: 0,
  Reply: 1,
  Mention: 2,
  Share: 3,
  Follow: 4,
  Post: 5,
} as const;
export type InteractionKind = (typeof InteractionKind)[keyof typeof InteractionKind];

export const INTERACTION_KIND_NAMES = ['like', 'reply', 'mention', 'share', 'follow', 'post'] as const;
export type InteractionKindName = (typeof INTERACTION_KIND_NAMES)[number];

export function interactionKindFromName(name: string): InteractionKind | undefined {
  const index = (INTERACTION_KIND_NAMES as readonly string[]).indexOf(name);
  return index < 0 ? undefined : (index as InteractionKind);
}

export const FEATURE_NAMES = ['network', 'engagement', 'amplification', 'reach'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface CalibrationKnot {
  /** Population percentile as a fraction, 0..1. */
  readonly percentile: number;
  readonly score: number;
}

export interface ScoringModel {
  readonly version: string;
  readonly windowDays: number;
  readonly halfLifeDays: number;
  readonly decay: string;
  readonly kindWeights: Readonly<Record<InteractionKindName, number>>;
  readonly selectivity: { readonly dailyBudget: number; readonly rule: string };
  readonly perTargetDailyCap: number;
  readonly pageRank: {
    readonly damping: number;
    readonly tolerance: number;
    readonly maxIterations: number;
    readonly dangling: string;
  };
  readonly features: Readonly<Record<FeatureName, string>>;
  readonly amplification: { readonly priorPosts: number };
  readonly reach: {
    readonly followBackThreshold: number;
    readonly followBackWeight: number;
    readonly spikeMinimum: number;
    readonly spikeShare: number;
    readonly engagedAudiencePerEngager: number;
    readonly rule: string;
  };
  readonly weights: Readonly<Record<FeatureName, number>>;
  readonly standardisation: string;
  readonly adjustments: {
    readonly minimumProduct: number;
    readonly reciprocityRing: {
      readonly minimumPartners: number;
      readonly reciprocalShareStart: number;
      readonly reciprocalShareFull: number;
      readonly minimumDensity: number;
      readonly sampledPartners: number;
      readonly strongestFactor: number;
      readonly rule: string;
    };
    readonly massFollowing: {
      readonly following: number;
      readonly ratio: number;
      readonly factor: number;
      readonly rule: string;
    };
    readonly followerSpike: {
      readonly engagersPerSpikeFollower: number;
      readonly factor: number;
      readonly rule: string;
    };
  };
  readonly calibration: { readonly knots: readonly CalibrationKnot[]; readonly rule: string };
  readonly stability: { readonly emaAlpha: number; readonly rule: string };
  readonly publishedDecimals: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

export const MODEL_V1: ScoringModel = deepFreeze({
  version: 'v1',
  windowDays: 90,
  halfLifeDays: 30,
  decay:
    'w = kind × 0.5^(ageDays / 30), ageDays = whole days between the interaction and the scoring time; older than 90 days is dropped',
  kindWeights: { like: 1, reply: 2, mention: 1.5, share: 3, follow: 0, post: 0 },
  selectivity: {
    dailyBudget: 20,
    rule: "an actor's weighted actions on one day share a budget: with a weighted actions that day, each counts × min(1, 20 / a)",
  },
  perTargetDailyCap: 5,
  pageRank: {
    damping: 0.85,
    tolerance: 1e-9,
    maxIterations: 100,
    dangling: 'rank of nodes without outgoing weight is spread uniformly over all nodes',
  },
  features: {
    network: 'log10(rank × N) over the weighted actor → target graph (1 = an average node)',
    engagement: 'log10(1 + decayed, selectivity-weighted, capped interactions received)',
    amplification:
      'log10(1 + r), r = distinct sharers per post in the window, Bayesian-shrunk: (sharers + 10 × μ) / (posts + 10), μ = population sharers / posts',
    reach: 'Σ over the member’s accounts of log10(1 + followers × audience quality)',
  },
  amplification: { priorPosts: 10 },
  reach: {
    followBackThreshold: 1500,
    followBackWeight: 0.25,
    spikeMinimum: 500,
    spikeShare: 0.1,
    engagedAudiencePerEngager: 100,
    rule:
      'per account: followers gained on spike days (a one-day gain ≥ max(500, 10 % of the organic followers the day before)) are left out for the window; ' +
      'an account following more than 1,500 counts the followers up to the number it follows at 25 % (presumed follow-backs); ' +
      "an account counts at most 100 × (1 + the member's distinct engagers) followers, since an audience that never engages isn't reach",
  },
  weights: { network: 0.35, engagement: 0.25, amplification: 0.2, reach: 0.2 },
  standardisation:
    'z = (x − median) / (1.4826 × MAD) over the scored population; a feature with MAD 0 falls back to 1.2533 × mean absolute deviation, and to z = 0 when that is 0 too',
  adjustments: {
    minimumProduct: 0.5,
    reciprocityRing: {
      minimumPartners: 2,
      reciprocalShareStart: 0.4,
      reciprocalShareFull: 0.7,
      minimumDensity: 0.3,
      sampledPartners: 16,
      strongestFactor: 0.5,
      rule: 'share s of received engagement from actors the member engages back; when they are ≥ 2 and engage each other densely (≥ 30 % of pairs among the 16 strongest), factor = 1 − 0.5 × clamp((s − 0.4) / 0.3, 0, 1)',
    },
    massFollowing: {
      following: 1500,
      ratio: 2,
      factor: 0.85,
      rule: 'an account following > 1,500 with following / followers > 2 (followers without spike followers)',
    },
    followerSpike: {
      engagersPerSpikeFollower: 0.01,
      factor: 0.985,
      rule: 'spike followers (see reach) with fewer distinct engagers than 1 % of them: they are already left out of reach, the factor only flags it — kept mild because anyone can buy followers for someone else',
    },
  },
  calibration: {
    knots: [
      { percentile: 0, score: 1 },
      { percentile: 0.5, score: 40 },
      { percentile: 0.9, score: 60 },
      { percentile: 0.99, score: 75 },
      { percentile: 0.999, score: 85 },
      { percentile: 0.9999, score: 95 },
      { percentile: 1, score: 100 },
    ],
    rule: 'the population’s raw quantiles at the knot percentiles map to the knot scores; between knots the score is linear in raw, so a member’s score depends on their own raw and the knots only',
  },
  stability: {
    emaAlpha: 0.3,
    rule: 'published = 0.3 × today + 0.7 × previous published (today alone when there is none)',
  },
  publishedDecimals: 1,
});

/**
 * Model v2: v1 redesigned on what validation on real, held-out data showed (docs/scoring.md has
 * the evidence and the table). Three changes, everything else as v1:
 * - recency: a 180-day window with a 180-day half-life. Engagement older than the horizon being
 *   predicted is weak evidence, but a 90-day window left most of a population tied at zero and a
 *   30-day half-life made the count lean on the last few weeks; a flatter, longer window predicted
 *   next-half-year engagement best on every fold;
 * - counting: one actor's engagement with one target counts at most 3 units a day (one share, or
 *   one reply and a like): a back-and-forth thread is one engagement, not ten;
 * - the network term (PageRank over engagers) predicted worst yet weighed most: its weight drops
 *   from 0.35 to 0.15 and engagement's rises from 0.25 to 0.45. It still decides between members
 *   with the same engagement (an engager who is engaged with counts more), without drowning it.
 *
 * Its PageRank stops at an L1 change of 1e-8 rather than 1e-9: what the published output needs
 * (every score at one decimal, percentile and point the same as PageRank run to convergence on
 * a generated world, a test checks it; at 1e-7 a few near-tied members swap percentiles)
 * for about a sixth fewer iterations.
 */
export const MODEL_V2: ScoringModel = deepFreeze({
  ...MODEL_V1,
  version: 'v2',
  windowDays: 180,
  halfLifeDays: 180,
  decay:
    'w = kind × 0.5^(ageDays / 180), ageDays = whole days between the interaction and the scoring time; older than 180 days is dropped',
  perTargetDailyCap: 3,
  pageRank: { ...MODEL_V1.pageRank, tolerance: 1e-8 },
  weights: { network: 0.15, engagement: 0.45, amplification: 0.2, reach: 0.2 },
});

/** Every published model, oldest first; scoring runs use CURRENT_MODEL. */
export const MODELS: readonly ScoringModel[] = [MODEL_V1, MODEL_V2];
export const CURRENT_MODEL: ScoringModel = MODEL_V2;
/** The longest window of any model: how long stored interactions must be kept. */
export const MAX_WINDOW_DAYS = Math.max(...MODELS.map((m) => m.windowDays));

export function modelByVersion(version: string): ScoringModel | undefined {
  return MODELS.find((m) => m.version === version);
}

/** Weight per InteractionKind, indexed by the numeric kind. */
export function kindWeightTable(model: ScoringModel = MODEL_V1): Float64Array {
  return Float64Array.from(INTERACTION_KIND_NAMES, (name) => model.kindWeights[name]);
}
