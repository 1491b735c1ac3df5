/**
 * Weighted PageRank over a pull-based CSR. Each iteration is two flat loops over typed arrays that
 * the caller can preallocate; the kernels return only numbers, because V8 deoptimised a kernel that
 * returned a fresh array on every call.
 *
 * Mass is kept at exactly one: whatever the rows did not hand out (teleport, dangling nodes, and
 * Float32 rounding of the weights) is spread uniformly, which is the uniform dangling rule.
 */
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

  constructor(readonly nodeCount: number) {
    this.rank = new Float64Array(nodeCount);
    this.next = new Float64Array(nodeCount);
    this.contribution = new Float64Array(nodeCount);
    this.inverseOutWeight = new Float64Array(nodeCount);
  }
}

export function pageRank(
  graph: CsrGraph,
  options: PageRankOptions = {},
  workspace: PageRankWorkspace = new PageRankWorkspace(graph.nodeCount),
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

  const { rank, next, contribution, inverseOutWeight } = workspace;
  prepare(graph.outWeight, inverseOutWeight, rank, contribution, damping, n);

  let iterations = 0;
  let delta = Infinity;
  while (iterations < maxIterations) {
    const handedOut = gather(graph.offsets, graph.sources, graph.weights, contribution, next, n);
    delta = settle(next, rank, inverseOutWeight, contribution, (1 - handedOut) / n, damping, n);
    if (options.history !== undefined && iterations < options.history.length)
      options.history[iterations] = delta;
    iterations++;
    if (fixed === undefined && delta < tolerance) break;
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

/** next[v] = Σ over v's incoming edges of contribution[source] × weight; returns Σ next. */
function gather(
  offsets: Int32Array,
  sources: Int32Array,
  weights: Float32Array,
  contribution: Float64Array,
  next: Float64Array,
  n: number,
): number {
  let total = 0;
  let k = offsets[0];
  for (let v = 0; v < n; v++) {
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
