/**
 * Weighted PageRank over a pull-based CSR. Each iteration is two flat loops over typed arrays that
 * the caller can preallocate; the kernels return only numbers, because V8 deoptimised a kernel that
 * returned a fresh array on every call.
 *
 * Mass is kept at exactly one: whatever the rows did not hand out (teleport, dangling nodes, and
 * Float32 rounding of the weights) is spread uniformly, which is the uniform dangling rule.
 *
 * The pull loop's gather — nearly all its time — is bound by random reads of neighbours'
 * contributions. Graphs from PARTITIONED_FROM_NODES (4,096) nodes run the partition-centric kernel
 * instead (PartitionedGraph, its loops as WebAssembly): the same products added in the same order,
 * with sequential memory traffic, ~2.4× less CPU than the same kernel in JavaScript and ~6× less
 * than the pull loop at 1M nodes / 20M edges. Either
 * kernel can run on two threads (`threads: 2`), a worker thread taking half of each iteration
 * over shared memory while the calling thread does the other half; they meet at Atomics barriers
 * and the call stays synchronous. The pull loop cuts the rows once into two halves of equal edge
 * count; the partitioned kernel cuts its scatter by sources and its gather by partitions. Each
 * row's sum is added in the same order whoever computes it, and the halves' totals are added the
 * same way on one thread, so the ranks are bit-for-bit the same whatever the thread count.
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
   * 1 (default) or 2. Two with the pull loop need the graph's arrays on shared memory
   * (`buildCsr(…, { shared: true })`; the partitioned kernel keeps its own) and pay off from about
   * a million edges (a worker thread takes ~30 ms to start).
   */
  readonly threads?: 1 | 2;
  /**
   * The kernel: 'partitioned', 'pull', or 'auto' (default): partitioned from
   * PARTITIONED_FROM_NODES nodes, where the contributions no longer fit a core's L2 (and while its
   * layout fits wasm's 4 GiB, about 250M edges). Both add the same products in the same order, so
   * the ranks are the same bits; see PartitionedGraph.
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
 * From this many nodes the kernel is the partitioned one. Since its loops run as wasm it used less
 * CPU than the pull loop at every size measured, layout included (30 iterations, medians of 9 in
 * one process on the shared machine): 5k nodes / 50k edges 6 ms against 10, 20k / 400k 52 against
 * 84, 100k / 2M 301 against 433, 200k / 4M 595 against 1,255. Smaller graphs keep the pull loop,
 * which needs no wasm memory: at 2k / 20k the two were within a millisecond.
 */
export const PARTITIONED_FROM_NODES = 1 << 12;

/**
 * How many threads a PageRank of `edges` edges should use with `cores` cores: one, measured. The
 * partitioned kernel is bound by memory bandwidth. On a quiet 2-core machine a second thread
 * shortened the call alone (3.07 s against 4.23 s wall at 1M nodes / 20M edges, 30 iterations, for
 * 15 % more CPU; bench/scoring/run.ts), but in the whole scoring run at that size it saved 0.5 s
 * of compute and raised the peak from 939 to 1,029 MB, over the 1 GB budget
 * (bench/scoring/end-to-end.ts); with the machine shared it was no faster at all. One thread
 * leaves the other core to the database and the rest of the process. Two threads stay available
 * and give the same bits. (With the old pull loop a second thread made 20M edges slower: both
 * threads waited on the same random reads.)
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
  const { offsets, sources, weights } = graph;
  const split = halfwayRow(offsets);
  const kernel = options.kernel ?? 'auto';
  const partitioned =
    kernel === 'partitioned' ||
    (kernel === 'auto' && n >= PARTITIONED_FROM_NODES && PartitionedGraph.fits(n, graph.edgeCount))
      ? options.sortedEdges
        ? PartitionedGraph.fromSortedEdges(graph, options.sortedEdges, options.partitionBits)
        : PartitionedGraph.fromCsr(graph, options.partitionBits)
      : undefined;
  // The partitioned kernel reads contributions from and writes sums to its own (wasm) memory.
  const { rank, inverseOutWeight } = workspace;
  const contribution = partitioned?.contribution ?? workspace.contribution;
  const next = partitioned?.next ?? workspace.next;
  prepare(graph.outWeight, inverseOutWeight, rank, contribution, damping, n);
  const helper = threads === 2 && !partitioned ? GatherThread.start(graph, workspace, split) : undefined;
  const second = threads === 2 && partitioned ? partitioned.startSecondThread() : undefined;
  const halves = new Float64Array(2);

  let iterations = 0;
  let delta = Infinity;
  try {
    while (iterations < maxIterations) {
      let handedOut: number;
      if (partitioned) {
        partitioned.iterate(split, halves, second);
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
    second?.stop();
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

/** The WebAssembly API, typed for the little used here (the project compiles without the DOM lib). */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
type WasmModule = object;
/** Undefined where wasm is off (node --jitless): `auto` then keeps the pull loop. */
const WasmApi = (
  globalThis as unknown as {
    WebAssembly?: {
      Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
      Module: new (bytes: Uint8Array) => WasmModule;
      Instance: new (module: WasmModule, imports: object) => { exports: unknown };
    };
  }
).WebAssembly;

function wasm(): NonNullable<typeof WasmApi> {
  if (WasmApi === undefined)
    throw new Error('the partitioned PageRank kernel needs WebAssembly (off under --jitless)');
  return WasmApi;
}

/** Destinations per partition: 2^15 nodes, so a partition's ranks (256 kB) stay in a core's L2. */
export const PARTITION_BITS = 15;
/** Marks the first edge of an update in `local` (the low 15 bits are the row within the partition). */
const FIRST = 0x8000;
/** Wasm memory is addressed with 32 bits: the layout must fit in 4 GiB (about 250M edges). */
const WASM_PAGE = 65_536;
const WASM_MAX_PAGES = 65_536;

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
 * threads). The layout costs 2 + 4 bytes per edge plus 9 per update (~0.6 updates per edge at
 * 1M / 20M) while the call runs; it is built from the CSR in a few passes, or in one from edges
 * sorted by (src, dst).
 *
 * The two passes run as WebAssembly (see PCPM_WASM), over the layout, contributions and ranks
 * kept in one WasmMemory: V8's JavaScript code for these loops re-checks every typed
 * array's map and bounds on every edge (~35 instructions an edge, measured with --print-opt-code),
 * which made the kernel compute-bound at 6–7× the streaming floor; the same loops as wasm run at
 * ~2.5× (1M / 20M, bench/scoring/run.ts). f64/f32 arithmetic is IEEE in both, so the bits are
 * the same.
 */
export class PartitionedGraph {
  readonly partitions: number;
  readonly updates: number;
  /** damping × rank / outWeight per node, read by the scatter; the caller writes it. */
  readonly contribution: Float64Array;
  /** Σ of the products per row, written by the gather. */
  readonly next: Float64Array;
  /** Per edge, in gather order: the row within its partition, FIRST on an update's first edge. */
  private readonly local: Uint16Array;
  /** Per edge, in gather order: its weight. */
  private readonly weight: Float32Array;
  /** The updates of source s are srcUpdates[s] .. srcUpdates[s + 1] − 1, in ascending partition. */
  private readonly srcUpdates: Int32Array;
  /** Per update, in source order: its partition. */
  private readonly updatePartition: Uint8Array | Uint16Array;
  /** Partition p's bin is value[binStart[p]] .. value[binStart[p + 1] − 1]. */
  private readonly binStart: Int32Array;
  /** Partition p's edges are local[edgeStart[p]] .. local[edgeStart[p + 1] − 1]. */
  private readonly edgeStart: Int32Array;
  /** Each bin's next free slot: partitions for the calling thread, then as many for the second. */
  private readonly cursor: Int32Array;
  private readonly layout: PcpmMemory;
  private readonly narrow: boolean;
  private readonly kernel: PcpmKernel;

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
    if (partitions > 0x10000)
      throw new RangeError(
        `${partitions} partitions of 2^${bits} rows: at most 65,536 (use more partitionBits)`,
      );
    this.partitions = partitions;
    this.binStart = new Int32Array(partitions + 1);
    this.edgeStart = new Int32Array(partitions + 1);
    for (let p = 0; p <= partitions; p++) this.edgeStart[p] = offsets[min(n, p << bits)];
    // Everything the kernel touches, in one wasm memory. Updates are at most one per edge; the
    // room reserved for more than there are is never written, so never resident.
    const narrow = partitions <= 0x100;
    const memory = PcpmMemory.plan(n, m, partitions, narrow);
    this.contribution = memory.contribution;
    this.next = memory.next;
    this.local = memory.local;
    this.weight = memory.weight;
    this.srcUpdates = memory.srcUpdates;
    this.cursor = memory.cursor;
    let updates = -1;
    if (edges !== undefined) {
      // One sequential pass, with a partition's bin as each edge's write stream.
      updates = distributeSorted(
        edges,
        offsets,
        bits,
        this.local,
        this.weight,
        this.srcUpdates,
        this.binStart,
        memory.updatePartition,
        this.cursor,
      );
      this.cursor.fill(0);
    }
    if (updates < 0) {
      this.srcUpdates.fill(0);
      this.binStart.fill(0);
      this.local.fill(0);
      updates = countUpdates(offsets, sources, this.srcUpdates, this.binStart, n, bits);
      layOut(graph, bits, this.local, this.weight, this.srcUpdates, memory.updatePartition);
    }
    this.updates = updates;
    this.updatePartition = memory.updatePartition.subarray(0, updates);
    this.layout = memory;
    this.narrow = narrow;
    this.kernel = new PcpmKernel(memory, narrow);
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

  /** The layout's arrays, as views (tests compare layouts built different ways). */
  arrays(): Readonly<Record<string, ArrayLike<number>>> {
    const { local, weight, srcUpdates, updatePartition, binStart, edgeStart } = this;
    return { local, weight, srcUpdates, updatePartition, binStart, edgeStart };
  }

  /** Whether wasm is on and a graph of n nodes and m edges fits the kernel's 4 GiB wasm memory. */
  static fits(n: number, m: number): boolean {
    return (
      WasmApi !== undefined &&
      PcpmMemory.bytes(n, m, n === 0 ? 0 : ((n - 1) >> PARTITION_BITS) + 1, true) <=
        WASM_MAX_PAGES * WASM_PAGE
    );
  }

  /**
   * One iteration: next[v] = Σ contribution[source] × weight over v's incoming edges; writes
   * the Σ of next over rows 0..split−1 and split..n−1 (each in row order) to halves.
   */
  iterate(split: number, halves: Float64Array, thread?: PcpmThread): void {
    const { cursor, binStart, partitions, next } = this;
    const n = next.length;
    for (let p = 0; p < partitions; p++) cursor[p] = binStart[p];
    if (thread === undefined) {
      this.kernel.scatter(0, n, 0, 0);
      this.gatherPartitions(0, partitions);
    } else {
      // The second thread scatters the later sources into its own cursors (each bin's slots are
      // in source order, so they follow the earlier sources' ones), then gathers the later partitions.
      const { secondCursor, sourceSplit, partitionSplit } = thread;
      for (let p = 0; p < partitions; p++) cursor[partitions + p] = secondCursor[p];
      thread.begin();
      this.kernel.scatter(0, sourceSplit, 0, 0);
      thread.scattered();
      this.gatherPartitions(0, partitionSplit);
      thread.finish();
    }
    // The pull loop's totals: rows in order, cut at the same row.
    let first = 0;
    let second = 0;
    for (let v = 0; v < split; v++) first += next[v];
    for (let v = split; v < n; v++) second += next[v];
    halves[0] = first;
    halves[1] = second;
  }

  private gatherPartitions(from: number, to: number): void {
    const { binStart, edgeStart, next, bits, kernel } = this;
    const n = next.length;
    for (let p = from; p < to; p++) {
      const lo = p << bits;
      next.fill(0, lo, min(n, (p + 1) << bits));
      // The first edge's FIRST mark moves the update index from binStart[p] − 1 onto binStart[p].
      kernel.gather(edgeStart[p], edgeStart[p + 1], binStart[p] - 1, lo);
    }
  }

  /**
   * A worker thread that runs half of each iteration on the same memory: the sources from the one
   * that starts the second half of the updates, and the partitions from the one that starts the
   * second half of the edges. Each bin slot and each row gets the same value whichever thread
   * computes it, so the ranks are the same bits.
   */
  startSecondThread(): PcpmThread {
    const { srcUpdates, updatePartition, binStart, edgeStart, partitions, updates } = this;
    const n = this.next.length;
    let sourceSplit = 0;
    while (sourceSplit < n && srcUpdates[sourceSplit] < updates / 2) sourceSplit++;
    let partitionSplit = 0;
    while (partitionSplit < partitions && edgeStart[partitionSplit] < edgeStart[partitions] / 2)
      partitionSplit++;
    const secondCursor = binStart.slice(0, partitions);
    const firstOfSecond = srcUpdates[sourceSplit];
    for (let j = 0; j < firstOfSecond; j++) secondCursor[updatePartition[j]]++;
    return PcpmThread.start({
      memory: this.layout.memory,
      at: this.layout.at,
      narrow: this.narrow,
      bits: this.bits,
      nodeCount: n,
      partitions,
      binStart,
      edgeStart,
      sourceSplit,
      firstOfSecond,
      partitionSplit,
      secondCursor,
    });
  }
}

/** Where each array of a PartitionedGraph lives in its wasm memory (byte offsets, 8-aligned). */
class PcpmMemory {
  readonly memory: WasmMemory;
  readonly contribution: Float64Array;
  readonly next: Float64Array;
  readonly value: Float64Array;
  readonly weight: Float32Array;
  readonly srcUpdates: Int32Array;
  readonly cursor: Int32Array;
  readonly local: Uint16Array;
  readonly updatePartition: Uint8Array | Uint16Array;
  readonly at: Readonly<
    Record<
      'contribution' | 'next' | 'value' | 'weight' | 'srcUpdates' | 'cursor' | 'local' | 'updatePartition',
      number
    >
  >;

  private constructor(n: number, m: number, partitions: number, narrow: boolean) {
    const sizes = PcpmMemory.sizes(n, m, partitions, narrow);
    let top = 0;
    const at = {} as Record<keyof typeof sizes, number>;
    for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
      at[key] = top;
      top += (sizes[key] + 7) & ~7;
    }
    const pages = max(1, Math.ceil(top / WASM_PAGE));
    if (pages > WASM_MAX_PAGES)
      throw new RangeError(`the partitioned layout of ${m} edges needs ${top} bytes: more than wasm's 4 GiB`);
    // Shared, so that a second thread can run the same kernel over the same memory.
    this.memory = new (wasm().Memory)({ initial: pages, maximum: pages, shared: true });
    const buffer = this.memory.buffer;
    this.at = at;
    this.contribution = new Float64Array(buffer, at.contribution, n);
    this.next = new Float64Array(buffer, at.next, n);
    this.value = new Float64Array(buffer, at.value, m);
    this.weight = new Float32Array(buffer, at.weight, m);
    this.srcUpdates = new Int32Array(buffer, at.srcUpdates, n + 1);
    this.cursor = new Int32Array(buffer, at.cursor, partitions * 2);
    this.local = new Uint16Array(buffer, at.local, m);
    this.updatePartition = narrow
      ? new Uint8Array(buffer, at.updatePartition, m)
      : new Uint16Array(buffer, at.updatePartition, m);
  }

  static plan(n: number, m: number, partitions: number, narrow: boolean): PcpmMemory {
    return new PcpmMemory(n, m, partitions, narrow);
  }

  static bytes(n: number, m: number, partitions: number, narrow: boolean): number {
    const sizes = PcpmMemory.sizes(n, m, partitions, narrow);
    return Object.values(sizes).reduce((total, size) => total + ((size + 7) & ~7), 0);
  }

  private static sizes(n: number, m: number, partitions: number, narrow: boolean) {
    return {
      contribution: n * 8,
      next: n * 8,
      value: m * 8,
      weight: m * 4,
      srcUpdates: (n + 1) * 4,
      cursor: partitions * 8,
      local: m * 2,
      updatePartition: m * (narrow ? 1 : 2),
    };
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
  updatePartition: Uint8Array | Uint16Array,
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
  updatePartition: Uint8Array | Uint16Array,
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

/** The scatter and gather of one PartitionedGraph, compiled once per process and run over its memory. */
class PcpmKernel {
  private readonly exports: PcpmExports;
  private readonly scatterFn: PcpmExports['scatter8'];

  constructor(
    private readonly layout: PcpmMemory,
    narrow: boolean,
  ) {
    this.exports = new (wasm().Instance)(pcpmModule(), { e: { m: layout.memory } }).exports as PcpmExports;
    this.scatterFn = narrow ? this.exports.scatter8 : this.exports.scatter16;
  }

  /**
   * Sources from..to−1 append their contribution to the bins at the cursors from cursorIndex on;
   * j = srcUpdates[from].
   */
  scatter(from: number, to: number, j: number, cursorIndex: number): void {
    const { at } = this.layout;
    this.scatterFn(
      at.srcUpdates,
      at.updatePartition,
      at.contribution,
      at.value,
      at.cursor + cursorIndex * 4,
      from,
      to,
      j,
    );
  }

  /** Adds edges k..end−1 into next[lo + row]; u + 1 is the update of edge k (which starts one). */
  gather(k: number, end: number, u: number, lo: number): void {
    const { at } = this.layout;
    this.exports.gather(at.local, at.weight, at.value, k, end, u, at.next + lo * 8);
  }
}

interface PcpmExports {
  scatter8(...args: number[]): void;
  scatter16(...args: number[]): void;
  gather(...args: number[]): void;
}

let compiledPcpm: WasmModule | undefined;
function pcpmModule(): WasmModule {
  compiledPcpm ??= new (wasm().Module)(PCPM_WASM);
  return compiledPcpm;
}

/**
 * The kernel's two loops as a WebAssembly module, assembled here (it is ~250 bytes; there is no
 * wasm toolchain in the build). It imports its memory as e.m (shared, so two threads can run it)
 * and exports, with every pointer a byte offset into that memory:
 *
 *   scatter8 / scatter16(srcUpdates, updatePartition, contribution, value, cursor, s, to, j):
 *     for (; s < to; s++) { end = srcUpdates[s + 1]; if (j < end) { c = contribution[s];
 *       do { p = updatePartition[j] (u8 / u16); value[cursor[p]++] = c; } while (++j < end) } }
 *   gather(local, weight, value, k, end, u, acc):
 *     for (; k < end; k++) { l = local[k]; u += l >> 15; acc[l & 0x7fff] += value[u] * weight[k] }
 *
 * The gather's product and sum are the pull loop's `sum += contribution[s] * weights[k]`: f64
 * times the f32 weight widened to f64, added to the row's f64 running sum.
 */
const PCPM_WASM: Uint8Array = assemblePcpm();

function assemblePcpm(): Uint8Array {
  const uleb = (value: number): number[] => {
    const out: number[] = [];
    do {
      let byte = value & 0x7f;
      value >>>= 7;
      if (value !== 0) byte |= 0x80;
      out.push(byte);
    } while (value !== 0);
    return out;
  };
  const sleb = (value: number): number[] => {
    const out: number[] = [];
    for (;;) {
      const byte = value & 0x7f;
      value >>= 7;
      if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0))
        return [...out, byte];
      out.push(byte | 0x80);
    }
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (text: string): number[] => [
    ...uleb(text.length),
    ...Array.from(text, (c) => c.charCodeAt(0)),
  ];
  const I32 = 0x7f;
  const F64 = 0x7c;
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const tee = (i: number): number[] => [0x22, i];
  const i32 = (v: number): number[] => [0x41, ...sleb(v)];
  const [add, shl, shrU, and, ltU, geU] = [0x6a, 0x74, 0x76, 0x71, 0x49, 0x4f];
  const [block, loop, brIf, end] = [[0x02, 0x40], [0x03, 0x40], [0x0d, 0], [0x0b]];
  // Loads and stores with their alignment (log2) and offset.
  const load8u = [0x2d, 0, 0];
  const load16u = [0x2f, 1, 0];
  const load32 = [0x28, 2, 0];
  const load32At4 = [0x28, 2, 4];
  const store32 = [0x36, 2, 0];
  const f32load = [0x2a, 2, 0];
  const f64load = [0x2b, 3, 0];
  const f64store = [0x39, 3, 0];
  const [promote, fadd, fmul] = [0xbb, 0xa0, 0xa2];
  /** base + index << shift */
  const address = (base: number, index: number, shift: number): number[] => [
    ...get(base),
    ...get(index),
    ...(shift === 0 ? [] : [...i32(shift), shl]),
    add,
  ];

  // scatter: params srcUpdates 0, updatePartition 1, contribution 2, value 3, cursor 4, s 5, to 6, j 7;
  // locals end 8, slot 9, at 10 (i32), c 11 (f64).
  // prettier-ignore
  const scatter = (partitionShift: number, loadPartition: number[]): number[] => [
    ...block, ...get(5), ...get(6), geU, ...brIf,
    ...loop,
    // end = srcUpdates[s + 1]
    ...address(0, 5, 2), ...load32At4, ...set(8),
    ...block, ...get(7), ...get(8), geU, ...brIf,
    // c = contribution[s]
    ...address(2, 5, 3), ...f64load, ...set(11),
    ...loop,
    // at = cursor + updatePartition[j] * 4; slot = *at; value[slot] = c; *at = slot + 1
    ...get(4), ...address(1, 7, partitionShift), ...loadPartition, ...i32(2), shl, add, ...tee(10),
    ...load32, ...set(9),
    ...address(3, 9, 3), ...get(11), ...f64store,
    ...get(10), ...get(9), ...i32(1), add, ...store32,
    // while (++j < end)
    ...get(7), ...i32(1), add, ...tee(7), ...get(8), ltU, ...brIf,
    ...end,
    ...end,
    // while (++s < to)
    ...get(5), ...i32(1), add, ...tee(5), ...get(6), ltU, ...brIf,
    ...end,
    ...end,
  ];
  // gather: params local 0, weight 1, value 2, k 3, end 4, u 5, acc 6; locals l 7, at 8 (i32).
  // prettier-ignore
  const gather: number[] = [
    ...block, ...get(3), ...get(4), geU, ...brIf,
    ...loop,
    // l = local[k]; u += l >> 15
    ...address(0, 3, 1), ...load16u, ...set(7),
    ...get(5), ...get(7), ...i32(15), shrU, add, ...set(5),
    // at = acc + (l & 0x7fff) * 8; *at += value[u] * weight[k]
    ...get(6), ...get(7), ...i32(0x7fff), and, ...i32(3), shl, add, ...tee(8),
    ...get(8), ...f64load,
    ...address(2, 5, 3), ...f64load,
    ...address(1, 3, 2), ...f32load, promote,
    fmul, fadd, ...f64store,
    // while (++k < end)
    ...get(3), ...i32(1), add, ...tee(3), ...get(4), ltU, ...brIf,
    ...end,
    ...end,
  ];
  const code = (locals: number[][], body: number[]): number[] => {
    const bytes = [...vec(locals), ...body, ...end];
    return [...uleb(bytes.length), ...bytes];
  };
  const scatterLocals = [
    [3, I32],
    [1, F64],
  ];
  const type = (params: number): number[] => [0x60, ...vec(Array.from({ length: params }, () => [I32])), 0];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type(8), type(7)])),
    // import e.m: a shared memory (limits flag 3: min and max)
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x03, ...uleb(0), ...uleb(WASM_MAX_PAGES)]])),
    ...section(3, vec([[0], [0], [1]])),
    ...section(
      7,
      vec([
        [...name('scatter8'), 0, 0],
        [...name('scatter16'), 0, 1],
        [...name('gather'), 0, 2],
      ]),
    ),
    ...section(
      10,
      vec([
        code(scatterLocals, scatter(0, load8u)),
        code(scatterLocals, scatter(1, load16u)),
        code([[2, I32]], gather),
      ]),
    ),
  ]);
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
 * A helper thread's main loop, as source: it sleeps until the caller bumps GENERATION, runs `work`
 * (which sees `generation`), marks FAILED if that threw, then stores the generation into each of
 * `signals` (waking the caller), so a failed thread never leaves the caller waiting.
 */
function threadLoop(work: string, signals: readonly number[]): string {
  return `
let seen = 0;
for (;;) {
  Atomics.wait(control, ${GENERATION}, seen);
  const generation = Atomics.load(control, ${GENERATION});
  if (generation === ${STOP}) break;
  if (generation === seen) continue;
  seen = generation;
  try {
    ${work}
  } catch {
    Atomics.store(control, ${FAILED}, 1);
  }
${signals.map((slot) => `  Atomics.store(control, ${slot}, generation);\n  Atomics.notify(control, ${slot});\n`).join('')}}
`;
}

/**
 * A second thread that runs part of each iteration, driven through a shared control array: the
 * caller bumps GENERATION to start an iteration, the thread writes the generation into a slot as
 * it reaches each meeting point (DONE, …), and FAILED when its part threw. Its code is plain
 * JavaScript run with `eval`, so it needs no file on disk and runs the same from sources, tests
 * and the compiled build.
 */
abstract class KernelThread {
  protected generation = 0;

  protected constructor(
    private readonly worker: Worker,
    protected readonly control: Int32Array,
    /** Names the thread in errors ('gather', 'kernel'). */
    private readonly role: string,
  ) {
    worker.unref();
  }

  /** Lets the thread run its part of the next iteration. */
  begin(): void {
    this.generation++;
    Atomics.store(this.control, GENERATION, this.generation);
    Atomics.notify(this.control, GENERATION);
  }

  /** Waits until the thread has reached `slot` in this iteration. Throws if it failed or stalled. */
  protected waitFor(slot: number): void {
    const deadline = Date.now() + STALL_MS;
    for (;;) {
      const seen = Atomics.load(this.control, slot);
      if (Atomics.load(this.control, FAILED) !== 0)
        throw new Error(`the PageRank ${this.role} thread failed`);
      if (seen === this.generation) return;
      if (Date.now() > deadline)
        throw new Error(`the PageRank ${this.role} thread did not answer within ${STALL_MS / 1000} s`);
      Atomics.wait(this.control, slot, seen, 1_000);
    }
  }

  stop(): void {
    Atomics.store(this.control, GENERATION, STOP);
    Atomics.notify(this.control, GENERATION);
    void this.worker.terminate();
  }
}

/**
 * The pull loop's second gathering thread: its code is the `gather` loop above, kept identical so
 * both halves add up in the same order.
 */
class GatherThread extends KernelThread {
  private constructor(
    worker: Worker,
    control: Int32Array,
    private readonly total: Float64Array,
  ) {
    super(worker, control, 'gather');
  }

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
    return new GatherThread(worker, control, total);
  }

  /** Waits for the thread's half; returns its sum. Throws if the thread failed or stalled. */
  finish(): number {
    this.waitFor(DONE);
    return this.total[0];
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
${threadLoop('total[0] = gather();', [DONE])}`;

/** Slots of the partitioned kernel's control array, beside GENERATION, DONE and FAILED. */
const MAIN_SCATTERED = 3;
const SECOND_SCATTERED = 4;

interface PcpmThreadData {
  readonly memory: WasmMemory;
  readonly at: PcpmMemory['at'];
  readonly narrow: boolean;
  readonly bits: number;
  readonly nodeCount: number;
  readonly partitions: number;
  readonly binStart: Int32Array;
  readonly edgeStart: Int32Array;
  /** The thread scatters sources sourceSplit..n−1, whose first update is firstOfSecond. */
  readonly sourceSplit: number;
  readonly firstOfSecond: number;
  /** The thread gathers partitions partitionSplit..partitions−1. */
  readonly partitionSplit: number;
  /** Where the thread's sources start in each bin. */
  readonly secondCursor: Int32Array;
}

/**
 * The partitioned kernel's second thread (see PartitionedGraph.startSecondThread). Per iteration
 * the threads meet twice: once both have scattered (no bin may be read before every source wrote
 * to it) and once both have gathered. Like GatherThread, its code is plain JavaScript run with
 * `eval`, and it instantiates the same wasm module over the same shared memory.
 */
class PcpmThread extends KernelThread {
  private constructor(
    worker: Worker,
    control: Int32Array,
    readonly sourceSplit: number,
    readonly partitionSplit: number,
    readonly secondCursor: Int32Array,
  ) {
    super(worker, control, 'kernel');
  }

  static start(data: PcpmThreadData): PcpmThread {
    const control = new Int32Array(new SharedArrayBuffer(20));
    const worker = new Worker(PCPM_THREAD_SOURCE, {
      eval: true,
      workerData: { ...data, control, bytes: PCPM_WASM },
    });
    return new PcpmThread(worker, control, data.sourceSplit, data.partitionSplit, data.secondCursor);
  }

  /** Says the calling thread has scattered, and waits until the second has. */
  scattered(): void {
    Atomics.store(this.control, MAIN_SCATTERED, this.generation);
    Atomics.notify(this.control, MAIN_SCATTERED);
    this.waitFor(SECOND_SCATTERED);
  }

  /** Waits until the second thread has gathered its partitions. */
  finish(): void {
    this.waitFor(DONE);
  }
}

const PCPM_THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, at, narrow, bits, nodeCount: n, partitions, binStart, edgeStart, sourceSplit,
  firstOfSecond, partitionSplit, control, bytes } = workerData;
const wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } }).exports;
const scatter = narrow ? wasm.scatter8 : wasm.scatter16;
const next = new Float64Array(memory.buffer, at.next, n);
function signal(slot, generation) {
  Atomics.store(control, slot, generation);
  Atomics.notify(control, slot);
}
function iterate(generation) {
  scatter(at.srcUpdates, at.updatePartition, at.contribution, at.value, at.cursor + partitions * 4,
    sourceSplit, n, firstOfSecond);
  signal(${SECOND_SCATTERED}, generation);
  for (;;) {
    const seen = Atomics.load(control, ${MAIN_SCATTERED});
    if (seen === generation) break;
    if (Atomics.load(control, ${GENERATION}) === ${STOP}) return;
    Atomics.wait(control, ${MAIN_SCATTERED}, seen, 1000);
  }
  for (let p = partitionSplit; p < partitions; p++) {
    const lo = p << bits;
    next.fill(0, lo, Math.min(n, (p + 1) << bits));
    wasm.gather(at.local, at.weight, at.value, edgeStart[p], edgeStart[p + 1], binStart[p] - 1, at.next + lo * 8);
  }
}
${threadLoop('iterate(generation);', [SECOND_SCATTERED, DONE])}`;
