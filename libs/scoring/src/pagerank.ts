/**
 * Weighted PageRank over a pull-based CSR. Each iteration is two flat loops over typed arrays that
 * the caller can preallocate; the kernels return only numbers, because V8 deoptimised a kernel that
 * returned a fresh array on every call.
 *
 * Mass is kept at exactly one: whatever the rows did not hand out (teleport, dangling nodes, and
 * Float32 rounding of the weights) is spread uniformly, which is the uniform dangling rule.
 *
 * The pull loop's gather — nearly all its time — is bound by random reads of neighbours'
 * contributions. On one thread, graphs from 524k nodes run the partition-centric kernel instead
 * (PartitionedGraph): the same products added in the same order, with sequential memory traffic,
 * ~2.5× faster per iteration at 1M nodes / 20M edges. The pull loop can also run on
 * two threads (`threads: 2`): the rows are cut once into two halves of equal edge count, a worker
 * thread gathers the second half over shared memory while the calling thread gathers the first,
 * and they meet at an Atomics barrier each iteration. The call stays synchronous. The halves and
 * the order their sums are added in are the same on one thread, so the ranks are bit-for-bit the
 * same whatever the thread count.
 */
import { Worker } from 'node:worker_threads';
import type { CsrGraph, WeightedEdges } from './csr';
import { MODEL_V1 } from './model';

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { abs, max, min } = Math;

export interface PageRankOptions {
  readonly damping?: number;
  /** Stop once the L1 change between iterations is below this. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Run exactly this many iterations and ignore the tolerance (benchmarks). */
  readonly iterations?: number;
  /** When given, the L1 change of iteration i is written to history[i]. */
  readonly history?: Float64Array;
  /**
   * 1 (default) or 2. Two need the graph's arrays on shared memory (`buildCsr(…, { shared: true })`)
   * and pay off from about a million edges (a worker thread takes ~30 ms to start).
   */
  readonly threads?: 1 | 2;
  /**
   * The one-thread kernel: 'partitioned', 'pull', or 'auto' (default): partitioned from
   * PARTITIONED_FROM_NODES nodes, where the contributions no longer fit a core's L2. Both add the
   * same products in the same order, so the ranks are the same bits; see PartitionedGraph.
   */
  readonly kernel?: 'auto' | 'partitioned' | 'pull';
  /** Destinations per partition = 2^partitionBits (1–15; default 15). Tests use small ones. */
  readonly partitionBits?: number;
  /**
   * The edges the graph was built from, if sorted by (src, dst) in the graph's numbering (buildCsr
   * without renumber): the partitioned kernel then lays itself out in one sequential pass.
   */
  readonly sortedEdges?: WeightedEdges;
}

export interface PageRankResult {
  /** Rank per node in the caller's numbering; sums to 1. */
  readonly rank: Float64Array;
  readonly iterations: number;
  /** L1 change of the last iteration. */
  readonly delta: number;
  readonly converged: boolean;
}

/** Scratch arrays for one graph size, reusable across runs (e.g. benchmarks, daily reruns). */
export class PageRankWorkspace {
  readonly rank: Float64Array;
  readonly next: Float64Array;
  /** damping × rank / outWeight per node: what each node hands to each unit of outgoing weight. */
  readonly contribution: Float64Array;
  readonly inverseOutWeight: Float64Array;

  /** `shared`: `next` and `contribution` on shared memory, as two threads need. */
  constructor(
    readonly nodeCount: number,
    readonly shared = false,
  ) {
    const floats = (length: number): Float64Array =>
      shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
    this.rank = new Float64Array(nodeCount);
    this.next = floats(nodeCount);
    this.contribution = floats(nodeCount);
    this.inverseOutWeight = new Float64Array(nodeCount);
  }
}

/**
 * From this many nodes (4 MB of contributions) the one-thread kernel is the partitioned one. Below
 * about 131k nodes the contributions fit a core's 1 MB L2 and the pull loop's random reads hit
 * cache; between, measured on the shared machine, the two were within noise of each other (200k
 * nodes / 4M edges), while at 1M / 20M the partitioned kernel was 2.6× faster per iteration.
 */
export const PARTITIONED_FROM_NODES = 1 << 19;

/**
 * How many threads a PageRank of `edges` edges should use with `cores` cores: one, measured. The
 * second thread only ever ran the pull loop's random gather, and at 1M nodes / 20M edges on two
 * cores it made the call slower (4.4 s against 3.2 s for 30 iterations on a quiet machine) —
 * both threads wait on the same memory. The partitioned kernel on one thread is faster than
 * either (see bench/scoring/run.ts, which measures all three in the same run), and leaves the
 * other core to the database and the rest of the process. Two threads stay available and give
 * the same bits.
 */
export function pageRankThreads(_edges: number, _cores: number): 1 | 2 {
  return 1;
}

export function pageRank(
  graph: CsrGraph,
  options: PageRankOptions = {},
  workspace: PageRankWorkspace = new PageRankWorkspace(graph.nodeCount, options.threads === 2),
  out: Float64Array = new Float64Array(graph.nodeCount),
): PageRankResult {
  const n = graph.nodeCount;
  if (workspace.nodeCount !== n || out.length !== n)
    throw new RangeError('workspace or output has the wrong size');
  const damping = options.damping ?? MODEL_V1.pageRank.damping;
  const tolerance = options.tolerance ?? MODEL_V1.pageRank.tolerance;
  const fixed = options.iterations;
  const maxIterations = fixed ?? options.maxIterations ?? MODEL_V1.pageRank.maxIterations;
  if (!(damping >= 0 && damping < 1)) throw new RangeError(`damping ${damping} must be in [0, 1)`);
  if (n === 0) return { rank: out, iterations: 0, delta: 0, converged: true };

  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) throw new RangeError(`threads ${String(threads)} must be 1 or 2`);
  const { rank, next, contribution, inverseOutWeight } = workspace;
  prepare(graph.outWeight, inverseOutWeight, rank, contribution, damping, n);
  const { offsets, sources, weights } = graph;
  const split = halfwayRow(offsets);
  const helper = threads === 2 ? GatherThread.start(graph, workspace, split) : undefined;
  const kernel = options.kernel ?? 'auto';
  const partitioned =
    threads === 1 && (kernel === 'partitioned' || (kernel === 'auto' && n >= PARTITIONED_FROM_NODES))
      ? options.sortedEdges
        ? PartitionedGraph.fromSortedEdges(graph, options.sortedEdges, options.partitionBits)
        : PartitionedGraph.fromCsr(graph, options.partitionBits)
      : undefined;
  const halves = new Float64Array(2);

  let iterations = 0;
  let delta = Infinity;
  try {
    while (iterations < maxIterations) {
      let handedOut: number;
      if (partitioned) {
        partitioned.iterate(contribution, next, split, halves);
        handedOut = halves[0] + halves[1];
      } else if (helper) {
        helper.begin();
        const first = gather(offsets, sources, weights, contribution, next, 0, split);
        handedOut = first + helper.finish();
      } else {
        const first = gather(offsets, sources, weights, contribution, next, 0, split);
        handedOut = first + gather(offsets, sources, weights, contribution, next, split, n);
      }
      delta = settle(next, rank, inverseOutWeight, contribution, (1 - handedOut) / n, damping, n);
      if (options.history !== undefined && iterations < options.history.length)
        options.history[iterations] = delta;
      iterations++;
      if (fixed === undefined && delta < tolerance) break;
    }
  } finally {
    helper?.stop();
  }

  const toExternal = graph.toExternal;
  for (let v = 0; v < n; v++) out[toExternal[v]] = rank[v];
  return { rank: out, iterations, delta, converged: delta < tolerance };
}

function prepare(
  outWeight: Float64Array,
  inverseOutWeight: Float64Array,
  rank: Float64Array,
  contribution: Float64Array,
  damping: number,
  n: number,
): void {
  const start = 1 / n;
  for (let v = 0; v < n; v++) {
    const w = outWeight[v];
    const inverse = w > 0 ? 1 / w : 0;
    inverseOutWeight[v] = inverse;
    rank[v] = start;
    contribution[v] = damping * start * inverse;
  }
}

/** The row that cuts the edges into two halves (the same cut for one thread or two). */
function halfwayRow(offsets: Int32Array): number {
  const n = offsets.length - 1;
  const half = offsets[n] / 2;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] < half) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** next[v] = Σ over v's incoming edges of contribution[source] × weight, rows from..to−1; returns their Σ. */
function gather(
  offsets: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  contribution: Float64Array,
  next: Float64Array,
  from: number,
  to: number,
): number {
  let total = 0;
  let k = offsets[from];
  for (let v = from; v < to; v++) {
    const end = offsets[v + 1];
    let sum = 0;
    for (; k < end; k++) sum += contribution[sources[k]] * weights[k];
    next[v] = sum;
    total += sum;
  }
  return total;
}

/** Adds the uniform share, swaps the new ranks in, prepares the next contributions; returns the L1 change. */
function settle(
  next: Float64Array,
  rank: Float64Array,
  inverseOutWeight: Float64Array,
  contribution: Float64Array,
  uniform: number,
  damping: number,
  n: number,
): number {
  let delta = 0;
  for (let v = 0; v < n; v++) {
    const r = next[v] + uniform;
    delta += abs(r - rank[v]);
    rank[v] = r;
    contribution[v] = damping * r * inverseOutWeight[v];
  }
  return delta;
}

/** Destinations per partition: 2^15 nodes, so a partition's ranks (256 kB) stay in a core's L2. */
export const PARTITION_BITS = 15;
/** Marks the first edge of an update in `local` while the layout is built (the low 15 bits are the row). */
const FIRST = 0x8000;
const LOCAL_MASK = 0x7fff;

/**
 * Partition-centric PageRank (Lakhotia, Kannan and Prasanna, USENIX ATC 2018). The pull loop
 * reads `contribution[sources[k]]` at random for every edge — at 1M nodes a miss to L3 or memory
 * each time, nearly all of PageRank's time. Here the destinations are cut into partitions of 2^15
 * rows, small enough for a core's L2, and each iteration is two passes that touch memory
 * sequentially:
 *
 * - scatter: walking the sources in order, each source writes its contribution once per partition
 *   it has edges into (an "update"), appended to that partition's bin — as many sequential write
 *   streams as partitions;
 * - gather: partition by partition, the bin is read in order and each update is multiplied into
 *   its edges' destination rows, which stay in cache.
 *
 * Within a partition the updates are in ascending source order and each update's edges in
 * ascending destination order, so every row receives exactly the products the pull loop adds, in
 * the same order, starting from 0: the ranks are bit-for-bit those of the pull loop (and of two
 * threads). The layout costs 2 + 4 bytes per edge plus 14 per update (~0.6 updates per edge at
 * 1M / 20M) while the call runs; it is built from the CSR in a few passes.
 */
export class PartitionedGraph {
  readonly partitions: number;
  readonly updates: number;
  /** Per edge, in gather order: the destination row within its partition. */
  private readonly local: Uint16Array;
  /** Per update, in gather order (partition by partition): the end of its edges. */
  private readonly updateEnd: Int32Array;
  /** Per edge, in gather order: its weight. */
  private readonly weight: Float32Array;
  /** The updates of source s are srcUpdates[s] .. srcUpdates[s + 1] − 1, in ascending partition. */
  private readonly srcUpdates: Int32Array;
  /** Per update, in source order: its partition. */
  private readonly updatePartition!: Uint16Array | Int32Array;
  /** Partition p's bin is value[binStart[p]] .. value[binStart[p + 1] − 1]. */
  private readonly binStart: Int32Array;
  private readonly cursor: Int32Array;
  private readonly value: Float64Array;

  private constructor(
    graph: CsrGraph,
    readonly bits: number,
    edges: WeightedEdges | undefined,
  ) {
    if (!(Number.isInteger(bits) && bits >= 1 && bits <= 15))
      throw new RangeError(`partitionBits ${bits} must be 1..15`);
    const n = graph.nodeCount;
    const { offsets, sources } = graph;
    const m = sources.length;
    const partitions = n === 0 ? 0 : ((n - 1) >> bits) + 1;
    this.partitions = partitions;
    this.srcUpdates = new Int32Array(n + 1);
    this.binStart = new Int32Array(partitions + 1);
    this.local = new Uint16Array(m);
    this.weight = new Float32Array(m);
    this.cursor = new Int32Array(partitions);
    const wide = partitions > 0x10000;
    let updates = -1;
    if (edges !== undefined) {
      // One sequential pass, with a partition's bin as each edge's write stream.
      const updatePartition = wide ? new Int32Array(m) : new Uint16Array(m);
      updates = distributeSorted(
        edges,
        offsets,
        bits,
        this.local,
        this.weight,
        this.srcUpdates,
        this.binStart,
        updatePartition,
        this.cursor,
      );
      this.updatePartition = updatePartition.subarray(0, max(0, updates));
      this.cursor.fill(0);
    }
    if (updates < 0) {
      this.srcUpdates.fill(0);
      this.binStart.fill(0);
      this.local.fill(0);
      updates = countUpdates(offsets, sources, this.srcUpdates, this.binStart, n, bits);
      this.updatePartition = wide ? new Int32Array(updates) : new Uint16Array(updates);
      layOut(graph, bits, this.local, this.weight, this.srcUpdates, this.updatePartition);
    }
    this.updates = updates;
    this.updateEnd = new Int32Array(updates);
    endUpdates(this.local, this.updateEnd, offsets, n);
    this.value = new Float64Array(updates);
  }

  /** The layout built from the CSR's rows alone (a counting sort per partition: several passes). */
  static fromCsr(graph: CsrGraph, bits = PARTITION_BITS): PartitionedGraph {
    return new PartitionedGraph(graph, bits, undefined);
  }

  /**
   * The layout built in one sequential pass from the edges the graph was built from, when they
   * are sorted by (src, dst) and the graph kept their numbering (buildCsr without renumber) — as
   * the aggregator emits them. Falls back to fromCsr when they are not sorted.
   */
  static fromSortedEdges(graph: CsrGraph, edges: WeightedEdges, bits = PARTITION_BITS): PartitionedGraph {
    if (edges.nodeCount !== graph.nodeCount || edges.src.length !== graph.edgeCount)
      throw new RangeError('the edges are not those of the graph');
    return new PartitionedGraph(graph, bits, edges);
  }

  /**
   * One iteration: next[v] = Σ contribution[source] × weight over v's incoming edges; writes
   * the Σ of next over rows 0..split−1 and split..n−1 (each in row order) to halves.
   */
  iterate(contribution: Float64Array, next: Float64Array, split: number, halves: Float64Array): void {
    const { cursor, binStart, partitions } = this;
    for (let p = 0; p < partitions; p++) cursor[p] = binStart[p];
    scatterUpdates(this.srcUpdates, this.updatePartition, cursor, contribution, this.value, next.length);
    gatherPartitions(
      this.local,
      this.updateEnd,
      this.weight,
      this.value,
      binStart,
      next,
      partitions,
      this.bits,
      split,
      halves,
    );
  }
}

/**
 * Edges sorted by (src, dst) dealt to their partitions in order: each partition then holds its
 * edges by (source, row), which is the gather order. Returns the number of updates, or −1 (and
 * leaves partial output) when the edges are not sorted.
 */
function distributeSorted(
  edges: WeightedEdges,
  offsets: Int32Array,
  bits: number,
  local: Uint16Array,
  weight: Float32Array,
  srcUpdates: Int32Array,
  binStart: Int32Array,
  updatePartition: Uint16Array | Int32Array,
  cursor: Int32Array,
): number {
  const { src, dst } = edges;
  const w = edges.weight;
  const n = edges.nodeCount;
  const partitions = binStart.length - 1;
  const last = new Int32Array(partitions).fill(-1);
  for (let p = 0; p < partitions; p++) cursor[p] = offsets[p << bits];
  const mask = (1 << bits) - 1;
  let updates = 0;
  let previousSrc = -1;
  let previousDst = -1;
  for (let e = 0; e < src.length; e++) {
    const s = src[e];
    const d = dst[e];
    if (s < previousSrc || (s === previousSrc && d <= previousDst)) return -1;
    previousSrc = s;
    previousDst = d;
    const p = d >> bits;
    const q = cursor[p]++;
    if (last[p] !== s) {
      last[p] = s;
      local[q] = FIRST | (d & mask);
      binStart[p + 1]++;
      srcUpdates[s + 1]++;
      updatePartition[updates++] = p;
    } else {
      local[q] = d & mask;
    }
    weight[q] = w[e];
  }
  for (let p = 0; p < partitions; p++) binStart[p + 1] += binStart[p];
  for (let v = 0; v < n; v++) srcUpdates[v + 1] += srcUpdates[v];
  return updates;
}

/** Counts updates per source (into srcUpdates, as offsets) and per partition (binStart); returns the total. */
function countUpdates(
  offsets: Int32Array,
  sources: Int32Array,
  srcUpdates: Int32Array,
  binStart: Int32Array,
  n: number,
  bits: number,
): number {
  const seen = new Int32Array(n).fill(-1);
  const partitions = binStart.length - 1;
  for (let p = 0; p < partitions; p++) {
    const end = offsets[min(n, (p + 1) << bits)];
    let count = 0;
    for (let k = offsets[p << bits]; k < end; k++) {
      const s = sources[k];
      if (seen[s] !== p) {
        seen[s] = p;
        srcUpdates[s + 1]++;
        count++;
      }
    }
    binStart[p + 1] = binStart[p] + count;
  }
  for (let s = 0; s < n; s++) srcUpdates[s + 1] += srcUpdates[s];
  return binStart[partitions];
}

/**
 * Orders each partition's edges by (source, row) with a counting sort by source (stable over the
 * rows, which are visited in order), marks each update's first edge, and lists every source's
 * partitions in ascending order.
 */
function layOut(
  graph: CsrGraph,
  bits: number,
  local: Uint16Array,
  weight: Float32Array,
  srcUpdates: Int32Array,
  updatePartition: Uint16Array | Int32Array,
): void {
  const n = graph.nodeCount;
  const { offsets, sources, weights } = graph;
  const partitions = n === 0 ? 0 : ((n - 1) >> bits) + 1;
  const count = new Int32Array(n);
  const at = new Int32Array(n);
  const written = srcUpdates.slice(0, n);
  for (let p = 0; p < partitions; p++) {
    const lo = p << bits;
    const hi = min(n, (p + 1) << bits);
    const from = offsets[lo];
    const to = offsets[hi];
    for (let k = from; k < to; k++) count[sources[k]]++;
    // Sources in ascending order: each with edges here starts an update.
    let position = from;
    for (let s = 0; s < n; s++) {
      const c = count[s];
      if (c === 0) continue;
      at[s] = position;
      local[position] = FIRST;
      position += c;
      count[s] = 0;
      updatePartition[written[s]++] = p;
    }
    for (let v = lo; v < hi; v++) {
      const end = offsets[v + 1];
      const row = v - lo;
      for (let k = offsets[v]; k < end; k++) {
        const q = at[sources[k]]++;
        local[q] |= row;
        weight[q] = weights[k];
      }
    }
  }
}

/** Turns the FIRST marks of the layout into each update's end, leaving plain rows in `local`. */
function endUpdates(local: Uint16Array, updateEnd: Int32Array, offsets: Int32Array, n: number): void {
  const m = offsets[n];
  let u = -1;
  for (let k = 0; k < m; k++) {
    const d = local[k];
    if (d >= FIRST) {
      if (u >= 0) updateEnd[u] = k;
      u++;
      local[k] = d & LOCAL_MASK;
    }
  }
  if (u >= 0) updateEnd[u] = m;
}

function scatterUpdates(
  srcUpdates: Int32Array,
  updatePartition: Uint16Array | Int32Array,
  cursor: Int32Array,
  contribution: Float64Array,
  value: Float64Array,
  n: number,
): void {
  let j = 0;
  for (let s = 0; s < n; s++) {
    const end = srcUpdates[s + 1];
    if (j === end) continue;
    const c = contribution[s];
    for (; j < end; j++) value[cursor[updatePartition[j]]++] = c;
  }
}

function gatherPartitions(
  local: Uint16Array,
  updateEnd: Int32Array,
  weight: Float32Array,
  value: Float64Array,
  binStart: Int32Array,
  next: Float64Array,
  partitions: number,
  bits: number,
  split: number,
  halves: Float64Array,
): void {
  const n = next.length;
  let first = 0;
  let second = 0;
  let k = 0;
  for (let p = 0; p < partitions; p++) {
    const lo = p << bits;
    const hi = min(n, (p + 1) << bits);
    for (let v = lo; v < hi; v++) next[v] = 0;
    const last = binStart[p + 1];
    for (let u = binStart[p]; u < last; u++) {
      const c = value[u];
      const end = updateEnd[u];
      for (; k < end; k++) next[lo + local[k]] += c * weight[k];
    }
    // The pull loop's totals: rows in order, cut at the same row.
    for (let v = lo; v < hi; v++) {
      if (v < split) first += next[v];
      else second += next[v];
    }
  }
  halves[0] = first;
  halves[1] = second;
}

/** Slots of the control array shared with the gather thread. */
const GENERATION = 0;
const DONE = 1;
/** Set by the thread when its gather threw: the caller must not use that iteration. */
const FAILED = 2;
const STOP = -1;
/**
 * How long the caller waits for one half-gather (~0.1 s at 20M edges) before it gives up: the
 * caller blocks in Atomics.wait and cannot hear a worker's 'error' event, so a thread that never
 * started or died must not hang the run forever.
 */
const STALL_MS = 120_000;

/**
 * The second gathering thread. Its code is plain JavaScript run with `eval`, so it needs no
 * file on disk and runs the same from sources, tests and the compiled build; it is the `gather`
 * loop above, kept identical so both halves add up in the same order.
 */
class GatherThread {
  private generation = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly control: Int32Array,
    private readonly total: Float64Array,
  ) {}

  static start(graph: CsrGraph, workspace: PageRankWorkspace, split: number): GatherThread {
    const { offsets, sources, weights } = graph;
    for (const array of [offsets, sources, weights, workspace.contribution, workspace.next])
      if (!(array.buffer instanceof SharedArrayBuffer))
        throw new RangeError(
          'two threads need shared memory: buildCsr(edges, { shared: true }) and new PageRankWorkspace(n, true)',
        );
    const control = new Int32Array(new SharedArrayBuffer(12));
    const total = new Float64Array(new SharedArrayBuffer(8));
    const worker = new Worker(GATHER_THREAD_SOURCE, {
      eval: true,
      workerData: {
        offsets,
        sources,
        weights,
        contribution: workspace.contribution,
        next: workspace.next,
        from: split,
        to: graph.nodeCount,
        control,
        total,
      },
    });
    worker.unref();
    return new GatherThread(worker, control, total);
  }

  /** Lets the thread gather its half of the current contributions. */
  begin(): void {
    this.generation++;
    Atomics.store(this.control, GENERATION, this.generation);
    Atomics.notify(this.control, GENERATION);
  }

  /** Waits for the thread's half; returns its sum. Throws if the thread failed or stalled. */
  finish(): number {
    const deadline = Date.now() + STALL_MS;
    for (;;) {
      const done = Atomics.load(this.control, DONE);
      if (done === this.generation) {
        if (Atomics.load(this.control, FAILED) !== 0) throw new Error('the PageRank gather thread failed');
        return this.total[0];
      }
      if (Date.now() > deadline)
        throw new Error(`the PageRank gather thread did not answer within ${STALL_MS / 1000} s`);
      Atomics.wait(this.control, DONE, done, 1_000);
    }
  }

  stop(): void {
    Atomics.store(this.control, GENERATION, STOP);
    Atomics.notify(this.control, GENERATION);
    void this.worker.terminate();
  }
}

const GATHER_THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { offsets, sources, weights, contribution, next, from, to, control, total } = workerData;
function gather() {
  let sum0 = 0;
  let k = offsets[from];
  for (let v = from; v < to; v++) {
    const end = offsets[v + 1];
    let sum = 0;
    for (; k < end; k++) sum += contribution[sources[k]] * weights[k];
    next[v] = sum;
    sum0 += sum;
  }
  return sum0;
}
let seen = 0;
for (;;) {
  Atomics.wait(control, ${GENERATION}, seen);
  const generation = Atomics.load(control, ${GENERATION});
  if (generation === ${STOP}) break;
  if (generation === seen) continue;
  seen = generation;
  try {
    total[0] = gather();
  } catch {
    Atomics.store(control, ${FAILED}, 1);
  }
  Atomics.store(control, ${DONE}, generation);
  Atomics.notify(control, ${DONE});
}
`;
