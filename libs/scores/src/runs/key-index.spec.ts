import fc from 'fast-check';
import { KeyIndex } from './key-index';

describe('KeyIndex', () => {
  it('behaves like a Map from (hi, lo) to the first value given', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(40)), { maxLength: 3000 }), (keys) => {
        const index = new KeyIndex(4);
        const model = new Map<string, number>();
        keys.forEach(([hi, lo], i) => {
          // Small key ranges force collisions and probing; large multipliers spread the halves.
          const h = (hi * 0x9e3779b1) >>> 0;
          const l = (lo * 0x85ebca6b) >>> 0;
          const expected = model.get(`${h}:${l}`) ?? i;
          model.set(`${h}:${l}`, expected);
          expect(index.getOrAdd(h, l, i)).toBe(expected);
        });
        expect(index.size).toBe(model.size);
        for (const [key, value] of model) {
          const [h, l] = key.split(':').map(Number);
          expect(index.get(h, l)).toBe(value);
        }
        expect(index.get(0xffffffff, 0xfffffffe)).toBe(-1);
        let visited = 0;
        index.forEach(() => visited++);
        expect(visited).toBe(model.size);
      }),
      { numRuns: 50 },
    );
  });
});
