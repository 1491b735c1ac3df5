/**
 * A hash map from 64-bit pseudonyms (as two uint32 halves) to node numbers, on typed arrays:
 * a scoring run looks up two keys per stored interaction (40M lookups for 20M rows), where a
 * `Map` keyed by BigInt or string would allocate per lookup. Keys are SipHash outputs, already
 * uniform, so the low half is the slot hash; linear probing, grown at half load.
 */
export class KeyIndex {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** The value of the key, or -1. */
  get(hi: number, lo: number): number {
    const mask = this.mask;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v === -1) return -1;
      if (this.lo[slot] === lo && this.hi[slot] === hi) return v;
    }
  }

  /** The key's value; a new key gets `value` (which must be ≥ 0). */
  getOrAdd(hi: number, lo: number, value: number): number {
    const mask = this.mask;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const v = this.values[slot];
      if (v === -1) break;
      if (this.lo[slot] === lo && this.hi[slot] === hi) return v;
      slot = (slot + 1) & mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.values[slot] = value;
    if (++this.size * 2 > this.values.length) this.grow();
    return value;
  }

  /** Every (hi, lo, value) entry, in slot order. */
  forEach(visit: (hi: number, lo: number, value: number) => void): void {
    for (let slot = 0; slot < this.values.length; slot++) {
      const v = this.values[slot];
      if (v !== -1) visit(this.hi[slot], this.lo[slot], v);
    }
  }

  private grow(): void {
    const { hi, lo, values } = this;
    const capacity = values.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.size = 0;
    for (let slot = 0; slot < values.length; slot++)
      if (values[slot] !== -1) this.getOrAdd(hi[slot], lo[slot], values[slot]);
  }
}
