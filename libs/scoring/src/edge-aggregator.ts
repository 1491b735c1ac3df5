/**
 * Turns raw interactions into the weighted engagement graph of the model: kind weights, the 90-day
 * window, whole-day decay, the selectivity budget and the per-target daily cap.
 *
 * Rows can arrive in any order and in any number (feed them as they stream out of the database):
 * each is kept as 10 bytes until finish(), which groups them by actor with a counting sort — about
 * a tenth of the memory of hash tables keyed by (actor, target, day), and faster. Every sum across
 * rows is an exact integer (half weight units) or exact fixed-point, and the output is sorted, so
 * the result is bit-for-bit the same whatever order the rows came in.
 */
import type { WeightedEdges } from './csr';
import { InteractionKind, MODEL_V1, type ScoringModel } from './model';

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { floor, max, min, round } = Math;

const DAY_MS = 86_400_000;
/** Kind weights are multiples of 0.5; counting half units keeps every per-day sum an exact integer. */
const HALF_UNITS = 2;
/** Per-pair sums across days are kept in units of 2^-32: exact, so addition order can't matter. */
const FIXED_POINT = 2 ** 32;
/** A row's day and kind share a Uint16: day × 8 + kind. */
const KIND_BITS = 3;
const KIND_MASK = (1 << KIND_BITS) - 1;
/** Per-actor sort keys are target × 2^16 + code; multiplying by the exact inverse decodes them. */
const KEY_SCALE = 65536;
const KEY_SCALE_INVERSE = 1 / KEY_SCALE;
/** Row storage grows in chunks, from small (tests, small worlds) to 1M rows (no huge copies). */
const FIRST_CHUNK_ROWS = 1 << 12;
const LARGEST_CHUNK_ROWS = 1 << 20;

export interface InteractionRecord {
  readonly actor: number;
  readonly target: number;
  readonly kind: InteractionKind;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

/** A batch of rows in columns; only the first `length` entries are read. */
export interface InteractionBatch {
  readonly actor: Int32Array;
  readonly target: Int32Array;
  readonly kind: Uint8Array;
  readonly timestamp: Float64Array;
  readonly length: number;
}

export interface AggregationStats {
  readonly rows: number;
  /** Engagement rows inside the window, kept for the graph. */
  readonly counted: number;
  readonly outsideWindow: number;
  readonly selfInteractions: number;
  /** Follows and posts: they carry no engagement weight. */
  readonly notEngagement: number;
}

/** The engagement graph plus the per-node facts the features need; edges sorted by (src, dst). */
export interface AggregatedInteractions extends WeightedEdges {
  readonly weight: Float64Array;
  /** Per node: total weight received (Σ of its incoming edges). */
  readonly received: Float64Array;
  /** Per node: distinct actors with any counted interaction on it. */
  readonly engagers: Int32Array;
  /** Per node: distinct actors who shared or reposted it. */
  readonly sharers: Int32Array;
}

export interface AggregatorOptions {
  readonly nodeCount: number;
  /** The scoring time (ms since the epoch); ages are whole days before it. */
  readonly now: number;
  readonly model?: ScoringModel;
}

export class EdgeAggregator {
  readonly nodeCount: number;
  readonly now: number;
  private readonly halfUnitsByKind: Int32Array;
  private readonly decayByDay: Float64Array;
  private readonly windowDays: number;
  private readonly dailyBudgetHalfUnits: number;
  private readonly perTargetDailyCap: number;
  private readonly actorChunks: Int32Array[] = [];
  private readonly targetChunks: Int32Array[] = [];
  private readonly codeChunks: Uint16Array[] = [];
  private actorChunk = new Int32Array(0);
  private targetChunk = new Int32Array(0);
  private codeChunk = new Uint16Array(0);
  private inChunk = 0;
  private rows = 0;
  private counted = 0;
  private outsideWindow = 0;
  private selfInteractions = 0;
  private notEngagement = 0;
  private finished = false;

  constructor(options: AggregatorOptions) {
    const model = options.model ?? MODEL_V1;
    if (!Number.isInteger(options.nodeCount) || options.nodeCount < 0 || options.nodeCount > 0x7fffffff) {
      throw new RangeError(`nodeCount ${options.nodeCount} is not a valid size`);
    }
    if (!Number.isFinite(options.now)) throw new RangeError('now must be a finite timestamp');
    if (model.windowDays > 0xffff >> KIND_BITS) throw new RangeError('the window is too long');
    this.nodeCount = options.nodeCount;
    this.now = options.now;
    this.windowDays = model.windowDays;
    const w = model.kindWeights;
    this.halfUnitsByKind = Int32Array.from([w.like, w.reply, w.mention, w.share, w.follow, w.post], (x) => {
      if (!Number.isInteger(x * HALF_UNITS) || x < 0)
        throw new RangeError('kind weights must be multiples of 0.5');
      return x * HALF_UNITS;
    });
    this.decayByDay = Float64Array.from(
      { length: model.windowDays },
      (_, day) => 0.5 ** (day / model.halfLifeDays),
    );
    this.dailyBudgetHalfUnits = model.selectivity.dailyBudget * HALF_UNITS;
    this.perTargetDailyCap = model.perTargetDailyCap;
  }

  add(actor: number, target: number, kind: InteractionKind, timestamp: number): void {
    if (this.finished) throw new Error('the aggregator has already finished');
    this.rows++;
    const n = this.nodeCount;
    if (!(actor >>> 0 < n && actor === (actor | 0) && target >>> 0 < n && target === (target | 0))) {
      throw new RangeError(`row ${this.rows}: actor ${actor} or target ${target} is outside 0..${n - 1}`);
    }
    const halfUnits = this.halfUnitsByKind[kind];
    // `>= 0` is false for the undefined an unknown kind reads, without a global `undefined` lookup.
    if (!(halfUnits >= 0)) throw new RangeError(`row ${this.rows}: unknown interaction kind ${kind}`);
    const age = this.now - timestamp;
    // Future rows (clock skew) are dropped rather than counted at full weight.
    if (!(age >= 0)) {
      this.outsideWindow++;
      return;
    }
    const day = floor(age / DAY_MS);
    if (day >= this.windowDays) {
      this.outsideWindow++;
      return;
    }
    if (halfUnits === 0) {
      this.notEngagement++;
      return;
    }
    if (actor === target) {
      this.selfInteractions++;
      return;
    }
    if (this.inChunk === this.actorChunk.length) this.newChunk();
    const i = this.inChunk++;
    this.actorChunk[i] = actor;
    this.targetChunk[i] = target;
    this.codeChunk[i] = (day << KIND_BITS) | kind;
    this.counted++;
  }

  addBatch(batch: InteractionBatch): void {
    const { actor, target, kind, timestamp, length } = batch;
    for (let i = 0; i < length; i++) this.add(actor[i], target[i], kind[i] as InteractionKind, timestamp[i]);
  }

  /**
   * Rows a caller already filtered and coded, a batch at a time: `code[i]` is day × 8 + kind, the
   * whole days before `now` inside the window and a kind with weight (both checked, as are the
   * node numbers); self-interactions are dropped as add() drops them. For a feed that computes
   * the day anyway (a scoring run's loader): one tight loop per batch instead of add()'s checks
   * and conversions per row.
   */
  addCoded(actor: Int32Array, target: Int32Array, code: Uint16Array, length: number): void {
    if (this.finished) throw new Error('the aggregator has already finished');
    const n = this.nodeCount;
    const windowDays = this.windowDays;
    const halfUnitsByKind = this.halfUnitsByKind;
    let self = 0;
    let i = 0;
    while (i < length) {
      if (this.inChunk === this.actorChunk.length) this.newChunk();
      const actors = this.actorChunk;
      const targets = this.targetChunk;
      const codes = this.codeChunk;
      const room = actors.length;
      let w = this.inChunk;
      for (; i < length && w < room; i++) {
        const a = actor[i];
        const t = target[i];
        const c = code[i];
        if (!(a >>> 0 < n && t >>> 0 < n))
          throw new RangeError(`row ${this.rows + i + 1}: actor ${a} or target ${t} is outside 0..${n - 1}`);
        if (!(c >> KIND_BITS < windowDays && halfUnitsByKind[c & KIND_MASK] > 0))
          throw new RangeError(`row ${this.rows + i + 1}: code ${c} is not an engagement day of the window`);
        if (a === t) {
          self++;
          continue;
        }
        actors[w] = a;
        targets[w] = t;
        codes[w] = c;
        w++;
      }
      this.inChunk = w;
    }
    this.rows += length;
    this.counted += length - self;
    this.selfInteractions += self;
  }

  get stats(): AggregationStats {
    return {
      rows: this.rows,
      counted: this.counted,
      outsideWindow: this.outsideWindow,
      selfInteractions: this.selfInteractions,
      notEngagement: this.notEngagement,
    };
  }

  /**
   * Applies selectivity, the cap and decay, and returns the graph. The aggregator can't be fed after.
   *
   * `renumber` is for callers that number nodes as they first see them (a stream whose order is
   * not fixed): node `v` of the rows becomes `renumber[v]`, a permutation of `0..renumber.length-1`,
   * and the result has `renumber.length` nodes — the same bits as feeding the renumbered rows,
   * without a second copy of them. Every row must name nodes below `renumber.length`.
   */
  finish(renumber?: Int32Array): AggregatedInteractions {
    if (this.finished) throw new Error('the aggregator has already finished');
    if (renumber) checkPermutation(renumber);
    this.finished = true;
    const n = renumber ? renumber.length : this.nodeCount;
    return this.combine(n, renumber ? this.groupRenumbered(renumber) : this.groupByActor());
  }

  private newChunk(): void {
    const rows = min(LARGEST_CHUNK_ROWS, max(FIRST_CHUNK_ROWS, this.actorChunk.length * 2));
    this.actorChunk = new Int32Array(rows);
    this.targetChunk = new Int32Array(rows);
    this.codeChunk = new Uint16Array(rows);
    this.actorChunks.push(this.actorChunk);
    this.targetChunks.push(this.targetChunk);
    this.codeChunks.push(this.codeChunk);
    this.inChunk = 0;
  }

  /** Counting sort of the kept rows by actor; frees the row chunks as it goes. */
  private groupByActor(): { targets: Int32Array; codes: Uint16Array; start: Int32Array } {
    const n = this.nodeCount;
    const total = this.counted;
    const chunkCount = this.actorChunks.length;
    const rowsIn = (c: number): number => (c === chunkCount - 1 ? this.inChunk : this.actorChunks[c].length);
    const start = new Int32Array(n + 1);
    for (let c = 0; c < chunkCount; c++) {
      const actors = this.actorChunks[c];
      const rows = rowsIn(c);
      for (let i = 0; i < rows; i++) start[actors[i] + 1]++;
    }
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const cursor = start.slice(0, n);
    const targets = new Int32Array(total);
    const codes = new Uint16Array(total);
    for (let c = 0; c < chunkCount; c++) {
      const actors = this.actorChunks[c];
      const chunkTargets = this.targetChunks[c];
      const chunkCodes = this.codeChunks[c];
      const rows = rowsIn(c);
      for (let i = 0; i < rows; i++) {
        const p = cursor[actors[i]]++;
        targets[p] = chunkTargets[i];
        codes[p] = chunkCodes[i];
      }
      // Drop each chunk once copied, so peak memory stays near one copy of the rows.
      this.actorChunks[c] = this.targetChunks[c] = new Int32Array(0);
      this.codeChunks[c] = new Uint16Array(0);
    }
    return { targets, codes, start };
  }

  /**
   * groupByActor with every node number passed through `renumber` on the way, in two passes that
   * stay in cache (a scoring run's 20M rows over 1M actors: one counting sort straight into
   * 120 MB wrote each row to a random place, a cache miss or two per row):
   * 1. partition: each row, renumbered, is appended to the bucket of its actor — buckets are
   *    runs of 2^shift consecutive actors, a few thousand of them, so every bucket's write
   *    position stays in cache; the row chunks are freed as they are read;
   * 2. each bucket, a few thousand rows, is counting-sorted by actor in place.
   * The partition's arrays are the result (no second copy of the rows; 2 more bytes a row than a
   * direct counting sort while they are built). Within an actor the rows keep no particular
   * order; combine() sorts them.
   */
  private groupRenumbered(renumber: Int32Array): {
    targets: Int32Array;
    codes: Uint16Array;
    start: Int32Array;
  } {
    const n = renumber.length;
    const total = this.counted;
    const chunkCount = this.actorChunks.length;
    const rowsIn = (c: number): number => (c === chunkCount - 1 ? this.inChunk : this.actorChunks[c].length);
    // About 4096 buckets of at least 512 actors; at most 2^16 actors each, so that a row's actor
    // within its bucket fits the 2 bytes it is kept in between the passes.
    const shift = min(16, max(9, 32 - Math.clz32(n) - 12));
    const buckets = (n >>> shift) + 1;
    const bucketStart = new Int32Array(buckets + 1);
    for (let c = 0; c < chunkCount; c++) {
      const actors = this.actorChunks[c];
      const chunkTargets = this.targetChunks[c];
      const rows = rowsIn(c);
      for (let i = 0; i < rows; i++) {
        const a = actors[i];
        if (!(a < n && chunkTargets[i] < n))
          throw new RangeError(`a row names node ${max(a, chunkTargets[i])}, outside the ${n} renumbered`);
        bucketStart[(renumber[a] >>> shift) + 1]++;
      }
    }
    for (let b = 0; b < buckets; b++) bucketStart[b + 1] += bucketStart[b];
    const fill = bucketStart.slice(0, buckets);
    const mask = (1 << shift) - 1;
    const rowActors = new Uint16Array(total);
    const targets = new Int32Array(total);
    const codes = new Uint16Array(total);
    for (let c = 0; c < chunkCount; c++) {
      const actors = this.actorChunks[c];
      const chunkTargets = this.targetChunks[c];
      const chunkCodes = this.codeChunks[c];
      const rows = rowsIn(c);
      for (let i = 0; i < rows; i++) {
        const actor = renumber[actors[i]];
        const p = fill[actor >>> shift]++;
        rowActors[p] = actor & mask;
        targets[p] = renumber[chunkTargets[i]];
        codes[p] = chunkCodes[i];
      }
      // Drop each chunk once copied, so peak memory stays near one copy of the rows.
      this.actorChunks[c] = this.targetChunks[c] = new Int32Array(0);
      this.codeChunks[c] = new Uint16Array(0);
    }

    const start = new Int32Array(n + 1);
    start[n] = total;
    const width = 1 << shift;
    const count = new Int32Array(width + 1);
    let bucketTargets = new Int32Array(1024);
    let bucketCodes = new Uint16Array(1024);
    for (let b = 0; b < buckets; b++) {
      const lo = bucketStart[b];
      const hi = bucketStart[b + 1];
      const first = b << shift;
      const nodes = min(width, n - first);
      count.fill(0);
      for (let k = lo; k < hi; k++) count[rowActors[k] + 1]++;
      count[0] = lo;
      for (let j = 0; j < nodes; j++) count[j + 1] += count[j];
      for (let j = 0; j < nodes; j++) start[first + j] = count[j];
      const length = hi - lo;
      if (bucketTargets.length < length) {
        bucketTargets = new Int32Array(length * 2);
        bucketCodes = new Uint16Array(length * 2);
      }
      bucketTargets.set(targets.subarray(lo, hi));
      bucketCodes.set(codes.subarray(lo, hi));
      for (let k = lo; k < hi; k++) {
        const p = count[rowActors[k]]++;
        targets[p] = bucketTargets[k - lo];
        codes[p] = bucketCodes[k - lo];
      }
    }
    return { targets, codes, start };
  }

  /**
   * Per actor: the day totals give the selectivity factor; rows sorted by (target, day) give the
   * per-target daily sums, which are capped, decayed and added up per target in fixed point.
   */
  private combine(
    n: number,
    grouped: { targets: Int32Array; codes: Uint16Array; start: Int32Array },
  ): AggregatedInteractions {
    const { halfUnitsByKind, decayByDay, dailyBudgetHalfUnits, perTargetDailyCap } = this;
    let { targets, codes } = grouped;
    const start = grouped.start;
    const total = targets.length;
    // Edges come out per actor in actor order: a count per actor stands in for a source column
    // as long as the rows (4 bytes a row less while the rows and the edges are both held).
    const edgesOf = new Int32Array(n);
    const dst = new Int32Array(total);
    const weight = new Float64Array(total);
    const received = new Float64Array(n);
    const engagers = new Int32Array(n);
    const sharers = new Int32Array(n);
    const dayTotals = new Int32Array(this.windowDays);
    let keys = new Float64Array(1024);
    let m = 0;
    for (let actor = 0; actor < n; actor++) {
      const lo = start[actor];
      const hi = start[actor + 1];
      if (lo === hi) continue;
      const length = hi - lo;
      if (keys.length < length) keys = new Float64Array(length * 2);
      const group = keys.subarray(0, length);
      dayTotals.fill(0);
      for (let k = lo; k < hi; k++) {
        const code = codes[k];
        dayTotals[code >> KIND_BITS] += halfUnitsByKind[code & KIND_MASK];
        // target × 2^16 + code stays below 2^47: an exact double, sorted natively.
        group[k - lo] = targets[k] * KEY_SCALE + code;
      }
      sortKeys(group);

      // One pass over the sorted (target, day, kind) keys; k === length flushes the last runs.
      let target = -1;
      let day = -1;
      let halfUnits = 0;
      let fixed = 0;
      let shared = 0;
      for (let k = 0; k <= length; k++) {
        let t = -2;
        let d = -2;
        let kind = 0;
        if (k < length) {
          const key = group[k];
          t = floor(key * KEY_SCALE_INVERSE);
          const code = key - t * KEY_SCALE;
          d = code >> KIND_BITS;
          kind = code & KIND_MASK;
        }
        if (t !== target || d !== day) {
          if (halfUnits > 0) {
            const selectivity = min(1, dailyBudgetHalfUnits / dayTotals[day]);
            const units = min(perTargetDailyCap, (halfUnits / HALF_UNITS) * selectivity);
            fixed += round(units * decayByDay[day] * FIXED_POINT);
            halfUnits = 0;
          }
          if (t !== target) {
            if (target >= 0) {
              const w = fixed / FIXED_POINT;
              edgesOf[actor]++;
              dst[m] = target;
              weight[m] = w;
              m++;
              received[target] += w;
              engagers[target]++;
              sharers[target] += shared;
            }
            target = t;
            fixed = 0;
            shared = 0;
          }
          day = d;
        }
        if (k < length) {
          halfUnits += halfUnitsByKind[kind];
          if (kind === InteractionKind.Share) shared = 1;
        }
      }
    }
    // The grouped rows are done with: let them go before the edges are copied to their size
    // (the assignments drop this frame's references, which would otherwise keep them).
    // eslint-disable-next-line no-useless-assignment
    targets = grouped.targets = new Int32Array(0);
    // eslint-disable-next-line no-useless-assignment
    codes = grouped.codes = new Uint16Array(0);
    const exactDst = dst.slice(0, m);
    const exactWeight = weight.slice(0, m);
    const src = new Int32Array(m);
    for (let actor = 0, e = 0; actor < n; actor++) src.fill(actor, e, (e += edgesOf[actor]));
    return { nodeCount: n, src, dst: exactDst, weight: exactWeight, received, engagers, sharers };
  }
}

/** Throws unless `renumber` holds each of 0..length-1 once. */
function checkPermutation(renumber: Int32Array): void {
  const n = renumber.length;
  const seen = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    const to = renumber[v];
    if (!(to >= 0 && to < n) || seen[to] === 1)
      throw new RangeError('renumber is not a permutation of the nodes');
    seen[to] = 1;
  }
}

/** Insertion sort for the many tiny groups (a native sort call costs more than sorting them). */
function sortKeys(keys: Float64Array): void {
  const length = keys.length;
  if (length > 24) {
    keys.sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}

/**
 * For callers that already hold aggregated edges (a nightly edge table, say): adds the per-node
 * totals the features need. `sharers` must come from the same aggregation. Sums run in the order
 * given, so pass edges sorted by (src, dst) for results independent of how they were read.
 */
export function withNodeTotals(edges: WeightedEdges, sharers: Int32Array): AggregatedInteractions {
  const n = edges.nodeCount;
  if (sharers.length !== n) throw new RangeError('sharers needs one entry per node');
  const weight = Float64Array.from(edges.weight);
  const received = new Float64Array(n);
  const engagers = new Int32Array(n);
  for (let e = 0; e < edges.dst.length; e++) {
    const t = edges.dst[e];
    if (!(t >= 0 && t < n)) throw new RangeError(`edge ${e} points at node ${t}, outside 0..${n - 1}`);
    received[t] += weight[e];
    engagers[t]++;
  }
  return { nodeCount: n, src: edges.src, dst: edges.dst, weight, received, engagers, sharers };
}

/** Pure form: aggregates an iterable of records in one go. */
export function aggregateInteractions(
  records: Iterable<InteractionRecord>,
  options: AggregatorOptions,
): AggregatedInteractions {
  const aggregator = new EdgeAggregator(options);
  for (const r of records) aggregator.add(r.actor, r.target, r.kind, r.timestamp);
  return aggregator.finish();
}
