import fc from 'fast-check';
import {
  aggregateInteractions,
  withNodeTotals,
  EdgeAggregator,
  type AggregatedInteractions,
  type InteractionRecord,
} from './edge-aggregator';
import { InteractionKind as K, type InteractionKind } from './model';
import { daysAgo, record, TEST_NOW } from './testing/score-world';

const now = TEST_NOW;
const aggregate = (rows: InteractionRecord[], nodeCount = 100): AggregatedInteractions =>
  aggregateInteractions(rows, { nodeCount, now });

/** The weight of edge actor → target, or undefined. */
function edgeWeight(result: AggregatedInteractions, actor: number, target: number): number | undefined {
  for (let e = 0; e < result.src.length; e++)
    if (result.src[e] === actor && result.dst[e] === target) return result.weight[e];
  return undefined;
}

const decay = (day: number): number => 0.5 ** (day / 30);

describe('EdgeAggregator', () => {
  it.each<[string, InteractionRecord[], number | undefined]>([
    ['a like today weighs 1', [record(1, 2, K.Like, daysAgo(0.1))], 1],
    ['a reply weighs 2', [record(1, 2, K.Reply, daysAgo(0.1))], 2],
    ['a mention weighs 1.5', [record(1, 2, K.Mention, daysAgo(0.1))], 1.5],
    ['a share weighs 3', [record(1, 2, K.Share, daysAgo(0.1))], 3],
    ['a like 30 days old weighs half', [record(1, 2, K.Like, daysAgo(30.5))], 0.5],
    ['ages are whole days', [record(1, 2, K.Like, daysAgo(30.99))], 0.5],
    ['the last day of the window still counts', [record(1, 2, K.Like, daysAgo(89.9))], decay(89)],
    ['older than 90 days is dropped', [record(1, 2, K.Like, daysAgo(90.01))], undefined],
    ['the future is dropped', [record(1, 2, K.Like, now + 1000)], undefined],
    ['a follow is not engagement', [record(1, 2, K.Follow, daysAgo(1))], undefined],
    ['a post is not engagement', [record(1, 1, K.Post, daysAgo(1))], undefined],
    ['engaging with oneself is dropped', [record(1, 1, K.Share, daysAgo(1))], undefined],
    [
      'kinds add up within a day',
      [record(1, 2, K.Like, daysAgo(2.1)), record(1, 2, K.Reply, daysAgo(2.9))],
      3 * decay(2),
    ],
    [
      'days decay separately',
      [record(1, 2, K.Like, daysAgo(0.5)), record(1, 2, K.Like, daysAgo(60.5))],
      1 + 0.25,
    ],
    [
      'one actor gives one target at most 5 units a day',
      [1, 2, 3, 4].map((h) => record(1, 2, K.Share, daysAgo(h / 24))),
      5,
    ],
    [
      'the cap is per day',
      [
        ...[1, 2, 3, 4].map((h) => record(1, 2, K.Share, daysAgo(h / 24))),
        ...[1, 2].map((h) => record(1, 2, K.Share, daysAgo(1 + h / 24))),
      ],
      5 + 5 * decay(1),
    ],
  ])('%s', (_, rows, expected) => {
    const weight = edgeWeight(aggregate(rows), 1, 2);
    if (expected === undefined) expect(weight).toBeUndefined();
    else expect(weight).toBeCloseTo(expected, 9);
  });

  it('shares a daily budget of 20 units among an actor’s actions', () => {
    const rows = Array.from({ length: 30 }, (_, t) => record(1, 10 + t, K.Like, daysAgo(0.5)));
    rows.push(record(1, 10, K.Like, daysAgo(1.5))); // another day, its own budget
    const result = aggregate(rows);
    expect(edgeWeight(result, 1, 11)).toBeCloseTo(20 / 30, 9);
    expect(edgeWeight(result, 1, 10)).toBeCloseTo(20 / 30 + decay(1), 9);
  });

  it('applies the cap after selectivity', () => {
    // 10 shares (30 units) on one target plus 30 likes elsewhere: a = 60, each × 1/3; 10 units → 5.
    const rows = [
      ...Array.from({ length: 10 }, () => record(1, 2, K.Share, daysAgo(0.2))),
      ...Array.from({ length: 30 }, (_, t) => record(1, 10 + t, K.Like, daysAgo(0.2))),
    ];
    const result = aggregate(rows);
    expect(edgeWeight(result, 1, 2)).toBeCloseTo(5, 9);
    expect(edgeWeight(result, 1, 10)).toBeCloseTo(1 / 3, 9);
  });

  it('counts distinct engagers and sharers and the weight received per node', () => {
    const result = aggregate([
      record(1, 5, K.Like, daysAgo(1)),
      record(1, 5, K.Share, daysAgo(2)),
      record(2, 5, K.Share, daysAgo(3)),
      record(2, 5, K.Share, daysAgo(4)),
      record(3, 5, K.Reply, daysAgo(0)),
      record(3, 6, K.Like, daysAgo(0)),
    ]);
    expect(result.engagers[5]).toBe(3);
    expect(result.sharers[5]).toBe(2);
    expect(result.engagers[6]).toBe(1);
    expect(result.sharers[6]).toBe(0);
    expect(result.received[5]).toBeCloseTo(decay(1) + 3 * decay(2) + 3 * decay(3) + 3 * decay(4) + 2, 9);
  });

  it('emits edges sorted by (src, dst)', () => {
    const result = aggregate([
      record(9, 1, K.Like, daysAgo(1)),
      record(2, 8, K.Like, daysAgo(1)),
      record(2, 3, K.Like, daysAgo(1)),
      record(5, 0, K.Like, daysAgo(1)),
    ]);
    expect(Array.from(result.src)).toEqual([2, 2, 5, 9]);
    expect(Array.from(result.dst)).toEqual([3, 8, 0, 1]);
  });

  it('keeps statistics of what it dropped', () => {
    const aggregator = new EdgeAggregator({ nodeCount: 10, now });
    aggregator.add(1, 2, K.Like, daysAgo(1));
    aggregator.add(1, 2, K.Like, daysAgo(100));
    aggregator.add(1, 1, K.Like, daysAgo(1));
    aggregator.add(1, 2, K.Follow, daysAgo(1));
    expect(aggregator.stats).toEqual({
      rows: 4,
      counted: 1,
      outsideWindow: 1,
      selfInteractions: 1,
      notEngagement: 1,
    });
  });

  it.each<[string, () => void]>([
    ['an actor out of range', () => new EdgeAggregator({ nodeCount: 3, now }).add(3, 0, K.Like, now)],
    ['a fractional target', () => new EdgeAggregator({ nodeCount: 3, now }).add(0, 1.5, K.Like, now)],
    ['an unknown kind', () => new EdgeAggregator({ nodeCount: 3, now }).add(0, 1, 9 as InteractionKind, now)],
    ['a bad node count', () => new EdgeAggregator({ nodeCount: -1, now })],
  ])('rejects %s', (_, act) => {
    expect(act).toThrow(RangeError);
  });

  it('refuses rows after finishing', () => {
    const aggregator = new EdgeAggregator({ nodeCount: 3, now });
    aggregator.finish();
    expect(() => aggregator.add(0, 1, K.Like, now)).toThrow('already finished');
    expect(() => aggregator.finish()).toThrow('already finished');
  });

  const rows = fc.array(
    fc.record({
      actor: fc.nat(19),
      target: fc.nat(19),
      kind: fc.constantFrom(K.Like, K.Reply, K.Mention, K.Share, K.Follow),
      timestamp: fc.integer({ min: now - 95 * 86_400_000, max: now }),
    }),
    { maxLength: 400 },
  );

  it('gives the same bits whatever order the rows come in', () => {
    fc.assert(
      fc.property(rows, fc.nat(), (list, seed) => {
        const shuffled = [...list];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(aggregate(shuffled, 20)).toEqual(aggregate(list, 20));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for batches as for single rows', () => {
    fc.assert(
      fc.property(rows, (list) => {
        const aggregator = new EdgeAggregator({ nodeCount: 20, now });
        aggregator.addBatch({
          actor: Int32Array.from(list, (r) => r.actor),
          target: Int32Array.from(list, (r) => r.target),
          kind: Uint8Array.from(list, (r) => r.kind),
          timestamp: Float64Array.from(list, (r) => r.timestamp),
          length: list.length,
        });
        expect(aggregator.finish()).toEqual(aggregate(list, 20));
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same bits for rows coded by the caller as for the raw rows', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 64 }), (list, batch) => {
        // The caller drops what is outside the window or carries no weight, and codes day × 8 + kind.
        const kept = list.filter(
          (r) => r.kind !== K.Follow && Math.floor((now - r.timestamp) / 86_400_000) < 90,
        );
        const aggregator = new EdgeAggregator({ nodeCount: 20, now });
        for (let from = 0; from < kept.length; from += batch) {
          const part = kept.slice(from, from + batch);
          aggregator.addCoded(
            Int32Array.from(part, (r) => r.actor),
            Int32Array.from(part, (r) => r.target),
            Uint16Array.from(part, (r) => (Math.floor((now - r.timestamp) / 86_400_000) << 3) | r.kind),
            part.length,
          );
        }
        const direct = new EdgeAggregator({ nodeCount: 20, now });
        for (const r of kept) direct.add(r.actor, r.target, r.kind, r.timestamp);
        expect(aggregator.stats).toEqual(direct.stats);
        expect(aggregator.finish()).toEqual(direct.finish());
      }),
      { numRuns: 100 },
    );
  });

  it('refuses coded rows outside the window, without weight or naming unknown nodes', () => {
    const one = (actor: number, code: number) => () =>
      new EdgeAggregator({ nodeCount: 20, now }).addCoded(
        Int32Array.of(actor),
        Int32Array.of(1),
        Uint16Array.of(code),
        1,
      );
    expect(one(0, (89 << 3) | K.Like)).not.toThrow();
    expect(one(0, (90 << 3) | K.Like)).toThrow('not an engagement day');
    expect(one(0, (1 << 3) | K.Follow)).toThrow('not an engagement day');
    expect(one(0, (1 << 3) | 7)).toThrow('not an engagement day');
    expect(one(20, K.Like)).toThrow('outside 0..19');
    expect(one(-1, K.Like)).toThrow('outside 0..19');
  });

  it('renumbering at finish gives the same bits as feeding renumbered rows', () => {
    fc.assert(
      fc.property(rows, fc.nat(), (list, seed) => {
        // A permutation of the 20 nodes (Fisher–Yates from the seed).
        const renumber = Int32Array.from({ length: 20 }, (_, i) => i);
        let s = seed;
        for (let i = renumber.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [renumber[i], renumber[j]] = [renumber[j], renumber[i]];
        }
        // Fed with a loose bound, as a caller numbering nodes as it meets them does.
        const aggregator = new EdgeAggregator({ nodeCount: 1000, now });
        for (const r of list) aggregator.add(r.actor, r.target, r.kind, r.timestamp);
        const renumbered = list.map((r) => ({ ...r, actor: renumber[r.actor], target: renumber[r.target] }));
        expect(aggregator.finish(renumber)).toEqual(aggregate(renumbered, 20));
      }),
      { numRuns: 200 },
    );
  });

  it('renumbering gives the same bits when the nodes span many of its buckets', () => {
    // Buckets hold 512 consecutive nodes and up: 3000 nodes make six, with rows in each.
    const wide = fc.array(
      fc.record({
        actor: fc.nat(2999),
        target: fc.nat(2999),
        kind: fc.constantFrom(K.Like, K.Reply, K.Mention, K.Share),
        timestamp: fc.integer({ min: now - 95 * 86_400_000, max: now }),
      }),
      { minLength: 1, maxLength: 3000 },
    );
    fc.assert(
      fc.property(wide, fc.nat(), (list, seed) => {
        const renumber = Int32Array.from({ length: 3000 }, (_, i) => i);
        let s = seed;
        for (let i = renumber.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [renumber[i], renumber[j]] = [renumber[j], renumber[i]];
        }
        const aggregator = new EdgeAggregator({ nodeCount: 100_000, now });
        for (const r of list) aggregator.add(r.actor, r.target, r.kind, r.timestamp);
        const renumbered = list.map((r) => ({ ...r, actor: renumber[r.actor], target: renumber[r.target] }));
        expect(aggregator.finish(renumber)).toEqual(aggregate(renumbered, 3000));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a renumbering that is not a permutation, or misses a node of the rows', () => {
    const twice = new EdgeAggregator({ nodeCount: 10, now });
    twice.add(0, 1, K.Like, now - 1000);
    expect(() => twice.finish(Int32Array.from([0, 0]))).toThrow('not a permutation');
    const short = new EdgeAggregator({ nodeCount: 10, now });
    short.add(0, 5, K.Like, now - 1000);
    expect(() => short.finish(Int32Array.from([1, 0]))).toThrow('outside the 2 renumbered');
  });

  it('never lets one actor give one target more than 5 units a day, however many rows', () => {
    fc.assert(
      fc.property(rows, (list) => {
        const result = aggregate(list, 20);
        let bound = 0;
        for (let day = 0; day < 90; day++) bound += 5 * decay(day);
        for (let e = 0; e < result.src.length; e++)
          expect(result.weight[e]).toBeLessThanOrEqual(bound + 1e-9);
      }),
      { numRuns: 50 },
    );
  });

  it('rebuilds the per-node totals from aggregated edges', () => {
    fc.assert(
      fc.property(rows, (list) => {
        const result = aggregate(list, 20);
        const { src, dst, weight, nodeCount, sharers } = result;
        expect(withNodeTotals({ nodeCount, src, dst, weight }, sharers)).toEqual(result);
      }),
      { numRuns: 30 },
    );
  });
});
