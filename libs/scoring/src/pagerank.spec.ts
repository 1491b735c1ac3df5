import fc from 'fast-check';
import Graph from 'graphology';
import graphologyPagerank from 'graphology-metrics/centrality/pagerank';
import { buildCsr, type WeightedEdges } from './csr';
import { pageRank, PageRankWorkspace, PartitionedGraph } from './pagerank';

/** Textbook power iteration on the edge list, Float64 throughout except Float32-rounded weights. */
function referencePageRank(input: WeightedEdges, damping = 0.85, iterations = 2000): Float64Array {
  const n = input.nodeCount;
  const out = new Float64Array(n);
  for (let e = 0; e < input.src.length; e++) out[input.src[e]] += Math.fround(input.weight[e]);
  let rank = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let v = 0; v < n; v++) if (out[v] === 0) dangling += rank[v];
    for (let v = 0; v < n; v++) next[v] = (1 - damping) / n + (damping * dangling) / n;
    for (let e = 0; e < input.src.length; e++) {
      const s = input.src[e];
      next[input.dst[e]] += (damping * rank[s] * Math.fround(input.weight[e])) / out[s];
    }
    rank = next;
  }
  return rank;
}

const weightedGraphs = fc
  .integer({ min: 1, max: 30 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.double({ min: 0.05, max: 20, noNaN: true })), {
        selector: (e) => `${e[0]}>${e[1]}`,
        maxLength: 150,
      }),
    ),
  )
  .map(([n, list]): WeightedEdges => ({
    nodeCount: n,
    src: Int32Array.from(list, (e) => e[0]),
    dst: Int32Array.from(list, (e) => e[1]),
    weight: Float32Array.from(list, (e) => e[2]),
  }));

describe('pageRank', () => {
  it('matches a textbook power iteration, with dangling nodes spread uniformly', () => {
    fc.assert(
      fc.property(weightedGraphs, fc.boolean(), (input, renumber) => {
        const result = pageRank(buildCsr(input, { renumber }), { tolerance: 1e-13, maxIterations: 2000 });
        const expected = referencePageRank(input);
        for (let v = 0; v < input.nodeCount; v++)
          expect(Math.abs(result.rank[v] - expected[v])).toBeLessThan(1e-10);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with graphology-metrics on a weighted graph', () => {
    const input: WeightedEdges = {
      nodeCount: 6,
      src: Int32Array.from([0, 0, 1, 2, 3, 3, 4, 4]),
      dst: Int32Array.from([1, 2, 2, 0, 2, 4, 5, 0]),
      weight: Float32Array.from([1, 3, 2, 1, 0.5, 4, 2, 1]),
    };
    const graph = new Graph({ type: 'directed' });
    for (let v = 0; v < 6; v++) graph.addNode(String(v));
    for (let e = 0; e < input.src.length; e++) {
      graph.addEdge(String(input.src[e]), String(input.dst[e]), { weight: input.weight[e] });
    }
    const theirs = graphologyPagerank(graph, {
      getEdgeWeight: 'weight',
      tolerance: 1e-14,
      maxIterations: 1000,
    });
    const ours = pageRank(buildCsr(input), { tolerance: 1e-14, maxIterations: 1000 });
    for (let v = 0; v < 6; v++) expect(ours.rank[v]).toBeCloseTo(theirs[String(v)], 12);
  });

  it('keeps the total at one and stops at the tolerance', () => {
    fc.assert(
      fc.property(weightedGraphs, (input) => {
        const result = pageRank(buildCsr(input));
        const total = result.rank.reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(1, 12);
        // The change shrinks by at least 0.85 an iteration, so a period-2 cycle can use all 100.
        if (result.converged) expect(result.delta).toBeLessThan(1e-9);
        else expect(result.iterations).toBe(100);
        expect(result.iterations).toBeLessThanOrEqual(100);
      }),
      { numRuns: 100 },
    );
  });

  it('gives every node of an edgeless graph the same rank', () => {
    const result = pageRank(
      buildCsr({ nodeCount: 4, src: new Int32Array(0), dst: new Int32Array(0), weight: new Float32Array(0) }),
    );
    expect(Array.from(result.rank)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('runs exactly the requested number of iterations and records each change', () => {
    const input: WeightedEdges = {
      nodeCount: 3,
      src: Int32Array.from([0, 1, 2]),
      dst: Int32Array.from([1, 2, 0]),
      weight: Float32Array.from([1, 1, 5]),
    };
    const history = new Float64Array(30);
    const result = pageRank(buildCsr(input), { iterations: 30, history });
    expect(result.iterations).toBe(30);
    expect(history.every((d) => d >= 0)).toBe(true);
  });

  it('is bit-for-bit repeatable and reuses a workspace without allocating per run', () => {
    const input: WeightedEdges = {
      nodeCount: 5,
      src: Int32Array.from([0, 1, 2, 3, 4, 0]),
      dst: Int32Array.from([1, 2, 3, 4, 0, 3]),
      weight: Float32Array.from([1, 2, 3, 4, 5, 6]),
    };
    const graph = buildCsr(input);
    const workspace = new PageRankWorkspace(5);
    const out = new Float64Array(5);
    const first = Array.from(pageRank(graph, {}, workspace, out).rank);
    const second = pageRank(graph, {}, workspace, out);
    expect(second.rank).toBe(out);
    expect(Array.from(second.rank)).toEqual(first);
  });

  it('rejects a workspace of the wrong size and a damping outside [0, 1)', () => {
    const graph = buildCsr({
      nodeCount: 2,
      src: Int32Array.of(0),
      dst: Int32Array.of(1),
      weight: Float32Array.of(1),
    });
    expect(() => pageRank(graph, {}, new PageRankWorkspace(3))).toThrow(RangeError);
    expect(() => pageRank(graph, { damping: 1 })).toThrow(RangeError);
  });

  describe('partition-centric kernel', () => {
    /** The same edges sorted by (src, dst), as the aggregator emits them. */
    const sorted = (input: WeightedEdges): WeightedEdges => {
      const order = Array.from(input.src, (_, e) => e).sort(
        (a, b) => input.src[a] - input.src[b] || input.dst[a] - input.dst[b],
      );
      return {
        nodeCount: input.nodeCount,
        src: Int32Array.from(order, (e) => input.src[e]),
        dst: Int32Array.from(order, (e) => input.dst[e]),
        weight: Float32Array.from(order, (e) => input.weight[e]),
      };
    };

    it('gives bit-for-bit the ranks of the pull loop, on any graph and partition size', () => {
      fc.assert(
        fc.property(
          weightedGraphs,
          fc.integer({ min: 1, max: 15 }),
          fc.boolean(),
          fc.boolean(),
          (input, partitionBits, renumber, fromEdges) => {
            const edges = sorted(input);
            const graph = buildCsr(edges, { renumber });
            const pull = pageRank(graph, { tolerance: 1e-12, maxIterations: 300, kernel: 'pull' });
            const partitioned = pageRank(graph, {
              tolerance: 1e-12,
              maxIterations: 300,
              kernel: 'partitioned',
              partitionBits,
              sortedEdges: fromEdges && !renumber ? edges : undefined,
            });
            expect(partitioned.iterations).toBe(pull.iterations);
            expect(partitioned.delta).toBe(pull.delta);
            expect(Array.from(partitioned.rank)).toEqual(Array.from(pull.rank));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('lays out the same from the CSR as from sorted edges, and falls back when they are not sorted', () => {
      const input: WeightedEdges = {
        nodeCount: 5,
        src: Int32Array.from([0, 0, 1, 3, 4, 4, 2]),
        dst: Int32Array.from([1, 4, 4, 0, 0, 3, 1]),
        weight: Float32Array.from([1, 2, 3, 4, 5, 6, 0.5]),
      };
      const graph = buildCsr(input);
      const fromCsr = PartitionedGraph.fromCsr(graph, 1);
      const fromEdges = PartitionedGraph.fromSortedEdges(graph, sorted(input), 1);
      const unsorted = PartitionedGraph.fromSortedEdges(graph, input, 1);
      expect(fromCsr.partitions).toBe(3);
      // (0→1), (2→1), (4→0), (3→0) | (4→3) | (0→4), (1→4): one update per (source, partition).
      expect(fromCsr.updates).toBe(7);
      expect(fromEdges.arrays()).toEqual(fromCsr.arrays());
      // The aggregator's weights are Float64: the layout rounds them as the CSR does.
      const wide = sorted(input);
      const third = Float64Array.from(wide.weight, (w) => w / 3);
      const graphOfThirds = buildCsr({ ...wide, weight: third });
      expect(PartitionedGraph.fromSortedEdges(graphOfThirds, { ...wide, weight: third }, 1).arrays()).toEqual(
        PartitionedGraph.fromCsr(graphOfThirds, 1).arrays(),
      );
      expect(unsorted.arrays()).toEqual(fromCsr.arrays());
      expect(() => PartitionedGraph.fromCsr(graph, 16)).toThrow(RangeError);
    });
  });

  describe('on two threads', () => {
    it('gives bit-for-bit the ranks of one thread, on any graph', () => {
      fc.assert(
        fc.property(weightedGraphs, (input) => {
          const one = pageRank(buildCsr(input), { tolerance: 1e-12, maxIterations: 300 });
          const two = pageRank(buildCsr(input, { shared: true }), {
            tolerance: 1e-12,
            maxIterations: 300,
            threads: 2,
          });
          expect(two.iterations).toBe(one.iterations);
          expect(two.delta).toBe(one.delta);
          expect(Array.from(two.rank)).toEqual(Array.from(one.rank));
        }),
        { numRuns: 25 },
      );
    });

    it('gives bit-for-bit the ranks of one thread with the partitioned kernel, on any graph and partition size', () => {
      fc.assert(
        fc.property(weightedGraphs, fc.integer({ min: 1, max: 15 }), (input, partitionBits) => {
          const graph = buildCsr(input);
          const options = {
            tolerance: 1e-12,
            maxIterations: 300,
            kernel: 'partitioned',
            partitionBits,
          } as const;
          const one = pageRank(graph, options);
          const two = pageRank(graph, { ...options, threads: 2 });
          expect(two.iterations).toBe(one.iterations);
          expect(two.delta).toBe(one.delta);
          expect(Array.from(two.rank)).toEqual(Array.from(one.rank));
        }),
        { numRuns: 25 },
      );
    });

    it('splits a larger graph between the threads and agrees with one thread', () => {
      // 20,000 nodes, 200,000 edges: both halves of the rows carry work.
      const n = 20_000;
      const m = 200_000;
      let seed = 7;
      const next = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
      const pairs = new Set<number>();
      const src = new Int32Array(m);
      const dst = new Int32Array(m);
      const weight = new Float32Array(m);
      for (let e = 0; e < m;) {
        const s = Math.floor(next() * n);
        const d = Math.floor(next() ** 2 * n);
        if (s === d || pairs.has(s * n + d)) continue;
        pairs.add(s * n + d);
        src[e] = s;
        dst[e] = d;
        weight[e] = 0.1 + 5 * next();
        e++;
      }
      const input: WeightedEdges = { nodeCount: n, src, dst, weight };
      const one = pageRank(buildCsr(input), { iterations: 30 });
      const two = pageRank(buildCsr(input, { shared: true }), { iterations: 30, threads: 2 });
      const pull = pageRank(buildCsr(input), { iterations: 30, kernel: 'pull' });
      const partitioned = pageRank(buildCsr(input), {
        iterations: 30,
        kernel: 'partitioned',
        partitionBits: 11,
      });
      const partitionedTwo = pageRank(buildCsr(input), {
        iterations: 30,
        kernel: 'partitioned',
        partitionBits: 11,
        threads: 2,
      });
      const pullTwo = pageRank(buildCsr(input, { shared: true }), {
        iterations: 30,
        kernel: 'pull',
        threads: 2,
      });
      expect(Array.from(partitionedTwo.rank)).toEqual(Array.from(one.rank));
      expect(Array.from(pullTwo.rank)).toEqual(Array.from(one.rank));
      expect(Array.from(pull.rank)).toEqual(Array.from(one.rank));
      expect(Array.from(partitioned.rank)).toEqual(Array.from(one.rank));
      expect(two.delta).toBe(one.delta);
      expect(Array.from(two.rank)).toEqual(Array.from(one.rank));
      expect(two.rank.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    });

    it('asks for shared memory rather than copying the graph', () => {
      const input: WeightedEdges = {
        nodeCount: 2,
        src: Int32Array.of(0),
        dst: Int32Array.of(1),
        weight: Float32Array.of(1),
      };
      expect(() => pageRank(buildCsr(input), { threads: 2 })).toThrow(/shared memory/);
      expect(() => pageRank(buildCsr(input), { threads: 3 as never })).toThrow(RangeError);
    });
  });
});
