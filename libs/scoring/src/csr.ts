/**
 * Pull-based compressed sparse rows: for each node, the edges coming into it. PageRank then reads
 * each row once and writes each node once per iteration, with no scattered writes.
 *
 * Each row is sorted by internal source id, so rows depend only on the set of edges (the out-weight
 * sums follow the order given) and PageRank reads the ranks it gathers in ascending address order.
 * Nodes can be renumbered by descending out-degree (ties by id); measured here it doesn't pay, so
 * it is off by default (see CsrOptions).
 */

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { ceil, fround, log2, max, min } = Math;
const MAX_WEIGHT = Number.MAX_VALUE;

export interface WeightedEdges {
  readonly nodeCount: number;
  /** Source node of each edge (0 ≤ src < nodeCount); at most one edge per (src, dst) pair. */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** Non-negative, finite. */
  readonly weight: Float32Array | Float64Array;
}

export interface CsrGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Incoming edges of internal node v are offsets[v] .. offsets[v + 1] − 1. */
  readonly offsets: Int32Array;
  /** Internal id of each edge's source, ascending within a row. */
  readonly sources: Int32Array;
  readonly weights: Float32Array;
  /** Sum of the (Float32) outgoing weights per internal node; 0 marks a dangling node. */
  readonly outWeight: Float64Array;
  /** Internal id → caller's id. */
  readonly toExternal: Int32Array;
  /** Caller's id → internal id. */
  readonly toInternal: Int32Array;
}

export interface CsrOptions {
  /**
   * Renumber nodes by descending out-degree (default false), so that the most-read ranks share
   * cache lines. It is often credited with 1.2–2.4×; measured here with alternating runs
   * (minimum CPU time) it gave nothing on PageRank — 133 vs 137 ms at 100k / 2M, 2.32 vs 2.38 s on
   * a 1M-node world graph of 16.7M edges, 2.54 vs 2.02 s (slower) at 1M / 20M — and cost 50–60 %
   * more build time, so it stays available but off.
   */
  readonly renumber?: boolean;
  /**
   * How rows are filled: 'auto' (default) scatters directly up to 4M edges and in buckets above.
   * The rows come out identical either way; the choice exists for tests and benchmarks.
   */
  readonly fill?: 'auto' | 'direct' | 'bucketed';
  /** Put offsets, sources and weights on shared memory, so PageRank can use two threads. */
  readonly shared?: boolean;
}

export function buildCsr(edges: WeightedEdges, options: CsrOptions = {}): CsrGraph {
  const n = edges.nodeCount;
  const { src, dst, weight } = edges;
  const m = src.length;
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
    throw new RangeError(`nodeCount ${n} is not a valid size`);
  if (dst.length !== m || weight.length !== m) {
    throw new RangeError(`src, dst and weight lengths differ (${m}, ${dst.length}, ${weight.length})`);
  }
  if (m > 0x7fffffff) throw new RangeError(`${m} edges do not fit Int32 row offsets`);

  // Each pass is its own small function: V8 then optimises each loop on its own, where one big
  // function was recompiled and deoptimised once per loop (`--trace-deopt`).
  const outDegree = new Int32Array(n);
  const inDegree = new Int32Array(n);
  const outWeightByCaller = new Float64Array(n);
  const bad = scanEdges(src, dst, weight, n, outDegree, inDegree, outWeightByCaller);
  if (bad >= 0) {
    const edge = `edge ${bad} (${src[bad]} → ${dst[bad]}, weight ${weight[bad]})`;
    throw new RangeError(`${edge} needs nodes in 0..${n - 1} and a finite weight ≥ 0`);
  }
  const groupedBySource = isGroupedBySource(src);

  const toExternal = new Int32Array(n);
  const toInternal = new Int32Array(n);
  const renumber = options.renumber ?? false;
  if (renumber) orderByDescendingDegree(outDegree, toExternal, toInternal);
  else for (let v = 0; v < n; v++) toExternal[v] = toInternal[v] = v;

  const shared = options.shared ?? false;
  const offsets = shared ? new Int32Array(new SharedArrayBuffer((n + 1) * 4)) : new Int32Array(n + 1);
  const outWeight = new Float64Array(n);
  permuteNodeFacts(toExternal, inDegree, outWeightByCaller, offsets, outWeight);

  const sources = shared ? new Int32Array(new SharedArrayBuffer(m * 4)) : new Int32Array(m);
  const weights = shared ? new Float32Array(new SharedArrayBuffer(m * 4)) : new Float32Array(m);
  const fill = options.fill ?? 'auto';
  const direct = fill === 'direct' || (fill === 'auto' && m <= DIRECT_FILL_MAX_EDGES);
  if (!renumber) {
    // Input grouped by source is already in internal source order.
    fillRows(edges, null, null, offsets, sources, weights, direct);
  } else if (groupedBySource) {
    // Walking the sources in internal order, each over its own run of the input, deals every row
    // its edges in ascending internal source order: sorted rows without sorting.
    const sourceStart = new Int32Array(n + 1);
    for (let x = 0; x < n; x++) sourceStart[x + 1] = sourceStart[x] + outDegree[x];
    fillRows(edges, toInternal, { toExternal, sourceStart }, offsets, sources, weights, direct);
  } else {
    fillRows(edges, toInternal, null, offsets, sources, weights, direct);
  }
  if (!groupedBySource) sortRows(offsets, sources, weights);

  return { nodeCount: n, edgeCount: m, offsets, sources, weights, outWeight, toExternal, toInternal };
}

/** Counts degrees and sums outgoing weight; returns the first invalid edge, or −1. */
function scanEdges(
  src: Int32Array,
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  n: number,
  outDegree: Int32Array,
  inDegree: Int32Array,
  outWeight: Float64Array,
): number {
  const m = src.length;
  for (let e = 0; e < m; e++) {
    const s = src[e];
    const d = dst[e];
    const w = weight[e];
    // `>>> 0` turns negatives into huge numbers, so one comparison checks both bounds.
    if (s >>> 0 >= n || d >>> 0 >= n || !(w >= 0 && w <= MAX_WEIGHT)) return e;
    outDegree[s]++;
    inDegree[d]++;
    // Rounded as the rows will store it, so each node hands out exactly its rank.
    outWeight[s] += fround(w);
  }
  return -1;
}

function isGroupedBySource(src: Int32Array): boolean {
  for (let e = 1; e < src.length; e++) if (src[e] < src[e - 1]) return false;
  return true;
}

function permuteNodeFacts(
  toExternal: Int32Array,
  inDegree: Int32Array,
  outWeightByCaller: Float64Array,
  offsets: Int32Array,
  outWeight: Float64Array,
): void {
  const n = toExternal.length;
  for (let v = 0; v < n; v++) {
    const x = toExternal[v];
    offsets[v + 1] = offsets[v] + inDegree[x];
    outWeight[v] = outWeightByCaller[x];
  }
}

/**
 * Rows are filled in processing order, so walking sources in internal order sorts them. Large graphs
 * go in two cache-friendly passes — first into ~1,024 buckets of consecutive rows (as many
 * sequential write streams), then row by row within each bucket, which fits in cache — because one
 * scattered pass over 20M edges spent most of its time in TLB misses. Below 4M edges one scattered
 * pass wins: the rows are small enough, and it saves a pass and a temporary array whose first-touch
 * page faults cost more than the misses (measured in fresh processes at 2M edges).
 */
const DIRECT_FILL_MAX_EDGES = 4_000_000;

/** Edges grouped by source: the input run of caller's source x is sourceStart[x] .. sourceStart[x + 1]. */
interface EdgeOrder {
  readonly toExternal: Int32Array;
  readonly sourceStart: Int32Array;
}

/**
 * Fills rows in input order, or walking sources in internal order when `order` is given;
 * `toInternal` null means the caller's numbering is kept (no lookups at all).
 *
 * The six fill loops below (kept numbering / renumbered in input order / renumbered by source,
 * each as one scattered pass or bucketed) are deliberately written out one by one rather than as
 * one loop with a mapping callback or per-edge flags: each runs once per edge (tens of millions),
 * and a call or branch inside it costs more than the few repeated lines. Keep them specialised.
 */
function fillRows(
  edges: WeightedEdges,
  toInternal: Int32Array | null,
  order: EdgeOrder | null,
  offsets: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  direct: boolean,
): void {
  const { nodeCount: n, src, dst, weight } = edges;
  const m = src.length;
  if (direct) {
    const cursor = offsets.slice(0, n);
    if (toInternal === null) scatter(src, dst, weight, cursor, sources, weights);
    else if (order === null) scatterInInputOrder(src, dst, weight, toInternal, cursor, sources, weights);
    else
      scatterBySource(dst, weight, toInternal, order.toExternal, order.sourceStart, cursor, sources, weights);
    return;
  }
  // ≤ 65,536 rows per bucket, so a row's place within its bucket fits 16 bits.
  const shift = min(16, max(0, ceil(log2(n / 1024))));
  const bucketCount = n === 0 ? 0 : ((n - 1) >> shift) + 1;
  const bucketStart = new Int32Array(bucketCount + 1);
  for (let b = 0; b <= bucketCount; b++) bucketStart[b] = offsets[min(n, b << shift)];
  const rowInBucket = new Uint16Array(m);
  const cursor = bucketStart.slice(0, bucketCount);
  if (toInternal === null) {
    partition(src, dst, weight, shift, cursor, sources, weights, rowInBucket);
  } else if (order === null) {
    partitionInInputOrder(src, dst, weight, toInternal, shift, cursor, sources, weights, rowInBucket);
  } else {
    const { toExternal, sourceStart } = order;
    partitionBySource(
      dst,
      weight,
      toInternal,
      toExternal,
      sourceStart,
      shift,
      cursor,
      sources,
      weights,
      rowInBucket,
    );
  }

  let largest = 0;
  for (let b = 0; b < bucketCount; b++) largest = max(largest, bucketStart[b + 1] - bucketStart[b]);
  dealBuckets(bucketStart, shift, rowInBucket, offsets.slice(0, n), sources, weights, largest);
}

function scatter(
  src: Int32Array,
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
): void {
  const m = src.length;
  for (let e = 0; e < m; e++) {
    const p = cursor[dst[e]]++;
    sources[p] = src[e];
    weights[p] = weight[e];
  }
}

function partition(
  src: Int32Array,
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  shift: number,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  rowInBucket: Uint16Array,
): void {
  const mask = (1 << shift) - 1;
  const m = src.length;
  for (let e = 0; e < m; e++) {
    const d = dst[e];
    const p = cursor[d >> shift]++;
    sources[p] = src[e];
    weights[p] = weight[e];
    rowInBucket[p] = d & mask;
  }
}

function scatterBySource(
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  toInternal: Int32Array,
  toExternal: Int32Array,
  sourceStart: Int32Array,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
): void {
  const n = toExternal.length;
  for (let v = 0; v < n; v++) {
    const x = toExternal[v];
    const end = sourceStart[x + 1];
    for (let e = sourceStart[x]; e < end; e++) {
      const p = cursor[toInternal[dst[e]]]++;
      sources[p] = v;
      weights[p] = weight[e];
    }
  }
}

function scatterInInputOrder(
  src: Int32Array,
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  toInternal: Int32Array,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
): void {
  const m = src.length;
  for (let e = 0; e < m; e++) {
    const p = cursor[toInternal[dst[e]]]++;
    sources[p] = toInternal[src[e]];
    weights[p] = weight[e];
  }
}

function partitionBySource(
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  toInternal: Int32Array,
  toExternal: Int32Array,
  sourceStart: Int32Array,
  shift: number,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  rowInBucket: Uint16Array,
): void {
  const mask = (1 << shift) - 1;
  const n = toExternal.length;
  for (let v = 0; v < n; v++) {
    const x = toExternal[v];
    const end = sourceStart[x + 1];
    for (let e = sourceStart[x]; e < end; e++) {
      const d = toInternal[dst[e]];
      const p = cursor[d >> shift]++;
      sources[p] = v;
      weights[p] = weight[e];
      rowInBucket[p] = d & mask;
    }
  }
}

function partitionInInputOrder(
  src: Int32Array,
  dst: Int32Array,
  weight: Float32Array | Float64Array,
  toInternal: Int32Array,
  shift: number,
  cursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  rowInBucket: Uint16Array,
): void {
  const mask = (1 << shift) - 1;
  const m = src.length;
  for (let e = 0; e < m; e++) {
    const d = toInternal[dst[e]];
    const p = cursor[d >> shift]++;
    sources[p] = toInternal[src[e]];
    weights[p] = weight[e];
    rowInBucket[p] = d & mask;
  }
}

function dealBuckets(
  bucketStart: Int32Array,
  shift: number,
  rowInBucket: Uint16Array,
  rowCursor: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  largest: number,
): void {
  const bucketSources = new Int32Array(largest);
  const bucketWeights = new Float32Array(largest);
  const bucketCount = bucketStart.length - 1;
  for (let b = 0; b < bucketCount; b++) {
    const lo = bucketStart[b];
    const hi = bucketStart[b + 1];
    bucketSources.set(sources.subarray(lo, hi));
    bucketWeights.set(weights.subarray(lo, hi));
    const firstRow = b << shift;
    for (let k = lo; k < hi; k++) {
      const p = rowCursor[firstRow + rowInBucket[k]]++;
      sources[p] = bucketSources[k - lo];
      weights[p] = bucketWeights[k - lo];
    }
  }
}

/** Sorts every row by source (what input grouped by source gets for free). Stable for duplicates. */
function sortRows(offsets: Int32Array, sources: Int32Array, weights: Float32Array): void {
  const n = offsets.length - 1;
  let keys = new Float64Array(0);
  let spareSources = new Int32Array(0);
  let spareWeights = new Float32Array(0);
  for (let v = 0; v < n; v++) {
    const lo = offsets[v];
    const hi = offsets[v + 1];
    const length = hi - lo;
    if (length <= 32) {
      for (let i = lo + 1; i < hi; i++) {
        const s = sources[i];
        const w = weights[i];
        let j = i - 1;
        while (j >= lo && sources[j] > s) {
          sources[j + 1] = sources[j];
          weights[j + 1] = weights[j];
          j--;
        }
        sources[j + 1] = s;
        weights[j + 1] = w;
      }
      continue;
    }
    if (keys.length < length) {
      keys = new Float64Array(length);
      spareSources = new Int32Array(length);
      spareWeights = new Float32Array(length);
    }
    const rowKeys = keys.subarray(0, length);
    spareSources.set(sources.subarray(lo, hi));
    spareWeights.set(weights.subarray(lo, hi));
    if (length <= ROW_POSITION_SPAN) {
      // (source × 2^22 + position) is an exact double below 2^53, and a native numeric sort of
      // doubles is far faster than sorting with a comparator.
      for (let i = 0; i < length; i++) rowKeys[i] = spareSources[i] * ROW_POSITION_SPAN + i;
      rowKeys.sort();
      for (let i = 0; i < length; i++) rowKeys[i] %= ROW_POSITION_SPAN;
    } else {
      for (let i = 0; i < length; i++) rowKeys[i] = i;
      rowKeys.sort((a, b) => spareSources[a] - spareSources[b] || a - b);
    }
    for (let i = 0; i < length; i++) {
      const position = rowKeys[i];
      sources[lo + i] = spareSources[position];
      weights[lo + i] = spareWeights[position];
    }
  }
}

const ROW_POSITION_SPAN = 1 << 22;

function orderByDescendingDegree(degree: Int32Array, toExternal: Int32Array, toInternal: Int32Array): void {
  const n = degree.length;
  let maxDegree = 0;
  for (let v = 0; v < n; v++) if (degree[v] > maxDegree) maxDegree = degree[v];
  const start = new Int32Array(maxDegree + 2);
  for (let v = 0; v < n; v++) start[maxDegree - degree[v] + 1]++;
  for (let b = 0; b <= maxDegree; b++) start[b + 1] += start[b];
  for (let v = 0; v < n; v++) {
    const position = start[maxDegree - degree[v]]++;
    toExternal[position] = v;
    toInternal[v] = position;
  }
}

/** Whether the graph has an edge from → to (the caller's ids). O(log in-degree of `to`). */
export function hasEdge(graph: CsrGraph, from: number, to: number): boolean {
  return findIncoming(graph, graph.toInternal[from], graph.toInternal[to]) >= 0;
}

/** Position in `sources`/`weights` of the edge fromInternal → row (both internal ids), or −1. */
export function findIncoming(graph: CsrGraph, fromInternal: number, row: number): number {
  const { sources, offsets } = graph;
  let lo = offsets[row];
  let hi = offsets[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = sources[mid];
    if (s === fromInternal) return mid;
    if (s < fromInternal) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
