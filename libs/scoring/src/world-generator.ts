/**
 * A synthetic, deterministic social world for tests, calibration checks and benchmarks: heavy-tailed
 * popularity and activity, communities, a few celebrities, one engagement pod, members with bought
 * followers and mass-followers, with per-account follower/following/post counts.
 *
 * Events are never held in memory: every replay regenerates them from the seed, as rows, records
 * or column batches, so 20M events cost no more memory than 20 thousand.
 */
import type { InteractionBatch, InteractionRecord } from './edge-aggregator';
import type { AccountStats } from './features';
import { InteractionKind } from './model';
import { AliasTable, hash32, Prng } from './prng';

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { exp, floor, log, max, min, pow, round } = Math;

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 90;

export const MemberRole = {
  Regular: 0,
  Celebrity: 1,
  /** Likes the other pod members' posts every other day, and little else engages with them. */
  Pod: 2,
  /** Tens of thousands of followers bought in a day or two, no engagement to match. */
  BoughtFollowers: 3,
  /** Follows thousands of accounts; most followers are follow-backs. */
  MassFollower: 4,
} as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

export interface WorldOptions {
  readonly members: number;
  /** Pseudonymous actors: they engage and carry rank but are never scored. */
  readonly actors: number;
  readonly events: number;
  readonly seed: number;
  /** The scoring time; events fall in the 90 days before it. */
  readonly now: number;
  /** Default: 1 % of members, between 4 and 60. 0 for no pod. */
  readonly podSize?: number;
  /** Fraction of members with bought followers (default 0.01). */
  readonly boughtFollowerShare?: number;
  /** Fraction of members who mass-follow (default 0.01). */
  readonly massFollowerShare?: number;
}

export interface World {
  readonly nodeCount: number;
  readonly now: number;
  readonly eventCount: number;
  /** Node id per member: members are nodes 0..members − 1, actors follow. */
  readonly members: Int32Array;
  readonly roles: Uint8Array;
  readonly accounts: {
    readonly member: Int32Array;
    readonly followers: Float64Array;
    readonly following: Float64Array;
    readonly posts: Float64Array;
    readonly spikeFollowers: Float64Array;
  } & AccountStats;
  /** Replays every event, the same on every call. */
  forEachEvent(
    visit: (actor: number, target: number, kind: InteractionKind, timestamp: number) => void,
  ): void;
  /** Replays the events in column batches; the buffers are reused, so consume each before the next. */
  batches(batchSize?: number): Generator<InteractionBatch>;
  events(): Generator<InteractionRecord>;
}

/** Shares of regular events by kind: mostly likes, as on every network. */
const KIND_MIX: readonly [InteractionKind, number][] = [
  [InteractionKind.Like, 0.62],
  [InteractionKind.Reply, 0.12],
  [InteractionKind.Mention, 0.08],
  [InteractionKind.Share, 0.13],
  [InteractionKind.Follow, 0.03],
  [InteractionKind.Post, 0.02],
];
const KIND_BY_ORDER = Uint8Array.from(KIND_MIX, ([kind]) => kind);
const KIND_CUMULATIVE = Float64Array.from(KIND_MIX, (_, i) =>
  KIND_MIX.slice(0, i + 1).reduce((sum, [, share]) => sum + share, 0),
);
const COMMUNITY_SHARE = 0.3;
const MEMBERS_PER_COMMUNITY = 100;

export function generateWorld(options: WorldOptions): World {
  const M = options.members;
  const A = options.actors;
  const E = options.events;
  if (!(Number.isInteger(M) && M >= 2 && Number.isInteger(A) && A >= 0 && Number.isInteger(E) && E >= 0)) {
    throw new RangeError('members (≥ 2), actors and events must be non-negative integers');
  }
  const nodeCount = M + A;
  const now = options.now;
  const setup = new Prng(hash32(options.seed ^ 0x243f6a88));

  // Popularity: Pareto, so a handful of members draw a large share of all engagement.
  const popularity = new Float64Array(M);
  for (let i = 0; i < M; i++) popularity[i] = min(1e5, setup.pareto(1.2));

  const roles = new Uint8Array(M);
  const celebrityCount = max(1, round(M * 0.002));
  const byPopularity = Array.from({ length: M }, (_, i) => i).sort(
    (a, b) => popularity[b] - popularity[a] || a - b,
  );
  for (let k = 0; k < celebrityCount; k++) roles[byPopularity[k]] = MemberRole.Celebrity;
  const podSize = options.podSize ?? min(60, max(4, round(M * 0.01)));
  const pod = pickRegulars(roles, podSize, MemberRole.Pod, setup);
  pickRegulars(roles, round(M * (options.boughtFollowerShare ?? 0.01)), MemberRole.BoughtFollowers, setup);
  pickRegulars(roles, round(M * (options.massFollowerShare ?? 0.01)), MemberRole.MassFollower, setup);
  // Pods and buyers are accounts that couldn't draw an audience on their own.
  for (let i = 0; i < M; i++) {
    if (roles[i] === MemberRole.Pod || roles[i] === MemberRole.BoughtFollowers)
      popularity[i] = min(popularity[i], 1.5);
  }

  const activity = new Float64Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) activity[v] = setup.pareto(1.6) * (v < M ? 0.5 : 1);
  const actorTable = new AliasTable(activity);
  const targetTable = new AliasTable(popularity);

  const podEvents =
    pod.length < 2 ? 0 : min(round((pod.length * (pod.length - 1) * WINDOW_DAYS) / 2), floor(E * 0.05));
  const podProbability = E === 0 ? 0 : podEvents / E;
  const regularEvents = E - podEvents;
  const communityCount = max(1, round(M / MEMBERS_PER_COMMUNITY));

  let totalPopularity = 0;
  for (let i = 0; i < M; i++) totalPopularity += popularity[i];
  const accounts = buildAccounts(M, roles, setup, (i) => {
    // Expected engagement the member draws on their own; followers follow it, with noise.
    return regularEvents * ((1 - COMMUNITY_SHARE) * (popularity[i] / totalPopularity) + COMMUNITY_SHARE / M);
  });

  const plan: EventPlan = {
    seed: options.seed,
    now,
    total: E,
    memberCount: M,
    pod,
    podProbability,
    communityCount,
    actorTable,
    targetTable,
    popularity,
  };

  return {
    nodeCount,
    now,
    eventCount: E,
    members: Int32Array.from({ length: M }, (_, i) => i),
    roles,
    accounts,
    forEachEvent(visit) {
      const cursor = new EventCursor(plan);
      while (cursor.next()) visit(cursor.actor, cursor.target, cursor.kind, cursor.timestamp);
    },
    *batches(batchSize = 65_536) {
      const cursor = new EventCursor(plan);
      const batch = {
        actor: new Int32Array(batchSize),
        target: new Int32Array(batchSize),
        kind: new Uint8Array(batchSize),
        timestamp: new Float64Array(batchSize),
        length: 0,
      };
      for (;;) {
        let length = 0;
        while (length < batchSize && cursor.next()) {
          batch.actor[length] = cursor.actor;
          batch.target[length] = cursor.target;
          batch.kind[length] = cursor.kind;
          batch.timestamp[length] = cursor.timestamp;
          length++;
        }
        if (length === 0) return;
        batch.length = length;
        yield batch;
      }
    },
    *events() {
      const cursor = new EventCursor(plan);
      while (cursor.next()) {
        yield { actor: cursor.actor, target: cursor.target, kind: cursor.kind, timestamp: cursor.timestamp };
      }
    },
  };
}

interface EventPlan {
  readonly seed: number;
  readonly now: number;
  readonly total: number;
  readonly memberCount: number;
  readonly pod: Int32Array;
  readonly podProbability: number;
  readonly communityCount: number;
  readonly actorTable: AliasTable;
  readonly targetTable: AliasTable;
  readonly popularity: Float64Array;
}

/** Produces the world's events one at a time into its fields, so every way of replaying shares one loop. */
class EventCursor {
  actor = 0;
  target = 0;
  kind: InteractionKind = InteractionKind.Like;
  timestamp = 0;
  private produced = 0;
  private readonly random: Prng;

  constructor(private readonly plan: EventPlan) {
    this.random = new Prng(hash32(plan.seed ^ 0x13198a2e));
  }

  next(): boolean {
    const plan = this.plan;
    if (this.produced >= plan.total) return false;
    this.produced++;
    const random = this.random;
    const M = plan.memberCount;
    this.timestamp = plan.now - 1 - floor(random.next() * (WINDOW_DAYS * DAY_MS - 1));
    if (random.next() < plan.podProbability) {
      const pod = plan.pod;
      this.actor = pod[random.int(pod.length)];
      const liked = pod[random.int(pod.length - 1)];
      this.target = liked === this.actor ? pod[pod.length - 1] : liked;
      this.kind = InteractionKind.Like;
      return true;
    }
    const actor = plan.actorTable.sample(random);
    this.actor = actor;
    let kind = pickKind(random.next());
    if (kind === InteractionKind.Post) {
      if (actor < M) {
        this.target = actor;
        this.kind = kind;
        return true;
      }
      kind = InteractionKind.Like;
    }
    this.kind = kind;
    let target: number;
    if (random.next() < COMMUNITY_SHARE) {
      // The more popular of two community members: engagement within a community is unequal too.
      const community = hash32(actor ^ plan.seed) % plan.communityCount;
      const size = floor((M - 1 - community) / plan.communityCount) + 1;
      const a = community + plan.communityCount * random.int(size);
      const b = community + plan.communityCount * random.int(size);
      target = plan.popularity[b] > plan.popularity[a] ? b : a;
    } else {
      target = plan.targetTable.sample(random);
    }
    this.target = target === actor ? plan.targetTable.sample(random) : target;
    return true;
  }
}

function pickKind(u: number): InteractionKind {
  for (let k = 0; k < KIND_CUMULATIVE.length; k++)
    if (u < KIND_CUMULATIVE[k]) return KIND_BY_ORDER[k] as InteractionKind;
  return InteractionKind.Like;
}

/** Gives `count` distinct regular members (not celebrities) the role; returns them. */
function pickRegulars(roles: Uint8Array, count: number, role: MemberRole, random: Prng): Int32Array {
  const picked = new Int32Array(max(0, min(count, roles.length)));
  let found = 0;
  let attempts = 0;
  while (found < picked.length && attempts < roles.length * 20) {
    attempts++;
    const i = random.int(roles.length);
    if (roles[i] !== MemberRole.Regular) continue;
    roles[i] = role;
    picked[found++] = i;
  }
  return picked.subarray(0, found);
}

function buildAccounts(
  memberCount: number,
  roles: Uint8Array,
  random: Prng,
  expectedEngagement: (member: number) => number,
): World['accounts'] {
  const member: number[] = [];
  const followers: number[] = [];
  const following: number[] = [];
  const posts: number[] = [];
  const spikes: number[] = [];
  for (let i = 0; i < memberCount; i++) {
    const role = roles[i];
    const u = random.next();
    const accountCount = u < 0.55 ? 1 : u < 0.85 ? 2 : 3;
    const audience = round(
      25 * pow(expectedEngagement(i), 0.95) * exp(0.6 * random.normal()) + 20 * random.next(),
    );
    let remaining = audience;
    for (let a = 0; a < accountCount; a++) {
      const share = a === accountCount - 1 ? 1 : 0.6 + 0.3 * random.next();
      let accountFollowers = round(remaining * share);
      remaining -= accountFollowers;
      let accountFollowing = min(1400, round(exp(log(250) + 0.8 * random.normal())));
      let spiked = 0;
      if (a === 0 && role === MemberRole.BoughtFollowers) {
        // Bought over a day or two: every one of those days is a spike.
        const bought = round(exp(log(30_000) + 0.8 * random.normal()));
        accountFollowers += bought;
        spiked = bought;
      }
      if (a === 0 && role === MemberRole.MassFollower) {
        accountFollowing = 2000 + round(5000 * random.next());
        accountFollowers = max(accountFollowers, round(accountFollowing / (2.5 + 3.5 * random.next())));
      }
      member.push(i);
      followers.push(accountFollowers);
      following.push(accountFollowing);
      posts.push(1 + round(exp(log(15) + 0.8 * random.normal())));
      spikes.push(spiked);
    }
  }
  return {
    member: Int32Array.from(member),
    followers: Float64Array.from(followers),
    following: Float64Array.from(following),
    posts: Float64Array.from(posts),
    spikeFollowers: Float64Array.from(spikes),
  };
}
