import fc from 'fast-check';
import { InteractionKind } from '@perkrank/scoring';
import {
  encodeInteractions,
  InteractionRows,
  StoredInteractionDecoder,
  uniqueByEventKey,
  type StoredInteractionBatch,
} from './interaction-rows';

const signed = (hi: number, lo: number): bigint => BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));

describe('uniqueByEventKey', () => {
  it('orders rows by signed 64-bit key and keeps the first of each key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat(5)), {
          maxLength: 300,
        }),
        (keys) => {
          const rows = new InteractionRows(4);
          keys.forEach(([hi, lo], i) =>
            rows.push({ hi, lo: lo * 0x10001 }, i, { hi: 0, lo: 0 }, { hi: 0, lo: 0 }, 0),
          );
          const { order, count, duplicates } = uniqueByEventKey(rows);
          const seen = new Map<bigint, number>();
          keys.forEach(([hi, lo], i) => {
            const k = signed(hi, lo * 0x10001);
            if (!seen.has(k)) seen.set(k, i);
          });
          const expected = [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, i]) => i);
          expect(Array.from(order.subarray(0, count))).toEqual(expected);
          expect(duplicates).toBe(keys.length - seen.size);
        },
      ),
    );
  });
});

describe('COPY binary rows', () => {
  it('decode what was encoded, however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
            actor: fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
            target: fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
            kind: fc.integer({ min: 0, max: 5 }),
          }),
          { maxLength: 60 },
        ),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        (items, cuts) => {
          const rows = new InteractionRows(2);
          for (const r of items)
            rows.push(
              { hi: 0, lo: 0 },
              r.at,
              { hi: r.actor[0], lo: r.actor[1] },
              { hi: r.target[0], lo: r.target[1] },
              r.kind as 0,
            );
          const order = Uint32Array.from(items.keys());
          // The encoder writes (occurred_at, actor, target, kind); the decoder reads the column
          // order a scoring run copies out: (actor, target, kind, occurred_at). Reorder to compare.
          const written = encodeInteractions(rows, order, items.length);
          const reordered = Buffer.alloc(written.length);
          written.copy(reordered, 0, 0, 19);
          for (let k = 0; k < items.length; k++) {
            const o = 19 + k * 44;
            reordered.writeInt16BE(4, o);
            written.copy(reordered, o + 2, o + 14, o + 26); // actor
            written.copy(reordered, o + 14, o + 26, o + 38); // target
            written.copy(reordered, o + 26, o + 38, o + 44); // kind
            written.copy(reordered, o + 32, o + 2, o + 14); // occurred_at
          }
          reordered.writeInt16BE(-1, reordered.length - 2);
          const decoded: Array<[number, number, number, number, number, number, number]> = [];
          const decoder = new StoredInteractionDecoder((b: StoredInteractionBatch) => {
            for (let i = 0; i < b.length; i++)
              decoded.push([
                b.occurredAt[i],
                b.actorHi[i],
                b.actorLo[i],
                b.targetHi[i],
                b.targetLo[i],
                b.kind[i],
                0,
              ]);
          }, 7);
          let at = 0;
          for (let c = 0; at < reordered.length; c++) {
            const size = cuts[c % cuts.length];
            decoder.push(reordered.subarray(at, at + size));
            at += size;
          }
          decoder.flush();
          expect(decoded).toEqual(
            items.map((r) => [r.at, r.actor[0], r.actor[1], r.target[0], r.target[1], r.kind, 0]),
          );
        },
      ),
    );
  });
});

describe('InteractionRows', () => {
  it('keeps every column through growth, and trims and restores them intact (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...Object.values(InteractionKind))), {
          maxLength: 2100,
        }),
        (events) => {
          const rows = new InteractionRows(1);
          events.forEach(([a, b, kind], i) =>
            rows.push({ hi: a, lo: b }, i * 1000, { hi: b, lo: i }, { hi: i, lo: a }, kind),
          );
          const { columns, buffers } = rows.trimmedColumns();
          expect(buffers).toHaveLength(8);
          const back = InteractionRows.fromColumns(columns);
          expect(back.length).toBe(events.length);
          events.forEach(([a, b, kind], i) => {
            expect([back.eventHi[i], back.eventLo[i], back.occurredAt[i], back.kind[i]]).toEqual([
              a,
              b,
              i * 1000,
              kind,
            ]);
            expect([back.actorHi[i], back.actorLo[i], back.targetHi[i], back.targetLo[i]]).toEqual([
              b,
              i,
              i,
              a,
            ]);
          });
          expect(columns.occurredAt).toBeInstanceOf(Float64Array);
          expect(columns.kind).toBeInstanceOf(Uint8Array);
          expect(columns.eventLo).toBeInstanceOf(Uint32Array);
        },
      ),
      { numRuns: 20 },
    );
  });
});
