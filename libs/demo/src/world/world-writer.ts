import { Injectable } from '@nestjs/common';
import { Clock, uuidv7 } from '@perkrank/core';
import { NETWORKS } from '@perkrank/reference';
import { generateWorld, type World } from '@perkrank/scoring';
import { GeneratedMembers } from '@perkrank/identity';
import {
  InteractionRepository,
  InteractionRows,
  Pseudonymizer,
  SocialAccountRepository,
  type Hash64,
} from '@perkrank/social';

export interface WorldOptions {
  members: number;
  actors: number;
  events: number;
  seed: number;
  /** The world's "now": events fall in the 90 days before it (default: the clock). */
  now?: Date;
  /** An argon2 hash every generated member logs in with (demos); default: nobody can log in. */
  passwordHash?: string;
  /** Interactions per transaction. */
  batchSize?: number;
  onProgress?: (progress: { phase: 'members' | 'interactions'; done: number; total: number }) => void;
}

export interface WorldSummary {
  members: number;
  accounts: number;
  actors: number;
  events: number;
  accepted: number;
  duplicates: number;
  now: Date;
  ms: number;
}

const DAY_MS = 86_400_000;
const USERS_PER_STATEMENT = 5_000;
/** An argon2 hash no password matches: generated members cannot log in unless asked to. */
const NO_LOGIN = '!generated-world-member';

/** Names for generated members and actors, recognisable and unique per seed. */
export const worldEmail = (seed: number, member: number): string =>
  `world-${seed}-${member}@world.perkrank.test`;
export const worldAccountId = (seed: number, member: number, account: number): string =>
  `world-${seed}-m${member}-a${account}`;
export const worldActorId = (seed: number, actor: number): string => `world-${seed}-a${actor}`;
export const worldEventId = (seed: number, event: number): string => `world-${seed}-e${event}`;

/**
 * `npm run cli -- generate:world`: writes the engine's deterministic synthetic world into the
 * database as if it had really happened — consenting members with verified accounts on several
 * networks (their daily counts show bought-follower spikes), and every interaction through the
 * same store, pseudonyms and de-duplication as real ones. Members are created in world order with
 * increasing ids, so a run numbers them as the world does.
 */
@Injectable()
export class WorldWriter {
  constructor(
    private readonly members: GeneratedMembers,
    private readonly accounts: SocialAccountRepository,
    private readonly interactions: InteractionRepository,
    private readonly pseudonyms: Pseudonymizer,
    private readonly clock: Clock,
  ) {}

  async write(options: WorldOptions): Promise<WorldSummary> {
    const started = Date.now();
    const now = options.now ?? this.clock.now();
    const world = generateWorld({
      members: options.members,
      actors: options.actors,
      events: options.events,
      seed: options.seed,
      now: now.getTime(),
    });
    if (await this.members.exists(worldEmail(options.seed, 0)))
      throw new Error(`A world with seed ${options.seed} is already in this database; pick another --seed.`);
    const { userIds, accounts } = await this.writeMembers(world, options, now);
    const written = await this.writeEvents(world, options, userIds.length);
    return {
      members: userIds.length,
      accounts,
      actors: options.actors,
      events: world.eventCount,
      ...written,
      now,
      ms: Date.now() - started,
    };
  }

  private async writeMembers(
    world: World,
    options: WorldOptions,
    now: Date,
  ): Promise<{ userIds: string[]; accounts: number }> {
    const M = world.members.length;
    const seed = options.seed;
    const base = now.getTime() - M - 1000;
    const userIds = Array.from({ length: M }, (_, i) => uuidv7(base + i));
    for (let from = 0; from < M; from += USERS_PER_STATEMENT) {
      const ids = userIds.slice(from, from + USERS_PER_STATEMENT);
      await this.members.insert({
        ids,
        emails: ids.map((_, k) => worldEmail(seed, from + k)),
        passwordHash: options.passwordHash ?? NO_LOGIN,
        firstNumber: from,
        now,
      });
      options.onProgress?.({ phase: 'members', done: Math.min(M, from + USERS_PER_STATEMENT), total: M });
    }

    // Accounts: the member's k-th account is on the k-th network, verified, with the world's counts.
    const a = world.accounts;
    const count = a.member.length;
    const perMember = new Int32Array(M);
    const rows = {
      id: [] as string[],
      user: [] as string[],
      network: [] as string[],
      handle: [] as string[],
      nativeId: [] as string[],
      followers: [] as number[],
      following: [] as number[],
      posts: [] as number[],
      before: [] as number[],
    };
    for (let k = 0; k < count; k++) {
      const member = a.member[k];
      const index = perMember[member]++;
      const network = NETWORKS[index % NETWORKS.length];
      const name = `w${seed}m${member}a${index}`;
      rows.id.push(uuidv7(base + member));
      rows.user.push(userIds[member]);
      rows.network.push(network);
      rows.handle.push(
        network === 'mastodon'
          ? `${name}@world.example`
          : network === 'bluesky'
            ? `${name}.world.example`
            : name,
      );
      rows.nativeId.push(worldAccountId(seed, member, index));
      rows.followers.push(a.followers[k]);
      rows.following.push(a.following[k]);
      rows.posts.push(a.posts[k]);
      rows.before.push(a.followers[k] - a.spikeFollowers[k]);
    }
    const today = now.toISOString().slice(0, 10);
    const spikeDay = new Date(now.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
    for (let from = 0; from < count; from += USERS_PER_STATEMENT) {
      const slice = <T>(list: T[]): T[] => list.slice(from, from + USERS_PER_STATEMENT);
      await this.accounts.insertVerifiedBatch(
        {
          id: slice(rows.id),
          user: slice(rows.user),
          network: slice(rows.network),
          handle: slice(rows.handle),
          nativeId: slice(rows.nativeId),
          followers: slice(rows.followers),
          following: slice(rows.following),
          posts: slice(rows.posts),
          before: slice(rows.before),
        },
        now,
        today,
        spikeDay,
      );
    }
    return { userIds, accounts: count };
  }

  private async writeEvents(
    world: World,
    options: WorldOptions,
    memberCount: number,
  ): Promise<{ accepted: number; duplicates: number }> {
    const seed = options.seed;
    const nodeHi = new Uint32Array(world.nodeCount);
    const nodeLo = new Uint32Array(world.nodeCount);
    const key: Hash64 = { hi: 0, lo: 0 };
    // A member's interactions go to their first account: all of a member's accounts are one node.
    for (let v = 0; v < world.nodeCount; v++) {
      if (v < memberCount) this.pseudonyms.actor(NETWORKS[0], worldAccountId(seed, v, 0), key);
      else this.pseudonyms.actor(NETWORKS[v % NETWORKS.length], worldActorId(seed, v - memberCount), key);
      nodeHi[v] = key.hi;
      nodeLo[v] = key.lo;
    }
    const batchSize = options.batchSize ?? 250_000;
    const rows = new InteractionRows(batchSize);
    const event: Hash64 = { hi: 0, lo: 0 };
    const actor: Hash64 = { hi: 0, lo: 0 };
    const target: Hash64 = { hi: 0, lo: 0 };
    let index = 0;
    let accepted = 0;
    let duplicates = 0;
    const flush = async (): Promise<void> => {
      if (rows.length === 0) return;
      await this.interactions.ensurePartitionsFor(rows);
      const result = await this.interactions.transaction((tx) => this.interactions.append(tx, rows));
      accepted += result.accepted;
      duplicates += result.duplicates;
      rows.clear();
      options.onProgress?.({ phase: 'interactions', done: index, total: world.eventCount });
    };
    for (const batch of world.batches(65_536)) {
      for (let i = 0; i < batch.length; i++) {
        this.pseudonyms.event('x', worldEventId(seed, index++), event);
        const a = batch.actor[i];
        const t = batch.target[i];
        actor.hi = nodeHi[a];
        actor.lo = nodeLo[a];
        target.hi = nodeHi[t];
        target.lo = nodeLo[t];
        rows.push(event, batch.timestamp[i], actor, target, batch.kind[i] as 0 | 1 | 2 | 3 | 4 | 5);
        if (rows.length === batchSize) await flush();
      }
    }
    await flush();
    return { accepted, duplicates };
  }
}
