/**
 * Builds the engine's input from stored interactions as they stream out of Postgres: keyed
 * hashes become node numbers (members first, all accounts of a member on one node; every other
 * pseudonym its own node, numbered as first seen), rows outside the window or without engagement
 * weight are counted and dropped, and the rest go straight into the engine's aggregator (10 bytes
 * a row, held once). At the end actors are renumbered in key order as the aggregator groups the
 * rows, so the same stored rows give the same graph, bit for bit, whatever order Postgres
 * returned them in.
 */
import {
  EdgeAggregator,
  kindWeightTable,
  MODEL_V1,
  type AggregatedInteractions,
  type ScoringModel,
} from '@perkrank/scoring';
import type { StoredInteractionBatch } from '@perkrank/social';
import { KeyIndex } from './key-index';

const DAY_MS = 86_400_000;
/** The aggregator's row code: day × 2^KIND_BITS + kind. */
const KIND_BITS = 3;
/** Node numbers are provisional while loading: the aggregator checks them against this bound. */
const MAX_NODES = 0x7fffffff;
/** Whether a Uint32Array over a BigUint64Array sees the low half first. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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

export class RunGraphBuilder {
  private index: KeyIndex;
  private readonly aggregator: EdgeAggregator;
  private readonly weights: Float64Array;
  private readonly windowDays: number;
  private nextNode: number;
  private rows = 0;
  private kept = 0;
  private outsideWindow = 0;
  private notEngagement = 0;
  /** Per-batch scratch: the kept rows' positions, codes and provisional nodes. */
  private rowOf = new Int32Array(0);
  private code = new Uint16Array(0);
  private actor = new Int32Array(0);
  private target = new Int32Array(0);

  constructor(
    readonly memberCount: number,
    /** The scoring time, ms since the epoch. */
    readonly asOf: number,
    model: ScoringModel = MODEL_V1,
    expectedNodes = 1024,
  ) {
    this.index = new KeyIndex(Math.max(expectedNodes, memberCount));
    this.nextNode = memberCount;
    this.weights = kindWeightTable(model);
    this.windowDays = model.windowDays;
    this.aggregator = new EdgeAggregator({ nodeCount: MAX_NODES, now: asOf, model });
  }

  /** Puts an account's pseudonym on its member's node (accumulation across networks). */
  linkAccount(member: number, hi: number, lo: number): void {
    this.index.getOrAdd(hi, lo, member);
  }

  /**
   * Three tight loops per batch rather than one long one: the window and kind filter (coding
   * each kept row's day and kind), then the actors' and the targets' lookups. A lookup is a cache
   * miss into a table of tens of MB; in a loop that does nothing else the processor has several
   * in flight at once. Provisional node numbers depend on the order of lookups, not the result:
   * finish() renumbers in key order.
   */
  add(batch: StoredInteractionBatch): void {
    const { actorHi, actorLo, targetHi, targetLo, kind, occurredAt, length } = batch;
    if (this.rowOf.length < length) {
      this.rowOf = new Int32Array(length);
      this.code = new Uint16Array(length);
      this.actor = new Int32Array(length);
      this.target = new Int32Array(length);
    }
    const { rowOf, code, actor, target } = this;
    const weights = this.weights;
    const asOf = this.asOf;
    const windowDays = this.windowDays;
    this.rows += length;
    let m = 0;
    let notEngagement = 0;
    let outsideWindow = 0;
    for (let i = 0; i < length; i++) {
      const k = kind[i];
      if (!(weights[k] > 0)) {
        notEngagement++;
        continue;
      }
      const age = asOf - occurredAt[i];
      // Same whole-day rule as the engine's aggregator; future rows (clock skew) are dropped.
      if (!(age >= 0)) {
        outsideWindow++;
        continue;
      }
      const day = Math.floor(age / DAY_MS);
      if (day >= windowDays) {
        outsideWindow++;
        continue;
      }
      rowOf[m] = i;
      code[m] = (day << KIND_BITS) | k;
      m++;
    }
    this.notEngagement += notEngagement;
    this.outsideWindow += outsideWindow;
    const index = this.index;
    let next = this.nextNode;
    for (let j = 0; j < m; j++) {
      const i = rowOf[j];
      const v = index.getOrAdd(actorHi[i], actorLo[i], next);
      if (v === next) next++;
      actor[j] = v;
    }
    for (let j = 0; j < m; j++) {
      const i = rowOf[j];
      const v = index.getOrAdd(targetHi[i], targetLo[i], next);
      if (v === next) next++;
      target[j] = v;
    }
    this.nextNode = next;
    this.aggregator.addCoded(actor, target, code, m);
    this.kept += m;
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
    // Every actor's 64-bit key, sorted natively as unsigned 64-bit numbers (no BigInt per key):
    // written and read through a Uint32Array over the same memory.
    const keys = new BigUint64Array(actorCount);
    const halves = new Uint32Array(keys.buffer);
    const low = LITTLE_ENDIAN ? 0 : 1;
    let n = 0;
    this.index.forEach((h, l, value) => {
      if (value < members) return;
      halves[2 * n + low] = l;
      halves[2 * n + 1 - low] = h;
      n++;
    });
    keys.sort();
    // renumber[v] = the final node number of provisional node v; members keep theirs.
    const renumber = new Int32Array(nodeCount);
    for (let m = 0; m < members; m++) renumber[m] = m;
    for (let rank = 0; rank < actorCount; rank++) {
      const provisional = this.index.get(halves[2 * rank + 1 - low], halves[2 * rank + low]);
      renumber[provisional] = members + rank;
    }
    // The key index (tens of MB) is not needed any more: let it go before the rows are grouped.
    this.index = new KeyIndex(0);
    return this.aggregator.finish(renumber);
  }
}
