/**
 * Test helpers: score a generated world, optionally changed — extra nodes, extra interactions,
 * extra members, edited account counts — without touching the world itself.
 */
import { EdgeAggregator, type AggregatedInteractions, type InteractionRecord } from '../edge-aggregator';
import { InteractionKind, type ScoringModel } from '../model';
import { scorePopulation, type PopulationScores, type ScoreOptions } from '../score-population';
import { generateWorld, type World, type WorldOptions } from '../world-generator';

export const TEST_NOW = Date.UTC(2025, 5, 1);
export const DAY_MS = 86_400_000;

export interface MutableAccounts {
  member: Int32Array;
  followers: Float64Array;
  following: Float64Array;
  posts: Float64Array;
  spikeFollowers: Float64Array;
}

export interface ExtraMember {
  readonly node: number;
  readonly followers?: number;
  readonly following?: number;
  readonly posts?: number;
}

export interface WorldChange {
  /** Nodes appended after the world's own (their ids start at world.nodeCount). */
  readonly extraNodes?: number;
  readonly extraEvents?: readonly InteractionRecord[];
  /** Appended scored members (must be extra nodes), one account each. */
  readonly extraMembers?: readonly ExtraMember[];
  readonly editAccounts?: (accounts: MutableAccounts) => void;
  /** Member indices to leave out, as for withdrawn consent. */
  readonly withoutMembers?: readonly number[];
}

export function smallWorld(seed: number, overrides: Partial<WorldOptions> = {}): World {
  return generateWorld({ members: 300, actors: 1500, events: 40_000, seed, now: TEST_NOW, ...overrides });
}

export function aggregateWorld(
  world: World,
  change: WorldChange = {},
  model?: ScoringModel,
): AggregatedInteractions {
  const aggregator = new EdgeAggregator({
    nodeCount: world.nodeCount + (change.extraNodes ?? 0),
    now: world.now,
    model,
  });
  for (const batch of world.batches()) aggregator.addBatch(batch);
  for (const e of change.extraEvents ?? []) aggregator.add(e.actor, e.target, e.kind, e.timestamp);
  return aggregator.finish();
}

export function scoreWorld(
  world: World,
  change: WorldChange = {},
  options: ScoreOptions = {},
): PopulationScores {
  const interactions = aggregateWorld(world, change, options.model);
  const a = world.accounts;
  const accounts: MutableAccounts = {
    member: Int32Array.from(a.member),
    followers: Float64Array.from(a.followers),
    following: Float64Array.from(a.following),
    posts: Float64Array.from(a.posts),
    spikeFollowers: Float64Array.from(a.spikeFollowers),
  };
  let members: Int32Array = Int32Array.from(world.members);
  const extra = change.extraMembers ?? [];
  if (extra.length > 0) {
    const first = members.length;
    members = Int32Array.from([...members, ...extra.map((m) => m.node)]);
    accounts.member = Int32Array.from([...accounts.member, ...extra.map((_, k) => first + k)]);
    accounts.followers = Float64Array.from([...accounts.followers, ...extra.map((m) => m.followers ?? 300)]);
    accounts.following = Float64Array.from([...accounts.following, ...extra.map((m) => m.following ?? 200)]);
    accounts.posts = Float64Array.from([...accounts.posts, ...extra.map((m) => m.posts ?? 15)]);
    accounts.spikeFollowers = Float64Array.from([...accounts.spikeFollowers, ...extra.map(() => 0)]);
  }
  change.editAccounts?.(accounts);
  if (change.withoutMembers !== undefined && change.withoutMembers.length > 0) {
    ({ members } = dropMembers(members, accounts, new Set(change.withoutMembers)));
  }
  return scorePopulation({ interactions, members, accounts }, options);
}

/** Removes members and their accounts, renumbering the remaining accounts' member indices. */
function dropMembers(
  members: Int32Array,
  accounts: MutableAccounts,
  dropped: ReadonlySet<number>,
): { members: Int32Array } {
  const newIndex = new Int32Array(members.length).fill(-1);
  const kept: number[] = [];
  members.forEach((node, i) => {
    if (!dropped.has(i)) {
      newIndex[i] = kept.length;
      kept.push(node);
    }
  });
  const keep = Array.from(accounts.member, (m) => newIndex[m] >= 0);
  const pick = <T extends Int32Array | Float64Array>(column: T): T => column.filter((_, a) => keep[a]) as T;
  accounts.followers = pick(accounts.followers);
  accounts.following = pick(accounts.following);
  accounts.posts = pick(accounts.posts);
  accounts.spikeFollowers = pick(accounts.spikeFollowers);
  accounts.member = Int32Array.from(pick(accounts.member), (m) => newIndex[m]);
  return { members: Int32Array.from(kept) };
}

/** A timestamp `days` (may be fractional) before the test's scoring time. */
export function daysAgo(days: number, now = TEST_NOW): number {
  return now - Math.round(days * DAY_MS);
}

export function record(
  actor: number,
  target: number,
  kind: InteractionKind,
  timestamp: number,
): InteractionRecord {
  return { actor, target, kind, timestamp };
}

/** Sum of a member's component points in tenths, which must equal the score in tenths. */
export function pointsInTenths(member: PopulationScores['members'][number]): number {
  const c = member.components;
  return (
    Math.round(c.network.points * 10) +
    Math.round(c.engagement.points * 10) +
    Math.round(c.amplification.points * 10) +
    Math.round(c.reach.points * 10)
  );
}
