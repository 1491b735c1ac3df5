import { aggregateInteractions, InteractionKind } from '@perkrank/scoring';
import type { StoredInteractionBatch } from '@perkrank/social';
import { RunGraphBuilder } from './run-graph';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2025, 5, 1);

function batch(
  rows: Array<[number, number, number, number, InteractionKind, number]>,
): StoredInteractionBatch {
  return {
    length: rows.length,
    actorHi: Uint32Array.from(rows, (r) => r[0]),
    actorLo: Uint32Array.from(rows, (r) => r[1]),
    targetHi: Uint32Array.from(rows, (r) => r[2]),
    targetLo: Uint32Array.from(rows, (r) => r[3]),
    kind: Uint8Array.from(rows, (r) => r[4]),
    occurredAt: Float64Array.from(rows, (r) => r[5]),
  };
}

describe('RunGraphBuilder', () => {
  it('puts all accounts of a member on one node and counts what it drops', () => {
    const graph = new RunGraphBuilder(1, AS_OF);
    graph.linkAccount(0, 1, 1);
    graph.linkAccount(0, 1, 2); // the member's second network
    graph.add(
      batch([
        [9, 9, 1, 1, InteractionKind.Share, AS_OF - DAY],
        [9, 9, 1, 2, InteractionKind.Like, AS_OF - 2 * DAY],
        [8, 8, 1, 2, InteractionKind.Like, AS_OF - 91 * DAY],
        [8, 8, 1, 2, InteractionKind.Like, AS_OF + 1000],
        [1, 1, 1, 1, InteractionKind.Post, AS_OF - DAY],
      ]),
    );
    expect(graph.stats).toEqual({ rows: 5, kept: 2, outsideWindow: 2, notEngagement: 1, actors: 1 });
    const aggregated = graph.finish();
    expect(aggregated.nodeCount).toBe(2);
    expect(Array.from(aggregated.src)).toEqual([1]);
    expect(Array.from(aggregated.dst)).toEqual([0]);
    expect(aggregated.sharers[0]).toBe(1);
    expect(aggregated.engagers[0]).toBe(1);
  });

  it('gives the engine the same graph whatever order the rows come in', () => {
    const rows: Array<[number, number, number, number, InteractionKind, number]> = [];
    for (let i = 0; i < 500; i++)
      rows.push([
        i % 37,
        i % 11,
        (i * 7) % 13,
        i % 5,
        (i % 4) as InteractionKind,
        AS_OF - (i % 80) * DAY - 3600_000,
      ]);
    const build = (list: typeof rows) => {
      const graph = new RunGraphBuilder(2, AS_OF);
      graph.linkAccount(0, 0, 0);
      graph.linkAccount(1, 3, 1);
      graph.add(batch(list));
      return graph.finish();
    };
    const a = build(rows);
    const b = build([...rows].reverse());
    expect(Array.from(b.src)).toEqual(Array.from(a.src));
    expect(Array.from(b.dst)).toEqual(Array.from(a.dst));
    expect(Array.from(b.weight)).toEqual(Array.from(a.weight));
  });

  it('numbers actors in unsigned 64-bit key order, whatever order they were first seen in', () => {
    // Actor j likes the member j + 1 times the same day, so an edge's weight names its actor.
    const actors: Array<[number, number]> = [
      [0x80000000, 0],
      [1, 0xffffffff],
      [0, 0x90000000],
      [1, 2],
    ];
    const rows: Array<[number, number, number, number, InteractionKind, number]> = [];
    actors.forEach(([hi, lo], j) => {
      for (let k = 0; k <= j; k++) rows.push([hi, lo, 7, 7, InteractionKind.Like, AS_OF - 3600_000]);
    });
    const graph = new RunGraphBuilder(1, AS_OF);
    graph.linkAccount(0, 7, 7);
    graph.add(batch(rows));
    const aggregated = graph.finish();
    expect(Array.from(aggregated.src)).toEqual([1, 2, 3, 4]);
    // Key order: (0, 0x90000000), (1, 2), (1, 0xffffffff), (0x80000000, 0).
    expect(Array.from(aggregated.weight)).toEqual([3, 4, 2, 1]);
  });

  it('matches the engine fed the same rows directly', () => {
    const graph = new RunGraphBuilder(1, AS_OF);
    graph.linkAccount(0, 0, 5);
    const rows: Array<[number, number, number, number, InteractionKind, number]> = [];
    for (let i = 0; i < 60; i++)
      rows.push([0, 100 + (i % 9), 0, 5, InteractionKind.Like, AS_OF - (i % 30) * DAY - 5000]);
    graph.add(batch(rows));
    const ours = graph.finish();
    // Actors sorted by key: key (0, 100 + k) is node 1 + k.
    const direct = aggregateInteractions(
      rows.map((r) => ({ actor: 1 + (r[1] - 100), target: 0, kind: r[4], timestamp: r[5] })),
      { nodeCount: 10, now: AS_OF },
    );
    expect(Array.from(ours.weight)).toEqual(Array.from(direct.weight));
    expect(ours.received[0]).toBe(direct.received[0]);
  });
});
