import {
  adjustmentProduct,
  followerSpikeAdjustment,
  massFollowingAdjustment,
  reciprocityFacts,
  reciprocityRingAdjustment,
} from './adjustments';
import { buildCsr } from './csr';

/** A graph from "a>b:w" strings. */
function graph(nodeCount: number, spec: string[]) {
  const list = spec.map((s) => {
    const [pair, w] = s.split(':');
    const [a, b] = pair.split('>').map(Number);
    return [a, b, Number(w ?? 1)];
  });
  return buildCsr({
    nodeCount,
    src: Int32Array.from(list, (e) => e[0]),
    dst: Int32Array.from(list, (e) => e[1]),
    weight: Float32Array.from(list, (e) => e[2]),
  });
}

describe('reciprocity rings', () => {
  // 0, 1, 2 like each other; 3 and 4 engage 0 one-way; 0 engages 5 one-way.
  const ring = graph(6, ['0>1', '1>0', '0>2', '2>0', '1>2', '2>1', '3>0:0.5', '4>0:0.5', '0>5']);

  it('measures the reciprocal share of engagement, the partners and their density', () => {
    expect(reciprocityFacts(ring, 0)).toEqual({ share: 2 / 3, partners: 2, density: 1 });
    expect(reciprocityFacts(ring, 5)).toEqual({ share: 0, partners: 0, density: 0 });
  });

  it('scales the factor from 1 at a 40 % reciprocal share to 0.5 at 70 %', () => {
    expect(reciprocityRingAdjustment({ share: 0.4, partners: 5, density: 1 })).toBeUndefined();
    expect(reciprocityRingAdjustment({ share: 0.55, partners: 5, density: 1 })?.factor).toBeCloseTo(0.75, 12);
    expect(reciprocityRingAdjustment({ share: 0.95, partners: 5, density: 1 })?.factor).toBe(0.5);
  });

  it('leaves sparse mutual engagement and single partners alone', () => {
    expect(reciprocityRingAdjustment({ share: 0.9, partners: 5, density: 0.2 })).toBeUndefined();
    expect(reciprocityRingAdjustment({ share: 1, partners: 1, density: 0 })).toBeUndefined();
  });

  it('flags a pure ring with its reason', () => {
    const pure = graph(3, ['0>1', '1>0', '0>2', '2>0', '1>2', '2>1']);
    const adjustment = reciprocityRingAdjustment(reciprocityFacts(pure, 0));
    expect(adjustment).toEqual({
      kind: 'reciprocity-ring',
      factor: 0.5,
      reason: expect.stringContaining(
        '100 % of the engagement you receive comes from 2 accounts you engage back',
      ) as string,
    });
  });
});

describe('mass-following', () => {
  it.each([
    [1501, 700, true],
    [1500, 100, false],
    [3000, 1500, false],
    [3000, 1499, true],
  ])('following %d with %d followers → flagged %s', (following, followers, flagged) => {
    expect(
      massFollowingAdjustment([
        { followers: 10, following: 10 },
        { followers, following },
      ])?.factor,
    ).toBe(flagged ? 0.85 : undefined);
  });

  it('writes counts with separators in the reason', () => {
    expect(massFollowingAdjustment([{ followers: 1200, following: 5000 }])?.reason).toContain(
      'follows 5,000 and is followed by 1,200',
    );
  });
});

describe('follower spikes', () => {
  it.each([
    [0, 0, undefined],
    [10_000, 99, 0.985],
    [10_000, 100, undefined],
  ])('spike %d with %d engagers → %s', (spike, engagers, factor) => {
    expect(followerSpikeAdjustment(spike, engagers)?.factor).toBe(factor);
  });
});

describe('adjustmentProduct', () => {
  it('multiplies factors and never goes below 0.5', () => {
    expect(adjustmentProduct([])).toBe(1);
    expect(adjustmentProduct([{ kind: 'mass-following', factor: 0.85, reason: '' }])).toBe(0.85);
    expect(
      adjustmentProduct([
        { kind: 'reciprocity-ring', factor: 0.5, reason: '' },
        { kind: 'mass-following', factor: 0.85, reason: '' },
      ]),
    ).toBe(0.5);
  });
});
