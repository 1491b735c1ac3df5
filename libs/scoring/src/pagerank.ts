/**
 * Weighted PageRank over a pull-based CSR. Each iteration is two flat loops over typed arrays that
 * the caller can preallocate; the kernels return only numbers, because V8 deoptimised a kernel that
 * returned a fresh array on every call.
 *
 * Mass is kept at exactly one: whatever the rows did not hand out (teleport, dangling nodes, and
 * Float32 rounding of the weights) is spread uniformly, which is the uniform dangling rule.
 *
 * The gather — nearly all the time, bound by random reads of neighbours' contributions — can run on
 * two threads (`threads: 2`): the rows are cut once into two halves of equal edge count, a worker
 * thread gathers the second half over shared memory while the calling thread gathers the first,
 * and they meet at an Atomics barrier each iteration. The call stays synchronous. The halves and
 * the order their sums are added in are the same on one thread, so the ranks are bit-for-bit the
 * same whatever the thread count.
 */
import { Worker } from 'node:worker_threads';
import type { CsrGraph } from './csr';
import { MODEL_V1 } from './model';

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { abs } = Math;

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

/** Graphs from this many edges get two threads when two cores exist (see pageRankThreads). */
export const TWO_THREADS_FROM_EDGES = 4_000_000;

/**
 * How many threads a PageRank of `edges` edges should use with `cores` cores: two once the graph
 * is big enough for the second to pay — below a few million edges the whole call takes a fraction
 * of a second, and starting a worker thread and meeting it 30 times a run cost more than it saves
 * when other work shares the cores. The ranks are bit-for-bit the same either way.
 */
export function pageRankThreads(edges: number, cores: number): 1 | 2 {
  return edges >= TWO_THREADS_FROM_EDGES && cores >= 2 ? 2 : 1;
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

  let iterations = 0;
  let delta = Infinity;
  try {
    while (iterations < maxIterations) {
      let handedOut: number;
      if (helper) {
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
