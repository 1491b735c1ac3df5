/**
 * One measurement per fresh process: build a graph from the same typed arrays and run 30 PageRank
 * iterations with our engine, ngraph (ngraph.graph + ngraph.pagerank) or graphology
 * (graphology + graphology-metrics), or run the whole scoring pipeline on a generated world.
 */
import Graph from 'graphology';
import graphologyPagerank from 'graphology-metrics/centrality/pagerank';
import createGraph from 'ngraph.graph';
import ngraphPagerank from 'ngraph.pagerank';
import {
  buildCsr,
  CURRENT_MODEL,
  EdgeAggregator,
  generateWorld,
  pageRank,
  pageRankThreads,
  PageRankWorkspace,
  scorePopulation,
  type WeightedEdges,
} from '@perkrank/scoring';
import { cpus } from 'node:os';
import { type SyntheticGraph, syntheticGraph } from './synthetic-graph';

/**
 * Ours three ways, all giving the same bits: `perkrank-1t` one thread, the partition-centric (wasm)
 * kernel from 4,096 nodes (what scoring runs use), `perkrank` the same kernel on two threads,
 * `perkrank-pull` the pull loop on one thread (the kernel before the partition-centric one).
 */
export const ENGINES = [
  'perkrank',
  'perkrank-1t',
  'perkrank-pull',
  'ngraph',
  'graphology',
  'pipeline',
] as const;
export type Engine = (typeof ENGINES)[number];
export const ITERATIONS = 30;
const GRAPH_SEED = 42;

export interface Measurement {
  readonly engine: Engine;
  readonly nodes: number;
  /** Edges of the graph, or events of the pipeline's world. */
  readonly edges: number;
  readonly buildMs: number;
  readonly pageRankMs: number;
  /** Process CPU time (user + system, all threads) of the same sections: fairer on a shared machine. */
  readonly buildCpuMs: number;
  readonly pageRankCpuMs: number;
  readonly iterations: number;
  /** Process peak resident set (input arrays included). */
  readonly peakRssMB: number;
  /** Resident set once the input arrays were generated, before the engine started. */
  readonly baseRssMB: number;
  /** Largest |rank − our rank| over all nodes (peers only: checks both ran the same 30 iterations). */
  readonly maxRankDifference?: number;
  readonly note?: string;
  /**
   * Ours only: the streaming floor — one sequential pass over the edge arrays PageRank reads
   * (sources and weights, 8 bytes an edge) per iteration, measured in the same process.
   */
  readonly floorMs?: number;
  readonly floorCpuMs?: number;
  readonly stages?: Readonly<Record<string, number>>;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Wall and CPU time of a section. */
class Stopwatch {
  private wall = performance.now();
  private cpu = process.cpuUsage();

  lap(): { wallMs: number; cpuMs: number } {
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = performance.now() - this.wall;
    this.wall = performance.now();
    this.cpu = process.cpuUsage();
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  }
}
const rssMB = (): number => process.memoryUsage().rss / 2 ** 20;
const peakRssMB = (): number => process.resourceUsage().maxRSS / 1024;

/**
 * Every engine first runs once on a small graph, so the timed run measures compiled code rather
 * than V8 warming up (which costs our 2M-edge build more than the build itself); peers get the
 * same courtesy. Fresh memory is still fresh: first-touch page faults are part of every figure.
 */
const WARM_UP = { nodes: 10_000, edges: 100_000 };

export function measure(engine: Engine, nodes: number, edges: number): Measurement {
  if (engine !== 'pipeline') measureOnce(engine, WARM_UP.nodes, WARM_UP.edges);
  gc();
  return measureOnce(engine, nodes, edges);
}

function measureOnce(engine: Engine, nodes: number, edges: number): Measurement {
  switch (engine) {
    case 'perkrank':
      return measureOurs(nodes, edges, 2, 'auto');
    case 'perkrank-1t':
      return measureOurs(nodes, edges, 1, 'auto');
    case 'perkrank-pull':
      return measureOurs(nodes, edges, 1, 'pull');
    case 'ngraph':
      return measurePeer(NGRAPH, nodes, edges);
    case 'graphology':
      return measurePeer(GRAPHOLOGY, nodes, edges);
    case 'pipeline':
      return measurePipeline(nodes, edges);
  }
}

function measureOurs(nodes: number, edges: number, threads: 1 | 2, kernel: 'auto' | 'pull'): Measurement {
  const graph = syntheticGraph(nodes, edges, GRAPH_SEED);
  gc();
  const baseRssMB = rssMB();
  const watch = new Stopwatch();
  const shared = threads === 2;
  const csr = buildCsr(graph, { shared });
  const build = watch.lap();
  // The partitioned kernel's layout is built inside the call, from the edges sorted by (src, dst)
  // as a scoring run's aggregator hands them over: it counts as PageRank time.
  const result = pageRank(
    csr,
    { iterations: ITERATIONS, threads, kernel, sortedEdges: graph },
    new PageRankWorkspace(nodes, shared),
  );
  const rank = watch.lap();
  const peak = peakRssMB();
  let checksum = 0;
  for (let i = 0; i < ITERATIONS; i++) checksum += streamingPass(csr.sources, csr.weights);
  const floor = watch.lap();
  if (!(checksum > 0)) throw new Error('the streaming pass read nothing');
  return {
    engine: threads === 2 ? 'perkrank' : kernel === 'auto' ? 'perkrank-1t' : 'perkrank-pull',
    nodes,
    edges,
    buildMs: build.wallMs,
    pageRankMs: rank.wallMs,
    buildCpuMs: build.cpuMs,
    pageRankCpuMs: rank.cpuMs,
    iterations: result.iterations,
    peakRssMB: peak,
    baseRssMB,
    floorMs: floor.wallMs,
    floorCpuMs: floor.cpuMs,
  };
}

/** One sequential read of every edge's source and weight: what no PageRank iteration can beat. */
function streamingPass(sources: Int32Array, weights: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < sources.length; k++) sum += sources[k] * weights[k];
  return sum;
}

/**
 * Our ranks after 30 iterations, and a stopping distance that falls between our 29th and 30th
 * L1 changes: a peer computing the same iteration stops after exactly 30 even without a cap.
 */
function reference(graph: WeightedEdges): { rank: Float64Array; stopBetween29And30: number } {
  const history = new Float64Array(ITERATIONS);
  const { rank } = pageRank(buildCsr(graph), { iterations: ITERATIONS, history });
  return { rank, stopBetween29And30: Math.sqrt(history[ITERATIONS - 2] * history[ITERATIONS - 1]) };
}

function maxDifference(ours: Float64Array, theirs: (v: number) => number): number {
  let worst = 0;
  for (let v = 0; v < ours.length; v++) worst = Math.max(worst, Math.abs(ours[v] - theirs(v)));
  return worst;
}

/**
 * A peer library, measured the same way: its graph built from the same edges, then its PageRank
 * run to the stopping distance at which ours stops after exactly 30 iterations.
 */
interface Peer<G> {
  readonly engine: 'ngraph' | 'graphology';
  /**
   * Whether it reads edge weights. One that does not (ngraph.pagerank) is compared with our ranks
   * of the same graph on unit weights, and the stopping distance comes from that run too.
   */
  readonly weighted: boolean;
  build(nodes: number, graph: SyntheticGraph): G;
  /** The ranks (undefined where it gave none) and a note for the report. */
  pageRank(g: G, nodes: number, stop: number): { rank?: (v: number) => number; note: string };
}

const NGRAPH: Peer<ReturnType<typeof createGraph>> = {
  engine: 'ngraph',
  weighted: false,
  build(nodes, graph) {
    const g = createGraph();
    for (let v = 0; v < nodes; v++) g.addNode(v);
    for (let e = 0; e < graph.src.length; e++) g.addLink(graph.src[e], graph.dst[e], graph.weight[e]);
    return g;
  },
  pageRank(g, _nodes, stop) {
    // ngraph compares the L1 change with the distance itself.
    const rank = ngraphPagerank(g, 0.85, stop);
    return { rank: (v) => rank[v], note: 'unweighted (ngraph.pagerank ignores weights)' };
  },
};

const GRAPHOLOGY: Peer<Graph> = {
  engine: 'graphology',
  weighted: true,
  build(nodes, graph) {
    const g = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
    for (let v = 0; v < nodes; v++) g.addNode(v);
    for (let e = 0; e < graph.src.length; e++)
      g.addEdge(graph.src[e], graph.dst[e], { weight: graph.weight[e] });
    return g;
  },
  pageRank(g, nodes, stop) {
    try {
      // graphology compares the L1 change with N × tolerance.
      const rank = graphologyPagerank(g, {
        getEdgeWeight: 'weight',
        alpha: 0.85,
        maxIterations: ITERATIONS,
        tolerance: stop / nodes,
      });
      return { rank: (v) => rank[v], note: 'weighted' };
    } catch (error) {
      // It throws after its last iteration when the tolerance wasn't met; the 30 iterations ran.
      return { note: `weighted; ${(error as Error).message}` };
    }
  },
};

function measurePeer<G>(peer: Peer<G>, nodes: number, edges: number): Measurement {
  const graph = syntheticGraph(nodes, edges, GRAPH_SEED);
  const expected = reference(peer.weighted ? graph : { ...graph, weight: new Float32Array(edges).fill(1) });
  gc();
  const baseRssMB = rssMB();
  const watch = new Stopwatch();
  const g = peer.build(nodes, graph);
  const build = watch.lap();
  const { rank, note } = peer.pageRank(g, nodes, expected.stopBetween29And30);
  const ranked = watch.lap();
  const peak = peakRssMB();
  return {
    engine: peer.engine,
    nodes,
    edges,
    buildMs: build.wallMs,
    pageRankMs: ranked.wallMs,
    buildCpuMs: build.cpuMs,
    pageRankCpuMs: ranked.cpuMs,
    iterations: ITERATIONS,
    peakRssMB: peak,
    baseRssMB,
    maxRankDifference: rank === undefined ? undefined : maxDifference(expected.rank, rank),
    note,
  };
}

/** Generated world → streamed aggregation → full scoring with the current model, members = nodes / 10. */
function measurePipeline(nodes: number, events: number): Measurement {
  const members = Math.round(nodes / 10);
  const now = Date.UTC(2025, 5, 1);
  const world = generateWorld({ members, actors: nodes - members, events, seed: 7, now });
  gc();
  const baseRssMB = rssMB();
  // The generator shares the loop with the aggregator; only the aggregator's calls are timed.
  const aggregator = new EdgeAggregator({ nodeCount: world.nodeCount, now, model: CURRENT_MODEL });
  let count = 0;
  let aggregateMs = 0;
  let aggregateCpuMs = 0;
  const watch = new Stopwatch();
  for (const batch of world.batches()) {
    count += batch.length;
    const started = new Stopwatch();
    aggregator.addBatch(batch);
    const lap = started.lap();
    aggregateMs += lap.wallMs;
    aggregateCpuMs += lap.cpuMs;
  }
  const streamed = watch.lap();
  const interactions = aggregator.finish();
  const finish = watch.lap();
  const result = scorePopulation(
    { interactions, members: world.members, accounts: world.accounts },
    { model: CURRENT_MODEL, threads: pageRankThreads(interactions.src.length, cpus().length) },
  );
  const score = watch.lap();
  return {
    engine: 'pipeline',
    nodes,
    edges: count,
    buildMs: aggregateMs + finish.wallMs,
    pageRankMs: score.wallMs,
    buildCpuMs: aggregateCpuMs + finish.cpuMs,
    pageRankCpuMs: score.cpuMs,
    iterations: result.stats.pageRank.iterations,
    peakRssMB: peakRssMB(),
    baseRssMB,
    note: `${interactions.src.length.toLocaleString('en-US')} edges, ${members.toLocaleString('en-US')} members scored, median ${result.stats.distribution.p50}, p99 ${result.stats.distribution.p99.toFixed(1)}`,
    stages: {
      generateMs: streamed.wallMs - aggregateMs,
      aggregateMs,
      finishMs: finish.wallMs,
      scoreMs: score.wallMs,
      aggregateCpuMs,
      finishCpuMs: finish.cpuMs,
      scoreCpuMs: score.cpuMs,
    },
  };
}
