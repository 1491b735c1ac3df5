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
 * reading each contribution once per (source, partition) in ascending order rather than once per
 * edge at random. Either
 * kernel can run on two threads (`threads: 2`), a worker thread taking half of each iteration
 * over shared memory while the calling thread does the other half; they meet at Atomics barriers
 * and the call stays synchronous. The pull loop cuts the rows once into two halves of equal edge
 * count; the partitioned kernel cuts its partitions into two halves of about equal edge count. Each
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
 * How many threads a PageRank of `edges` edges should use with `cores` cores: one, measured (with
 * the kernel before the current one, which scattered contributions into bins). On a quiet 2-core
 * machine a second thread shortened the call alone (3.07 s against 4.23 s wall at 1M nodes / 20M
 * edges, 30 iterations, for 15 % more CPU; bench/scoring/run.ts), but in the whole scoring run at
 * that size it saved 0.5 s of compute and raised the peak from 939 to 1,029 MB, over the 1 GB
 * budget (bench/scoring/end-to-end.ts); with the machine shared it was no faster at all. The
 * current kernel holds ~50 MB less at that size and its second thread only gathers (one meeting an
 * iteration), which is to be measured again on a quiet machine. One thread
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
  // The partitioned kernel keeps its ranks, contributions and sums in its own (wasm) memory.
  const rank = partitioned?.rank ?? workspace.rank;
  const inverseOutWeight = partitioned?.inverseOutWeight ?? workspace.inverseOutWeight;
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
      const uniform = (1 - handedOut) / n;
      delta = partitioned
        ? partitioned.settle(uniform, damping)
        : settle(next, rank, inverseOutWeight, contribution, uniform, damping, n);
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
/** Wasm memory is addressed with 32 bits: the layout must fit in 4 GiB (about 300M edges). */
const WASM_PAGE = 65_536;
const WASM_MAX_PAGES = 65_536;
/** Sorted edges are copied into the kernel's memory and laid out this many at a time. */
const CHUNK = 1 << 16;

/**
 * Partition-centric PageRank (after Lakhotia, Kannan and Prasanna, USENIX ATC 2018). The pull
 * loop reads `contribution[sources[k]]` at random for every edge — at 1M nodes a miss to L3 or
 * memory each time, nearly all of PageRank's time. Here the destinations are cut into partitions
 * of 2^15 rows, small enough for a core's L2, and each partition's edges are stored by (source,
 * row): an "update" is one source's run of edges into the partition. The gather walks a
 * partition's edges in that order, reads each update's contribution once, and adds its products
 * into the partition's rows, which stay in cache. The edges and the updates' sources are read
 * sequentially, and the contributions in ascending address order (a sweep the hardware prefetches)
 * once per update rather than once per edge (~0.63 updates per edge at 1M / 20M).
 *
 * The paper's kernel first scatters each source's contribution into per-partition bins, so that
 * the gather reads them sequentially; measured here (1M / 20M) writing the bins cost as much as the
 * whole gather, and reading the contributions in ascending order directly was ~1.5× faster than
 * scatter + gather, with 9 bytes less memory per update.
 *
 * Within a partition the updates are in ascending source order and each update's edges in
 * ascending destination order, so every row receives exactly the products the pull loop adds, in
 * the same order, starting from 0: the ranks are bit-for-bit those of the pull loop (and of two
 * threads). The layout costs 2 + 4 bytes per edge plus 4 per update while the call runs; it is
 * built from the CSR in a few passes, or in one from edges sorted by (src, dst).
 *
 * The loops — layout from sorted edges, gather, the rows' totals and the per-iteration update of
 * the ranks — run as WebAssembly (see PCPM_WASM) over one WasmMemory that holds the layout,
 * contributions and ranks: V8's JavaScript code for such loops re-checks every typed array's map
 * and bounds on every edge (~35 instructions an edge, measured with --print-opt-code). f64/f32
 * arithmetic is IEEE in both, so the bits are the same.
 */
export class PartitionedGraph {
  readonly partitions: number;
  readonly updates: number;
  /** damping × rank / outWeight per node, read by the gather; written by settle (or the caller). */
  readonly contribution: Float64Array;
  /** Σ of the products per row, written by the gather. */
  readonly next: Float64Array;
  /** The ranks, updated by settle. */
  readonly rank: Float64Array;
  readonly inverseOutWeight: Float64Array;
  /** Per edge, in gather order: the row within its partition, FIRST on an update's first edge. */
  private readonly local: Uint16Array;
  /** Per edge, in gather order: its weight. */
  private readonly weight: Float32Array;
  /**
   * Partition p's updates' sources, ascending, each as its contribution's byte offset (8 × id):
   * source[edgeStart[p]] .. source[updateEnd[p] − 1] (room for one per edge is reserved; what is
   * never written is never resident).
   */
  private readonly source: Int32Array;
  /** Partition p's edges are local[edgeStart[p]] .. local[edgeStart[p + 1] − 1]. */
  private readonly edgeStart: Int32Array;
  private readonly updateEnd: Int32Array;
  private readonly layout: PcpmMemory;
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
    this.partitions = partitions;
    this.edgeStart = new Int32Array(partitions + 1);
    for (let p = 0; p <= partitions; p++) this.edgeStart[p] = offsets[min(n, p << bits)];
    this.updateEnd = new Int32Array(partitions);
    // Everything the kernel touches, in one wasm memory.
    const memory = PcpmMemory.plan(n, m, partitions);
    this.contribution = memory.contribution;
    this.next = memory.next;
    this.rank = memory.rank;
    this.inverseOutWeight = memory.inverseOutWeight;
    this.local = memory.local;
    this.weight = memory.weight;
    this.source = memory.source;
    this.layout = memory;
    this.kernel = new PcpmKernel(memory);
    const laidOut = edges !== undefined && this.distributeSorted(edges);
    if (!laidOut) {
      if (edges !== undefined) this.local.fill(0);
      layOut(graph, bits, this.local, this.weight, this.source, this.edgeStart, this.updateEnd);
    }
    let updates = 0;
    for (let p = 0; p < partitions; p++) updates += this.updateEnd[p] - this.edgeStart[p];
    this.updates = updates;
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

  /** The layout's arrays, as copies (tests compare layouts built different ways). */
  arrays(): Readonly<Record<string, ArrayLike<number>>> {
    const { local, weight, edgeStart, updateEnd } = this;
    const source: number[] = [];
    for (let p = 0; p < this.partitions; p++)
      source.push(...this.source.subarray(edgeStart[p], updateEnd[p]));
    return { local: local.slice(), weight: weight.slice(), source, edgeStart, updateEnd };
  }

  /** Whether wasm is on and a graph of n nodes and m edges fits the kernel's 4 GiB wasm memory. */
  static fits(n: number, m: number): boolean {
    return (
      WasmApi !== undefined &&
      PcpmMemory.bytes(n, m, n === 0 ? 0 : ((n - 1) >> PARTITION_BITS) + 1) <= WASM_MAX_PAGES * WASM_PAGE
    );
  }

  /**
   * Deals edges sorted by (src, dst) to their partitions in order, CHUNK at a time (wasm's
   * `distribute`): each partition then holds its edges by (source, row), the gather order. False
   * (leaving partial output) when they are not sorted or not the graph's edges.
   */
  private distributeSorted(edges: WeightedEdges): boolean {
    const { layout, kernel, edgeStart, partitions } = this;
    const { src, dst, weight } = edges;
    const m = src.length;
    for (let p = 0; p < partitions; p++) {
      layout.edgeCursor[p] = edgeStart[p];
      layout.updateCursor[p] = edgeStart[p];
      layout.last[p] = -1;
    }
    layout.state[0] = -1;
    layout.state[1] = -1;
    for (let from = 0; from < m; from += CHUNK) {
      const to = min(m, from + CHUNK);
      layout.chunkSrc.set(src.subarray(from, to));
      layout.chunkDst.set(dst.subarray(from, to));
      // Rounds Float64 weights to Float32 as the CSR does.
      layout.chunkWeight.set(weight.subarray(from, to));
      if (kernel.distribute(to - from, this.next.length, this.bits) !== 0) return false;
    }
    for (let p = 0; p < partitions; p++) {
      if (layout.edgeCursor[p] !== edgeStart[p + 1]) return false;
      this.updateEnd[p] = layout.updateCursor[p];
    }
    return true;
  }

  /**
   * One iteration's gather: next[v] = Σ contribution[source] × weight over v's incoming edges;
   * writes the Σ of next over rows 0..split−1 and split..n−1 (each in row order) to halves.
   */
  iterate(split: number, halves: Float64Array, thread?: PcpmThread): void {
    const n = this.next.length;
    if (thread === undefined) {
      this.gatherPartitions(0, this.partitions);
    } else {
      // The second thread gathers the later partitions.
      thread.begin();
      this.gatherPartitions(0, thread.partitionSplit);
      thread.finish();
    }
    // The pull loop's totals: rows in order, cut at the same row.
    halves[0] = this.kernel.sum(0, split);
    halves[1] = this.kernel.sum(split, n);
  }

  /** `settle` (below) in wasm over this graph's arrays: the same operations in the same order. */
  settle(uniform: number, damping: number): number {
    return this.kernel.settle(this.next.length, uniform, damping);
  }

  private gatherPartitions(from: number, to: number): void {
    const { edgeStart, next, bits, kernel } = this;
    const n = next.length;
    for (let p = from; p < to; p++) {
      const lo = p << bits;
      next.fill(0, lo, min(n, (p + 1) << bits));
      // The first edge's FIRST mark moves the update index from edgeStart[p] − 1 onto edgeStart[p].
      kernel.gather(edgeStart[p], edgeStart[p + 1], edgeStart[p] - 1, lo);
    }
  }

  /**
   * A worker thread that gathers the partitions from the one that starts the second half of the
   * edges, on the same memory. Each row gets the same value whichever thread computes it, so the
   * ranks are the same bits.
   */
  startSecondThread(): PcpmThread {
    const { edgeStart, partitions } = this;
    let partitionSplit = 0;
    while (partitionSplit < partitions && edgeStart[partitionSplit] < edgeStart[partitions] / 2)
      partitionSplit++;
    return PcpmThread.start({
      memory: this.layout.memory,
      at: this.layout.at,
      bits: this.bits,
      nodeCount: this.next.length,
      partitions,
      edgeStart,
      partitionSplit,
    });
  }
}

/** Where each array of a PartitionedGraph lives in its wasm memory (byte offsets, 8-aligned). */
class PcpmMemory {
  readonly memory: WasmMemory;
  readonly contribution: Float64Array;
  readonly next: Float64Array;
  readonly rank: Float64Array;
  readonly inverseOutWeight: Float64Array;
  readonly weight: Float32Array;
  readonly source: Int32Array;
  readonly local: Uint16Array;
  /** The layout's state: per partition its next edge, its next update and its last source. */
  readonly edgeCursor: Int32Array;
  readonly updateCursor: Int32Array;
  readonly last: Int32Array;
  /** The previous edge's (src, dst), across chunks. */
  readonly state: Int32Array;
  readonly chunkSrc: Int32Array;
  readonly chunkDst: Int32Array;
  readonly chunkWeight: Float32Array;
  readonly at: Readonly<Record<keyof ReturnType<typeof PcpmMemory.sizes>, number>>;

  private constructor(n: number, m: number, partitions: number) {
    const sizes = PcpmMemory.sizes(n, m, partitions);
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
    this.rank = new Float64Array(buffer, at.rank, n);
    this.inverseOutWeight = new Float64Array(buffer, at.inverseOutWeight, n);
    this.weight = new Float32Array(buffer, at.weight, m);
    this.source = new Int32Array(buffer, at.source, m);
    this.local = new Uint16Array(buffer, at.local, m);
    this.edgeCursor = new Int32Array(buffer, at.edgeCursor, partitions);
    this.updateCursor = new Int32Array(buffer, at.updateCursor, partitions);
    this.last = new Int32Array(buffer, at.last, partitions);
    this.state = new Int32Array(buffer, at.state, 2);
    this.chunkSrc = new Int32Array(buffer, at.chunkSrc, min(m, CHUNK));
    this.chunkDst = new Int32Array(buffer, at.chunkDst, min(m, CHUNK));
    this.chunkWeight = new Float32Array(buffer, at.chunkWeight, min(m, CHUNK));
  }

  static plan(n: number, m: number, partitions: number): PcpmMemory {
    return new PcpmMemory(n, m, partitions);
  }

  static bytes(n: number, m: number, partitions: number): number {
    const sizes = PcpmMemory.sizes(n, m, partitions);
    return Object.values(sizes).reduce((total, size) => total + ((size + 7) & ~7), 0);
  }

  static sizes(n: number, m: number, partitions: number) {
    const chunk = min(m, CHUNK) * 4;
    return {
      contribution: n * 8,
      next: n * 8,
      rank: n * 8,
      inverseOutWeight: n * 8,
      weight: m * 4,
      source: m * 4,
      local: m * 2,
      edgeCursor: partitions * 4,
      updateCursor: partitions * 4,
      last: partitions * 4,
      state: 8,
      chunkSrc: chunk,
      chunkDst: chunk,
      chunkWeight: chunk,
    };
  }
}

/**
 * Orders each partition's edges by (source, row) with a counting sort by source (stable over the
 * rows, which are visited in order), marks each update's first edge, and lists each partition's
 * updates' sources in ascending order. `local` must be zero.
 */
function layOut(
  graph: CsrGraph,
  bits: number,
  local: Uint16Array,
  weight: Float32Array,
  source: Int32Array,
  edgeStart: Int32Array,
  updateEnd: Int32Array,
): void {
  const n = graph.nodeCount;
  const { offsets, sources, weights } = graph;
  const partitions = updateEnd.length;
  const count = new Int32Array(n);
  const at = new Int32Array(n);
  for (let p = 0; p < partitions; p++) {
    const lo = p << bits;
    const hi = min(n, (p + 1) << bits);
    const from = edgeStart[p];
    const to = edgeStart[p + 1];
    for (let k = from; k < to; k++) count[sources[k]]++;
    // Sources in ascending order: each with edges here starts an update.
    let position = from;
    let u = from;
    for (let s = 0; s < n; s++) {
      const c = count[s];
      if (c === 0) continue;
      at[s] = position;
      local[position] = FIRST;
      position += c;
      count[s] = 0;
      source[u++] = s * 8;
    }
    updateEnd[p] = u;
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

/** The wasm loops of one PartitionedGraph, compiled once per process and run over its memory. */
class PcpmKernel {
  private readonly exports: PcpmExports;

  constructor(private readonly layout: PcpmMemory) {
    this.exports = new (wasm().Instance)(pcpmModule(), { e: { m: layout.memory } }).exports as PcpmExports;
  }

  /** Adds edges k..end−1 into next[lo + row]; u + 1 is the update of edge k (which starts one). */
  gather(k: number, end: number, u: number, lo: number): void {
    const { at } = this.layout;
    this.exports.gather(
      at.local + k * 2,
      at.local + end * 2,
      at.weight + k * 4,
      at.source + u * 4,
      at.contribution,
      at.next + lo * 8,
    );
  }

  /** Σ next[from..to−1], in order from 0. */
  sum(from: number, to: number): number {
    return this.exports.sum(this.layout.at.next + from * 8, to - from);
  }

  settle(n: number, uniform: number, damping: number): number {
    const { at } = this.layout;
    return this.exports.settle(at.next, at.rank, at.inverseOutWeight, at.contribution, n, uniform, damping);
  }

  /** Lays out the `count` edges in the chunk arrays; 0, or −1 when they break the order. */
  distribute(count: number, n: number, bits: number): number {
    const { at } = this.layout;
    return this.exports.distribute(
      at.chunkSrc,
      at.chunkDst,
      at.chunkWeight,
      count,
      n,
      bits,
      at.local,
      at.weight,
      at.source,
      at.edgeCursor,
      at.updateCursor,
      at.last,
      at.state,
    );
  }
}

interface PcpmExports {
  gather(...args: number[]): void;
  sum(...args: number[]): number;
  settle(...args: number[]): number;
  distribute(...args: number[]): number;
}

let compiledPcpm: WasmModule | undefined;
function pcpmModule(): WasmModule {
  compiledPcpm ??= new (wasm().Module)(PCPM_WASM);
  return compiledPcpm;
}

/**
 * The kernel's loops as a WebAssembly module, assembled here (~600 bytes; there is no wasm
 * toolchain in the build). It imports its memory as e.m (shared, so two threads can run it) and
 * exports, with every pointer a byte offset into that memory:
 *
 *   gather(&local[k], &local[end], &weight[k], &source[u], contribution, acc):
 *     for (; k < end; k++) { l = local[k]; u += l >> 15;
 *       acc[l & 0x7fff] += contribution[source[u] / 8] * weight[k] }
 *   sum(at, count) → f64: s = 0; for (i < count) s += at[i]; return s
 *   settle(next, rank, inverse, contribution, n, uniform, damping) → f64: `settle` below
 *   distribute(src, dst, weight, count, n, bits, local, layoutWeight, source, edgeCursor,
 *       updateCursor, last, state) → i32: the sorted edges dealt to their partitions (see
 *       PartitionedGraph.distributeSorted); −1 at an edge out of order or out of range.
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
  const f64zero = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
  const [eq, ltS, ltU, leS, geU] = [0x46, 0x48, 0x49, 0x4c, 0x4f];
  const [add, sub, and, or, shl, shrU] = [0x6a, 0x6b, 0x71, 0x72, 0x74, 0x76];
  const [fabs, fadd, fsub, fmul, promote] = [0x99, 0xa0, 0xa1, 0xa2, 0xbb];
  const [block, loop, end, ret] = [[0x02, 0x40], [0x03, 0x40], [0x0b], [0x0f]];
  const brIf = (depth: number): number[] => [0x0d, depth];
  // Loads and stores with their alignment (log2) and offset.
  const load16u = [0x2f, 1, 0];
  const load32 = [0x28, 2, 0];
  const f32load = [0x2a, 2, 0];
  const f64load = [0x2b, 3, 0];
  const store16 = [0x3b, 1, 0];
  const store32 = [0x36, 2, 0];
  const f32store = [0x38, 2, 0];
  const f64store = [0x39, 3, 0];
  /** base + index << shift */
  const address = (base: number, index: number, shift: number): number[] => [
    ...get(base),
    ...get(index),
    ...(shift === 0 ? [] : [...i32(shift), shl]),
    add,
  ];
  /** i += step; loop again while i < limit (unsigned) */
  const next = (i: number, step: number, limit: number): number[] => [
    ...get(i),
    ...i32(step),
    add,
    ...tee(i),
    ...get(limit),
    ltU,
    ...brIf(0),
  ];

  // gather: params l 0 (&local[k]), lend 1 (&local[end]), w 2 (&weight[k]), u 3 (&source[u]),
  // contribution 4, acc 5; locals x 6, at 7 (i32). Pointers bumped rather than indices scaled:
  // ~15 % fewer instructions an edge.
  // prettier-ignore
  const gather: number[] = [
    ...block, ...get(0), ...get(1), geU, ...brIf(0),
    ...loop,
    // x = *l; u += (x >> 15) × 4
    ...get(0), ...load16u, ...set(6),
    ...get(3), ...get(6), ...i32(13), shrU, ...i32(4), and, add, ...set(3),
    // at = acc + (x & 0x7fff) × 8; *at += *(contribution + *u) × *w
    ...get(5), ...get(6), ...i32(0x7fff), and, ...i32(3), shl, add, ...tee(7),
    ...get(7), ...f64load,
    ...get(4), ...get(3), ...load32, add, ...f64load,
    ...get(2), ...f32load, promote,
    fmul, fadd, ...f64store,
    // w += 4; while ((l += 2) < lend)
    ...get(2), ...i32(4), add, ...set(2),
    ...next(0, 2, 1),
    ...end,
    ...end,
  ];
  // sum: params at 0, count 1; locals i 2 (i32), s 3 (f64).
  // prettier-ignore
  const sum: number[] = [
    ...f64zero, ...set(3),
    ...block, ...get(1), ...i32(0), leS, ...brIf(0),
    ...loop,
    ...get(3), ...address(0, 2, 3), ...f64load, fadd, ...set(3),
    ...next(2, 1, 1),
    ...end,
    ...end,
    ...get(3),
  ];
  // settle: params next 0, rank 1, inverse 2, contribution 3, n 4 (i32), uniform 5, damping 6 (f64);
  // locals v 7 (i32), r 8, delta 9 (f64). For each v: r = next[v] + uniform;
  // delta += |r − rank[v]|; rank[v] = r; contribution[v] = damping × r × inverse[v].
  // prettier-ignore
  const settle: number[] = [
    ...f64zero, ...set(9),
    ...block, ...get(4), ...i32(0), leS, ...brIf(0),
    ...loop,
    ...address(0, 7, 3), ...f64load, ...get(5), fadd, ...set(8),
    ...get(9), ...get(8), ...address(1, 7, 3), ...f64load, fsub, fabs, fadd, ...set(9),
    ...address(1, 7, 3), ...get(8), ...f64store,
    ...address(3, 7, 3), ...get(6), ...get(8), fmul, ...address(2, 7, 3), ...f64load, fmul, ...f64store,
    ...next(7, 1, 4),
    ...end,
    ...end,
    ...get(9),
  ];
  // distribute: params src 0, dst 1, weight 2, count 3, n 4, bits 5, local 6, layoutWeight 7,
  // source 8, edgeCursor 9, updateCursor 10, last 11, state 12; locals e 13, s 14, d 15,
  // p4 16 (partition × 4), q 17, row 18, previousSrc 19, previousDst 20, cursor 21.
  // prettier-ignore
  const distribute: number[] = [
    ...get(12), ...load32, ...set(19),
    ...get(12), ...load32.slice(0, 2), 4, ...set(20),
    ...block, // fail: 1 below the loop's block
    ...block, ...get(3), ...i32(0), leS, ...brIf(0),
    ...loop,
    ...address(0, 13, 2), ...load32, ...set(14),
    ...address(1, 13, 2), ...load32, ...set(15),
    // out of range, or not after the previous edge: fail
    ...get(14), ...get(4), geU, ...brIf(2),
    ...get(15), ...get(4), geU, ...brIf(2),
    ...get(14), ...get(19), ltS, ...brIf(2),
    ...get(14), ...get(19), eq, ...get(15), ...get(20), leS, and, ...brIf(2),
    ...get(14), ...set(19), ...get(15), ...set(20),
    // p4 = (d >> bits) << 2; q = edgeCursor[p]++; row = d & (1 << bits) − 1
    ...get(15), ...get(5), shrU, ...i32(2), shl, ...set(16),
    ...get(9), ...get(16), add, ...tee(21), ...get(21), ...load32, ...tee(17), ...i32(1), add, ...store32,
    ...get(15), ...i32(1), ...get(5), shl, ...i32(1), sub, and, ...set(18),
    // a source new to the partition starts an update: last[p] = s; source[updateCursor[p]++] = s × 8
    ...block,
    ...get(11), ...get(16), add, ...load32, ...get(14), eq, ...brIf(0),
    ...get(11), ...get(16), add, ...get(14), ...store32,
    ...get(10), ...get(16), add, ...tee(21), ...load32, ...i32(2), shl, ...get(8), add,
    ...get(14), ...i32(3), shl, ...store32,
    ...get(21), ...get(21), ...load32, ...i32(1), add, ...store32,
    ...get(18), ...i32(FIRST), or, ...set(18),
    ...end,
    // local[q] = row; layoutWeight[q] = weight[e]
    ...address(6, 17, 1), ...get(18), ...store16,
    ...address(7, 17, 2), ...address(2, 13, 2), ...f32load, ...f32store,
    ...next(13, 1, 3),
    ...end,
    ...end,
    ...get(12), ...get(19), ...store32,
    ...get(12), ...get(20), ...store32.slice(0, 2), 4,
    ...i32(0), ...ret,
    ...end,
    ...i32(-1),
  ];
  const code = (locals: number[][], body: number[]): number[] => {
    const bytes = [...vec(locals), ...body, ...end];
    return [...uleb(bytes.length), ...bytes];
  };
  const type = (params: number[], results: number[]): number[] => [
    0x60,
    ...vec(params.map((p) => [p])),
    ...vec(results.map((r) => [r])),
  ];
  const ints = (count: number): number[] => Array.from({ length: count }, () => I32);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vec([
        type(ints(6), []),
        type(ints(2), [F64]),
        type([...ints(5), F64, F64], [F64]),
        type(ints(13), [I32]),
      ]),
    ),
    // import e.m: a shared memory (limits flag 3: min and max)
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x03, ...uleb(0), ...uleb(WASM_MAX_PAGES)]])),
    ...section(3, vec([[0], [1], [2], [3]])),
    ...section(
      7,
      vec([
        [...name('gather'), 0, 0],
        [...name('sum'), 0, 1],
        [...name('settle'), 0, 2],
        [...name('distribute'), 0, 3],
      ]),
    ),
    ...section(
      10,
      vec([
        code([[2, I32]], gather),
        code(
          [
            [1, I32],
            [1, F64],
          ],
          sum,
        ),
        code(
          [
            [1, I32],
            [2, F64],
          ],
          settle,
        ),
        code([[9, I32]], distribute),
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

interface PcpmThreadData {
  readonly memory: WasmMemory;
  readonly at: PcpmMemory['at'];
  readonly bits: number;
  readonly nodeCount: number;
  readonly partitions: number;
  readonly edgeStart: Int32Array;
  /** The thread gathers partitions partitionSplit..partitions−1. */
  readonly partitionSplit: number;
}

/**
 * The partitioned kernel's second thread (see PartitionedGraph.startSecondThread): per iteration
 * it gathers the later partitions while the calling thread gathers the earlier ones, and they
 * meet once both are done. Like GatherThread, its code is plain JavaScript run with `eval`, and it
 * instantiates the same wasm module over the same shared memory.
 */
class PcpmThread extends KernelThread {
  private constructor(
    worker: Worker,
    control: Int32Array,
    readonly partitionSplit: number,
  ) {
    super(worker, control, 'kernel');
  }

  static start(data: PcpmThreadData): PcpmThread {
    const control = new Int32Array(new SharedArrayBuffer(12));
    const worker = new Worker(PCPM_THREAD_SOURCE, {
      eval: true,
      workerData: { ...data, control, bytes: PCPM_WASM },
    });
    return new PcpmThread(worker, control, data.partitionSplit);
  }

  /** Waits until the second thread has gathered its partitions. */
  finish(): void {
    this.waitFor(DONE);
  }
}

const PCPM_THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, at, bits, nodeCount: n, partitions, edgeStart, partitionSplit, control, bytes } = workerData;
const wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } }).exports;
const next = new Float64Array(memory.buffer, at.next, n);
function iterate() {
  for (let p = partitionSplit; p < partitions; p++) {
    const lo = p << bits;
    next.fill(0, lo, Math.min(n, (p + 1) << bits));
    const k = edgeStart[p];
    wasm.gather(at.local + k * 2, at.local + edgeStart[p + 1] * 2, at.weight + k * 4,
      at.source + (k - 1) * 4, at.contribution, at.next + lo * 8);
  }
}
${threadLoop('iterate();', [DONE])}`;
