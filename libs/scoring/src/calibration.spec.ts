import fc from 'fast-check';
import { calibrate, calibrationCurve } from './calibration';

/** 0, 1, …, n − 1 as raw values: quantile p sits at raw p × (n − 1). */
const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

describe('calibration', () => {
  const curve = calibrationCurve(ramp(100_001));

  it.each([
    [0, 1],
    [50_000, 40],
    [90_000, 60],
    [99_000, 75],
    [99_900, 85],
    [99_990, 95],
    [100_000, 100],
    [25_000, 20.5],
    [95_000, 60 + (15 * 5) / 9],
  ])('maps raw %d of a 0..100,000 ramp to %d', (raw, score) => {
    expect(calibrate(raw, curve)).toBeCloseTo(score, 9);
  });

  it('clamps values outside the population to the end knots', () => {
    expect(calibrate(-5, curve)).toBe(1);
    expect(calibrate(1e9, curve)).toBe(100);
  });

  it('puts a single member, or a population of equals, at the median score', () => {
    expect(calibrate(3, calibrationCurve([3]))).toBe(40);
    expect(calibrate(2, calibrationCurve([2, 2, 2, 2]))).toBe(40);
  });

  it('gives a raw value shared by several knots the middle of their scores', () => {
    // Over half the population at 0: the p0 and p50 knots coincide.
    const tied = calibrationCurve([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(calibrate(0, tied)).toBe((1 + 40) / 2);
  });

  it('is non-decreasing in raw and stays within 1..100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 300 }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (population, a, b) => {
          const c = calibrationCurve(population);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(calibrate(lo, c)).toBeLessThanOrEqual(calibrate(hi, c));
          expect(calibrate(lo, c)).toBeGreaterThanOrEqual(1);
          expect(calibrate(hi, c)).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 300 },
    );
  });
});
