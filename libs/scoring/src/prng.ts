/**
 * A small seeded PRNG (mulberry32) so that generated worlds are the same on every machine and
 * Node version; Math.random can be neither seeded nor replayed.
 */

// Local aliases: under Jest, global lookups like `Math.floor` in a hot loop run ~20× slower.
const { cos, floor, imul, log, pow, sqrt } = Math;
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  int(bound: number): number {
    return floor(this.next() * bound);
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple to replay). */
  normal(): number {
    const u = 1 - this.next();
    return sqrt(-2 * log(u)) * cos(2 * Math.PI * this.next());
  }

  /** Pareto with minimum 1 and tail index alpha: heavy-tailed sizes, finite mean when alpha > 1. */
  pareto(alpha: number): number {
    return pow(1 - this.next(), -1 / alpha);
  }

  /** A derived, independent stream, so adding draws to one part of a generator doesn't shift another. */
  fork(salt: number): Prng {
    return new Prng(hash32(this.state ^ imul(salt, 0x9e3779b1)));
  }
}

/** 32-bit integer mix (murmur3 finaliser). */
export function hash32(x: number): number {
  x = imul(x ^ (x >>> 16), 0x85ebca6b);
  x = imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution, which is what lets the
 * world generator emit tens of millions of events in seconds.
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('an alias table needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    if (!(total > 0)) throw new RangeError('alias table weights must have a positive sum');
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const s = small[--smallCount];
      const l = large[largeCount - 1];
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        largeCount--;
        small[smallCount++] = l;
      }
    }
    while (largeCount > 0) this.probability[large[--largeCount]] = 1;
    while (smallCount > 0) this.probability[small[--smallCount]] = 1;
  }

  sample(random: Prng): number {
    const u = random.next() * this.probability.length;
    const i = floor(u);
    return u - i < this.probability[i] ? i : this.alias[i];
  }
}
