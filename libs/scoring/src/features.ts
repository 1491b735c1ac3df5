/**
 * The four features per scored member: network, engagement, amplification and reach, plus the
 * audience-quality rule that decides which followers count towards reach.
 */
import type { AggregatedInteractions } from './edge-aggregator';
import { MODEL_V1, type ScoringModel } from './model';

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { log10, max, min } = Math;

/** Per verified account, in columns. Accounts of one member add up (accumulation across networks). */
export interface AccountStats {
  /** Index into the scored members (not a node id) of the member who verified the account. */
  readonly member: ArrayLike<number>;
  readonly followers: ArrayLike<number>;
  readonly following: ArrayLike<number>;
  /** Posts published in the window. */
  readonly posts: ArrayLike<number>;
  /** Followers gained on spike days in the window: `spikeFollowers(dailyFollowerCounts)`. */
  readonly spikeFollowers: ArrayLike<number>;
}

export interface MemberFeatures {
  readonly network: Float64Array;
  readonly engagement: Float64Array;
  readonly amplification: Float64Array;
  readonly reach: Float64Array;
  /** Inputs kept for adjustments and explanations. */
  readonly followers: Float64Array;
  readonly countedFollowers: Float64Array;
  readonly spikeFollowers: Float64Array;
  readonly posts: Float64Array;
  readonly engagers: Int32Array;
  readonly sharers: Int32Array;
  /** Population sharers per post (μ of the amplification prior). */
  readonly sharesPerPost: number;
}

/**
 * Followers gained on spike days, from an account's daily follower counts over the window (oldest
 * first). A day is a spike when its gain is at least max(500, 10 % of the organic followers before
 * it) — organic meaning minus the spikes already found, so an account inflated once doesn't hide
 * a second purchase behind its inflated size. Every spike day counts, not only the largest. Pure
 * and cheap, so the database layer can stream each account's snapshots through it.
 */
export function spikeFollowers(
  dailyFollowerCounts: ArrayLike<number>,
  model: ScoringModel = MODEL_V1,
): number {
  const rule = model.reach;
  let spiked = 0;
  for (let d = 1; d < dailyFollowerCounts.length; d++) {
    const before = max(0, dailyFollowerCounts[d - 1]);
    const gain = dailyFollowerCounts[d] - before;
    if (gain >= max(rule.spikeMinimum, rule.spikeShare * max(0, before - spiked))) spiked += gain;
  }
  return spiked;
}

/**
 * Audience quality of one account, as the followers that count towards reach:
 * - followers gained on spike days are left out for the whole window, organic or bought: bought
 *   followers arrive in bulk, and a genuinely viral day already pays off through engagement;
 * - an account following more than 1,500 gets follow-backs: followers up to the number it follows
 *   count at 25 %;
 * - an audience that never engages isn't reach: at most 100 × (1 + the member's distinct engagers)
 *   count per account. Per account rather than pro rata across accounts, so that more followers on
 *   one account never lower what the others count.
 */
export function countedFollowers(
  followers: number,
  following: number,
  spiked: number,
  engagers: number,
  model: ScoringModel = MODEL_V1,
): number {
  const rule = model.reach;
  const organic = max(0, followers - max(0, spiked));
  const followBacks = following > rule.followBackThreshold ? min(organic, following) : 0;
  const counted = organic - followBacks + rule.followBackWeight * followBacks;
  return min(counted, rule.engagedAudiencePerEngager * (1 + engagers));
}

export interface FeatureInput {
  readonly interactions: AggregatedInteractions;
  /** Node id of each scored member. */
  readonly members: Int32Array;
  readonly accounts: AccountStats;
  /** PageRank per node (caller's numbering), summing to 1. */
  readonly rank: Float64Array;
}

export function computeFeatures(input: FeatureInput, model: ScoringModel = MODEL_V1): MemberFeatures {
  const { interactions, members, accounts, rank } = input;
  const count = members.length;
  const nodeCount = interactions.nodeCount;

  const network = new Float64Array(count);
  const engagement = new Float64Array(count);
  const engagers = new Int32Array(count);
  const sharers = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const node = members[i];
    network[i] = log10(rank[node] * nodeCount);
    engagement[i] = log10(1 + interactions.received[node]);
    engagers[i] = interactions.engagers[node];
    sharers[i] = interactions.sharers[node];
  }

  const accountCount = accounts.member.length;
  const followers = new Float64Array(count);
  const posts = new Float64Array(count);
  const counted = new Float64Array(count);
  const spiked = new Float64Array(count);
  const reach = new Float64Array(count);
  for (let a = 0; a < accountCount; a++) {
    const i = accounts.member[a];
    const c = countedFollowers(
      accounts.followers[a],
      accounts.following[a],
      accounts.spikeFollowers[a],
      engagers[i],
      model,
    );
    reach[i] += log10(1 + c);
    counted[i] += c;
    followers[i] += max(0, accounts.followers[a]);
    spiked[i] += max(0, accounts.spikeFollowers[a]);
    posts[i] += max(0, accounts.posts[a]);
  }

  let totalSharers = 0;
  let totalPosts = 0;
  for (let i = 0; i < count; i++) {
    totalSharers += sharers[i];
    totalPosts += posts[i];
  }
  const sharesPerPost = totalPosts > 0 ? totalSharers / totalPosts : 0;
  const prior = model.amplification.priorPosts;
  const amplification = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    amplification[i] = log10(1 + (sharers[i] + prior * sharesPerPost) / (posts[i] + prior));
  }

  return {
    network,
    engagement,
    amplification,
    reach,
    followers,
    countedFollowers: counted,
    spikeFollowers: spiked,
    posts,
    engagers,
    sharers,
    sharesPerPost,
  };
}
