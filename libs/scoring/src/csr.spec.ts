import fc from 'fast-check';
import { buildCsr, hasEdge, type CsrGraph, type WeightedEdges } from './csr';

function edges(nodeCount: number, list: [number, number, number][]): WeightedEdges {
  return {
    nodeCount,
    src: Int32Array.from(list, (e) => e[0]),
    dst: Int32Array.from(list, (e) => e[1]),
    weight: Float64Array.from(list, (e) => e[2]),
  };
}

/** The graph as caller-numbered incoming lists: node → [[source, weight], …]. */
function incoming(graph: CsrGraph): [number, number][][] {
  const rows: [number, number][][] = Array.from({ length: graph.nodeCount }, () => []);
  for (let v = 0; v < graph.nodeCount; v++) {
    for (let k = graph.offsets[v]; k < graph.offsets[v + 1]; k++) {
      rows[graph.toExternal[v]].push([graph.toExternal[graph.sources[k]], graph.weights[k]]);
    }
  }
  return rows;
}

const randomEdges = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc
      .uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), {
        selector: (e) => `${e[0]}>${e[1]}`,
        maxLength: 200,
      })
      .chain((pairs) =>
        fc.tuple(
          fc.constant(n),
          fc.constant(pairs),
          fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), {
            minLength: pairs.length,
            maxLength: pairs.length,
          }),
        ),
      ),
  )
  .map(([n, pairs, ws]) =>
    edges(
      n,
      pairs.map((p, i) => [p[0], p[1], ws[i]]),
    ),
  );

describe('buildCsr', () => {
  const sample = edges(4, [
    [0, 1, 1],
    [2, 1, 3],
    [3, 1, 2],
    [0, 2, 1.5],
    [1, 0, 5],
  ]);

  it.each([true, false])('keeps every edge in its target row (renumber %s)', (renumber) => {
    const graph = buildCsr(sample, { renumber });
    expect(graph.edgeCount).toBe(5);
    expect(incoming(graph)).toEqual([
      [[1, 5]],
      [
        [0, 1],
        [2, 3],
        [3, 2],
      ],
      [[0, 1.5]],
      [],
    ]);
    const out = Array.from({ length: 4 }, (_, v) => graph.outWeight[graph.toInternal[v]]);
    expect(out).toEqual([2.5, 5, 3, 2]);
  });

  it('renumbers by descending out-degree, ties by id', () => {
    const graph = buildCsr(sample, { renumber: true });
    // out-degrees: 0 → 2, 1 → 1, 2 → 1, 3 → 1
    expect(Array.from(graph.toExternal)).toEqual([0, 1, 2, 3]);
    const skewed = buildCsr(
      edges(3, [
        [2, 0, 1],
        [2, 1, 1],
        [1, 0, 1],
      ]),
      { renumber: true },
    );
    expect(Array.from(skewed.toExternal)).toEqual([2, 1, 0]);
    expect(Array.from(buildCsr(sample).toExternal)).toEqual([0, 1, 2, 3]);
    expect(Array.from(skewed.toInternal)).toEqual([2, 1, 0]);
  });

  it('sorts every row by internal source id, whatever the input order', () => {
    fc.assert(
      fc.property(randomEdges, fc.boolean(), (input, reverse) => {
        const order = Array.from({ length: input.src.length }, (_, i) =>
          reverse ? input.src.length - 1 - i : i,
        );
        const graph = buildCsr({
          nodeCount: input.nodeCount,
          src: Int32Array.from(order, (i) => input.src[i]),
          dst: Int32Array.from(order, (i) => input.dst[i]),
          weight: Float64Array.from(order, (i) => input.weight[i]),
        });
        for (let v = 0; v < graph.nodeCount; v++) {
          for (let k = graph.offsets[v] + 1; k < graph.offsets[v + 1]; k++) {
            expect(graph.sources[k]).toBeGreaterThan(graph.sources[k - 1]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('answers edge lookups', () => {
    const graph = buildCsr(sample, { renumber: true });
    expect(hasEdge(graph, 2, 1)).toBe(true);
    expect(hasEdge(graph, 1, 2)).toBe(false);
    expect(hasEdge(graph, 1, 0)).toBe(true);
  });

  it.each([
    ['a source out of range', edges(2, [[2, 0, 1]])],
    ['a negative target', edges(2, [[0, -1, 1]])],
    ['a negative weight', edges(2, [[0, 1, -1]])],
    ['a NaN weight', edges(2, [[0, 1, NaN]])],
    ['an infinite weight', edges(2, [[0, 1, Infinity]])],
  ])('rejects %s', (_, input) => {
    expect(() => buildCsr(input)).toThrow(RangeError);
  });

  it('rejects columns of different lengths', () => {
    expect(() =>
      buildCsr({ nodeCount: 2, src: new Int32Array(2), dst: new Int32Array(1), weight: new Float32Array(2) }),
    ).toThrow(RangeError);
  });

  it('builds an empty graph', () => {
    const graph = buildCsr(edges(0, []));
    expect(graph.nodeCount).toBe(0);
    expect(Array.from(graph.offsets)).toEqual([0]);
  });

  it('fills the same rows directly and in buckets', () => {
    fc.assert(
      fc.property(randomEdges, fc.boolean(), (input, renumber) => {
        const direct = buildCsr(input, { renumber, fill: 'direct' });
        const bucketed = buildCsr(input, { renumber, fill: 'bucketed' });
        expect(bucketed).toEqual(direct);
      }),
      { numRuns: 200 },
    );
    // Enough nodes for many buckets of rows.
    const n = 50_000;
    const big = {
      nodeCount: n,
      src: Int32Array.from({ length: 200_000 }, (_, e) => (e * 7919) % n),
      dst: Int32Array.from({ length: 200_000 }, (_, e) => (e * 104_729 + 13) % n),
      weight: Float32Array.from({ length: 200_000 }, (_, e) => 1 + (e % 7)),
    };
    expect(buildCsr(big, { fill: 'bucketed' })).toEqual(buildCsr(big, { fill: 'direct' }));
    const bySource = Array.from({ length: 200_000 }, (_, e) => e).sort(
      (x, y) => big.src[x] - big.src[y] || x - y,
    );
    const grouped = {
      nodeCount: n,
      src: Int32Array.from(bySource, (e) => big.src[e]),
      dst: Int32Array.from(bySource, (e) => big.dst[e]),
      weight: Float32Array.from(bySource, (e) => big.weight[e]),
    };
    for (const renumber of [false, true]) {
      const direct = buildCsr(grouped, { fill: 'direct', renumber });
      expect(buildCsr(grouped, { fill: 'bucketed', renumber })).toEqual(direct);
      expect(Array.from(direct.sources)).toEqual(Array.from(buildCsr(big, { renumber }).sources));
    }
  });

  it('gives the same rows whatever order the edges come in, renumbered or not', () => {
    fc.assert(
      fc.property(randomEdges, fc.boolean(), fc.nat(), (input, renumber, seed) => {
        const order = Array.from({ length: input.src.length }, (_, i) => i);
        let s = seed;
        for (let i = order.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const shuffled: WeightedEdges = {
          nodeCount: input.nodeCount,
          src: Int32Array.from(order, (i) => input.src[i]),
          dst: Int32Array.from(order, (i) => input.dst[i]),
          weight: Float64Array.from(order, (i) => input.weight[i]),
        };
        const a = buildCsr(input, { renumber });
        const b = buildCsr(shuffled, { renumber, fill: 'bucketed' });
        expect(incoming(b)).toEqual(incoming(a));
        // Grouped by source, the input takes the no-sort path; the rows must be the same.
        const bySource = order.map((_, i) => i).sort((x, y) => input.src[x] - input.src[y] || x - y);
        const grouped: WeightedEdges = {
          nodeCount: input.nodeCount,
          src: Int32Array.from(bySource, (i) => input.src[i]),
          dst: Int32Array.from(bySource, (i) => input.dst[i]),
          weight: Float64Array.from(bySource, (i) => input.weight[i]),
        };
        for (const fill of ['direct', 'bucketed'] as const) {
          const c = buildCsr(grouped, { renumber, fill });
          expect(Array.from(c.sources)).toEqual(Array.from(a.sources));
          expect(Array.from(c.offsets)).toEqual(Array.from(a.offsets));
        }
        expect(Array.from(b.toExternal)).toEqual(Array.from(a.toExternal));
        for (let v = 0; v < a.nodeCount; v++) expect(b.outWeight[v]).toBeCloseTo(a.outWeight[v], 9);
        for (let k = 0; k < input.src.length; k++) expect(hasEdge(b, input.src[k], input.dst[k])).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
