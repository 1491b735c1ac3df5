/**
 * A hash map from 64-bit pseudonyms (as two uint32 halves) to node numbers, on one typed array:
 * a scoring run looks up two keys per stored interaction (40M lookups for 20M rows), where a
 * `Map` keyed by BigInt or string would allocate per lookup. A slot is four int32s — hi, lo,
 * value, unused — so a probe touches one cache line, not three arrays. Keys are SipHash outputs,
 * already uniform, so the low half mixed with the high is the slot hash; linear probing, grown
 * at half load.
 */
export class KeyIndex {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = KeyIndex.empty(capacity);
    this.mask = capacity - 1;
  }

  private static empty(capacity: number): Int32Array {
    const slots = new Int32Array(capacity * 4);
    for (let s = 2; s < slots.length; s += 4) slots[s] = -1;
    return slots;
  }

  /** The value of the key, or -1. */
  get(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const h = hi | 0;
    const l = lo | 0;
    for (let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const v = slots[at + 2];
      if (v === -1) return -1;
      if (slots[at + 1] === l && slots[at] === h) return v;
    }
  }

  /** The key's value; a new key gets `value` (which must be ≥ 0). */
  getOrAdd(hi: number, lo: number, value: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const h = hi | 0;
    const l = lo | 0;
    let at = ((l ^ Math.imul(h, 0x9e3779b1)) & mask) << 2;
    for (;;) {
      const v = slots[at + 2];
      if (v === -1) break;
      if (slots[at + 1] === l && slots[at] === h) return v;
      at = (at + 4) & ((mask << 2) | 3);
    }
    slots[at] = h;
    slots[at + 1] = l;
    slots[at + 2] = value;
    if (++this.size * 2 > mask + 1) this.grow();
    return value;
  }

  /** Every (hi, lo, value) entry, in slot order; hi and lo as unsigned halves. */
  forEach(visit: (hi: number, lo: number, value: number) => void): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 4) {
      const v = slots[at + 2];
      if (v !== -1) visit(slots[at] >>> 0, slots[at + 1] >>> 0, v);
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = KeyIndex.empty(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += 4)
      if (old[at + 2] !== -1) this.getOrAdd(old[at], old[at + 1], old[at + 2]);
  }
}
