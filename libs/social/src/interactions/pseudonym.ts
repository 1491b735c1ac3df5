/**
 * Pseudonyms: actors who are not members are stored only as a keyed hash of network + id, and
 * event ids only as a keyed hash too (the raw ids can embed handles). The hash is SipHash-2-4, a
 * keyed pseudorandom function made for short inputs: without PSEUDONYM_KEY a stored value can't be
 * linked back to an account by hashing guesses, and at ~0.3 µs per id in plain JavaScript it keeps
 * bulk ingestion fast (an HMAC through node:crypto costs ~10× more per call).
 *
 * A hash is a signed 64-bit integer (Postgres `bigint`), kept as two 32-bit halves so hot loops
 * never allocate a BigInt. 64 bits are plenty: among the ~1M actors and ~20M events of a 90-day
 * window a collision is a one-in-a-million event, and its only effect is merging two actors or
 * dropping one event as a duplicate.
 */
import { createHash } from 'node:crypto';

/** A 128-bit SipHash key as four little-endian 32-bit words. */
export type SipKey = Uint32Array;

/** Derives independent keys for each use from the one secret (domain separation). */
export function deriveSipKey(secret: string, purpose: 'actor' | 'event'): SipKey {
  const digest = createHash('sha256').update(`perkrank:${purpose}:v1\0`).update(secret).digest();
  return new Uint32Array([
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  ]);
}

/** The two halves of a 64-bit hash; `hi` and `lo` are unsigned 32-bit values. */
export interface Hash64 {
  hi: number;
  lo: number;
}

const scratch = new Uint8Array(1024);
const encoder = new TextEncoder();

/**
 * SipHash-2-4 of `bytes[0..length)`. Written out on 32-bit halves with the rounds inlined: a
 * closure or helper call per round made it 3× slower in V8.
 */
export function sipHash(key: SipKey, bytes: Uint8Array, length: number, out: Hash64): Hash64 {
  let v0l = (key[0] ^ 0x70736575) >>> 0;
  let v0h = (key[1] ^ 0x736f6d65) >>> 0;
  let v1l = (key[2] ^ 0x6e646f6d) >>> 0;
  let v1h = (key[3] ^ 0x646f7261) >>> 0;
  let v2l = (key[0] ^ 0x6e657261) >>> 0;
  let v2h = (key[1] ^ 0x6c796765) >>> 0;
  let v3l = (key[2] ^ 0x79746573) >>> 0;
  let v3h = (key[3] ^ 0x74656462) >>> 0;
  let t: number;
  let s: number;
  const whole = length - (length & 7);
  let i = 0;
  // Message words, then one last word holding the tail bytes and the length.
  for (let block = 0; block <= whole; block += 8) {
    let ml: number;
    let mh: number;
    if (block < whole) {
      ml = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
      mh = (bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24)) >>> 0;
      i += 8;
    } else {
      ml = 0;
      mh = (length & 0xff) << 24;
      const rest = length & 7;
      for (let j = 0; j < rest; j++) {
        if (j < 4) ml |= bytes[i + j] << (8 * j);
        else mh |= bytes[i + j] << (8 * (j - 4));
      }
      ml >>>= 0;
      mh >>>= 0;
    }
    v3l = (v3l ^ ml) >>> 0;
    v3h = (v3h ^ mh) >>> 0;
    for (let r = 0; r < 2; r++) {
      s = (v0l + v1l) >>> 0;
      v0h = (v0h + v1h + (s < v0l ? 1 : 0)) >>> 0;
      v0l = s;
      t = v1l;
      v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
      v1h = ((v1h << 13) | (t >>> 19)) >>> 0;
      v1l = (v1l ^ v0l) >>> 0;
      v1h = (v1h ^ v0h) >>> 0;
      t = v0l;
      v0l = v0h;
      v0h = t;
      s = (v2l + v3l) >>> 0;
      v2h = (v2h + v3h + (s < v2l ? 1 : 0)) >>> 0;
      v2l = s;
      t = v3l;
      v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
      v3h = ((v3h << 16) | (t >>> 16)) >>> 0;
      v3l = (v3l ^ v2l) >>> 0;
      v3h = (v3h ^ v2h) >>> 0;
      s = (v0l + v3l) >>> 0;
      v0h = (v0h + v3h + (s < v0l ? 1 : 0)) >>> 0;
      v0l = s;
      t = v3l;
      v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
      v3h = ((v3h << 21) | (t >>> 11)) >>> 0;
      v3l = (v3l ^ v0l) >>> 0;
      v3h = (v3h ^ v0h) >>> 0;
      s = (v2l + v1l) >>> 0;
      v2h = (v2h + v1h + (s < v2l ? 1 : 0)) >>> 0;
      v2l = s;
      t = v1l;
      v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
      v1h = ((v1h << 17) | (t >>> 15)) >>> 0;
      v1l = (v1l ^ v2l) >>> 0;
      v1h = (v1h ^ v2h) >>> 0;
      t = v2l;
      v2l = v2h;
      v2h = t;
    }
    v0l = (v0l ^ ml) >>> 0;
    v0h = (v0h ^ mh) >>> 0;
  }
  v2l = (v2l ^ 0xff) >>> 0;
  for (let r = 0; r < 4; r++) {
    s = (v0l + v1l) >>> 0;
    v0h = (v0h + v1h + (s < v0l ? 1 : 0)) >>> 0;
    v0l = s;
    t = v1l;
    v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
    v1h = ((v1h << 13) | (t >>> 19)) >>> 0;
    v1l = (v1l ^ v0l) >>> 0;
    v1h = (v1h ^ v0h) >>> 0;
    t = v0l;
    v0l = v0h;
    v0h = t;
    s = (v2l + v3l) >>> 0;
    v2h = (v2h + v3h + (s < v2l ? 1 : 0)) >>> 0;
    v2l = s;
    t = v3l;
    v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
    v3h = ((v3h << 16) | (t >>> 16)) >>> 0;
    v3l = (v3l ^ v2l) >>> 0;
    v3h = (v3h ^ v2h) >>> 0;
    s = (v0l + v3l) >>> 0;
    v0h = (v0h + v3h + (s < v0l ? 1 : 0)) >>> 0;
    v0l = s;
    t = v3l;
    v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
    v3h = ((v3h << 21) | (t >>> 11)) >>> 0;
    v3l = (v3l ^ v0l) >>> 0;
    v3h = (v3h ^ v0h) >>> 0;
    s = (v2l + v1l) >>> 0;
    v2h = (v2h + v1h + (s < v2l ? 1 : 0)) >>> 0;
    v2l = s;
    t = v1l;
    v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
    v1h = ((v1h << 17) | (t >>> 15)) >>> 0;
    v1l = (v1l ^ v2l) >>> 0;
    v1h = (v1h ^ v2h) >>> 0;
    t = v2l;
    v2l = v2h;
    v2h = t;
  }
  out.hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  out.lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  return out;
}

/**
 * Hashes `prefix` + `text` (UTF-8). ASCII, by far the common case for network ids, is copied byte
 * by byte without an encoder call.
 */
export function sipHashString(key: SipKey, prefix: string, text: string, out: Hash64): Hash64 {
  const total = prefix.length + text.length;
  let ascii = total <= scratch.length;
  if (ascii) {
    let p = 0;
    for (let j = 0; j < prefix.length; j++) {
      const c = prefix.charCodeAt(j);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      scratch[p++] = c;
    }
    if (ascii) {
      for (let j = 0; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c > 0x7f) {
          ascii = false;
          break;
        }
        scratch[p++] = c;
      }
    }
    if (ascii) return sipHash(key, scratch, total, out);
  }
  const bytes = encoder.encode(prefix + text);
  return sipHash(key, bytes, bytes.length, out);
}

/** The signed 64-bit value of a hash, as Postgres shows it (tests, SQL parameters). */
export function hashToBigInt(hash: Hash64): bigint {
  return BigInt.asIntN(64, (BigInt(hash.hi) << 32n) | BigInt(hash.lo));
}

/** Keyed hashes of the two kinds the interaction store keeps. */
export class Pseudonymizer {
  private readonly actorKey: SipKey;
  private readonly eventKey: SipKey;

  constructor(secret: string) {
    this.actorKey = deriveSipKey(secret, 'actor');
    this.eventKey = deriveSipKey(secret, 'event');
  }

  /** The pseudonym of an account: network + its network-native id (exact, case-sensitive). */
  actor(network: string, nativeId: string, out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
    return sipHashString(this.actorKey, `${network}\0`, nativeId, out);
  }

  /** The stored form of an event id; the network is mixed in, as feeders of two networks may reuse ids. */
  event(network: string, eventId: string, out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
    return sipHashString(this.eventKey, `${network}\0`, eventId, out);
  }

  actorBigInt(network: string, nativeId: string): bigint {
    return hashToBigInt(this.actor(network, nativeId));
  }
}
