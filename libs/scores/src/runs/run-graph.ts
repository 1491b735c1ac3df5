/**
 * Builds the engine's input from stored interactions as they stream out of Postgres: keyed
 * hashes become node numbers (members first, all accounts of a member on one node; every other
 * pseudonym its own node), rows outside the window or without engagement weight are counted and
 * dropped, and the rest are buffered compactly (10 bytes a row) until the node count is known —
 * the engine's aggregator needs it up front. Actors are then renumbered in key order, so the same
 * stored rows give the same graph, bit for bit, whatever order Postgres returned them in.
 */
import {
  EdgeAggregator,
  kindWeightTable,
  MODEL_V1,
  type AggregatedInteractions,
  type InteractionKind,
  type ScoringModel,
} from '@perkrank/scoring';
import type { StoredInteractionBatch } from '@perkrank/social';
import { KeyIndex } from './key-index';

const DAY_MS = 86_400_000;
const CHUNK_ROWS = 1 << 20;

export interface RunGraphStats {
  /** Rows read from the store. */
  rows: number;
  /** Engagement rows inside the window handed to the engine. */
  kept: number;
  outsideWindow: number;
  notEngagement: number;
  /** Distinct actors that are not scored members. */
  actors: number;
}

interface Chunk {
  actor: Int32Array;
  target: Int32Array;
  kind: Uint8Array;
  day: Uint8Array;
  length: number;
}

export class RunGraphBuilder {
  private readonly index: KeyIndex;
  private readonly chunks: Chunk[] = [];
  private readonly weights: Float64Array;
  private readonly windowDays: number;
  private nextNode: number;
  private rows = 0;
  private kept = 0;
  private outsideWindow = 0;
  private notEngagement = 0;

  constructor(
    readonly memberCount: number,
    /** The scoring time, ms since the epoch. */
    readonly asOf: number,
    private readonly model: ScoringModel = MODEL_V1,
    expectedNodes = 1024,
  ) {
    this.index = new KeyIndex(Math.max(expectedNodes, memberCount));
    this.nextNode = memberCount;
    this.weights = kindWeightTable(model);
    this.windowDays = model.windowDays;
  }

  /** Puts an account's pseudonym on its member's node (accumulation across networks). */
  linkAccount(member: number, hi: number, lo: number): void {
    this.index.getOrAdd(hi, lo, member);
  }

  add(batch: StoredInteractionBatch): void {
    const { actorHi, actorLo, targetHi, targetLo, kind, occurredAt, length } = batch;
    const index = this.index;
    const weights = this.weights;
    const asOf = this.asOf;
    const windowDays = this.windowDays;
    let chunk = this.chunks[this.chunks.length - 1];
    this.rows += length;
    for (let i = 0; i < length; i++) {
      const k = kind[i];
      if (!(weights[k] > 0)) {
        this.notEngagement++;
        continue;
      }
      const age = asOf - occurredAt[i];
      // Same whole-day rule as the engine's aggregator; future rows (clock skew) are dropped.
      if (!(age >= 0)) {
        this.outsideWindow++;
        continue;
      }
      const day = Math.floor(age / DAY_MS);
      if (day >= windowDays) {
        this.outsideWindow++;
        continue;
      }
      let next = this.nextNode;
      const actor = index.getOrAdd(actorHi[i], actorLo[i], next);
      if (actor === next) next++;
      const target = index.getOrAdd(targetHi[i], targetLo[i], next);
      if (target === next) next++;
      this.nextNode = next;
      if (chunk === undefined || chunk.length === CHUNK_ROWS) {
        chunk = {
          actor: new Int32Array(CHUNK_ROWS),
          target: new Int32Array(CHUNK_ROWS),
          kind: new Uint8Array(CHUNK_ROWS),
          day: new Uint8Array(CHUNK_ROWS),
          length: 0,
        };
        this.chunks.push(chunk);
      }
      const j = chunk.length++;
      chunk.actor[j] = actor;
      chunk.target[j] = target;
      chunk.kind[j] = k;
      chunk.day[j] = day;
      this.kept++;
    }
  }

  get nodeCount(): number {
    return this.nextNode;
  }

  get stats(): RunGraphStats {
    return {
      rows: this.rows,
      kept: this.kept,
      outsideWindow: this.outsideWindow,
      notEngagement: this.notEngagement,
      actors: this.nextNode - this.memberCount,
    };
  }

  /** Renumbers actors in key order and runs the engine's aggregation (selectivity, caps, decay). */
  finish(): AggregatedInteractions {
    const members = this.memberCount;
    const nodeCount = this.nextNode;
    const actorCount = nodeCount - members;
    const provisional = new Int32Array(actorCount);
    const hi = new Uint32Array(actorCount);
    const lo = new Uint32Array(actorCount);
    let n = 0;
    this.index.forEach((h, l, value) => {
      if (value < members) return;
      provisional[n] = value;
      hi[n] = h;
      lo[n] = l;
      n++;
    });
    const order = Uint32Array.from({ length: actorCount }, (_, i) => i);
    order.sort((a, b) => hi[a] - hi[b] || lo[a] - lo[b]);
    // final[p − members] = the node number of provisional actor p.
    const final = new Int32Array(actorCount);
    for (let rank = 0; rank < actorCount; rank++) final[provisional[order[rank]] - members] = members + rank;

    const aggregator = new EdgeAggregator({ nodeCount, now: this.asOf, model: this.model });
    const half = DAY_MS / 2;
    for (let c = 0; c < this.chunks.length; c++) {
      const { actor, target, kind, day, length } = this.chunks[c];
      for (let i = 0; i < length; i++) {
        const a = actor[i] < members ? actor[i] : final[actor[i] - members];
        const t = target[i] < members ? target[i] : final[target[i] - members];
        // A timestamp in the middle of the row's day: the aggregator derives the same day.
        aggregator.add(a, t, kind[i] as InteractionKind, this.asOf - day[i] * DAY_MS - half);
      }
      // Drop each chunk once handed over, so the rows are held about once at any time.
      this.chunks[c] = {
        actor: new Int32Array(0),
        target: new Int32Array(0),
        kind: new Uint8Array(0),
        day: new Uint8Array(0),
        length: 0,
      };
    }
    return aggregator.finish();
  }
}
