/**
 * A minimal QR code encoder (ISO/IEC 18004): byte mode, error correction L or M, versions 1–10,
 * with the standard mask selection. Enough for the claim token in a member's QR (about 100 bytes,
 * version 6-M) without a dependency; the construction follows the standard step by step:
 * bit stream → Reed–Solomon blocks → interleaving → function patterns → zig-zag placement →
 * the mask with the lowest penalty → format (and version) information.
 */

export type QrErrorCorrection = 'L' | 'M';

export interface QrCode {
  version: number;
  ecLevel: QrErrorCorrection;
  mask: number;
  /** Modules per side: 17 + 4 × version. */
  size: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
}

export const QR_MAX_VERSION = 10;

interface BlockSpec {
  /** EC codewords per block. */
  ec: number;
  /** Data codewords of each block, group 1 then group 2. */
  blocks: number[];
}

const repeat = (count: number, size: number): number[] => Array.from({ length: count }, () => size);

/** ISO 18004 table 9, versions 1–10, levels L and M. */
const BLOCKS: Record<QrErrorCorrection, BlockSpec[]> = {
  L: [
    { ec: 7, blocks: [19] },
    { ec: 10, blocks: [34] },
    { ec: 15, blocks: [55] },
    { ec: 20, blocks: [80] },
    { ec: 26, blocks: [108] },
    { ec: 18, blocks: repeat(2, 68) },
    { ec: 20, blocks: repeat(2, 78) },
    { ec: 24, blocks: repeat(2, 97) },
    { ec: 30, blocks: repeat(2, 116) },
    { ec: 18, blocks: [...repeat(2, 68), ...repeat(2, 69)] },
  ],
  M: [
    { ec: 10, blocks: [16] },
    { ec: 16, blocks: [28] },
    { ec: 26, blocks: [44] },
    { ec: 18, blocks: repeat(2, 32) },
    { ec: 24, blocks: repeat(2, 43) },
    { ec: 16, blocks: repeat(4, 27) },
    { ec: 18, blocks: repeat(4, 31) },
    { ec: 22, blocks: [...repeat(2, 38), ...repeat(2, 39)] },
    { ec: 22, blocks: [...repeat(3, 36), ...repeat(2, 37)] },
    { ec: 26, blocks: [...repeat(4, 43), 44] },
  ],
};

/** Alignment pattern centre coordinates per version (ISO 18004 annex E). */
const ALIGNMENT: number[][] = [
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];

/** Format-information EC bits: L = 01, M = 00. */
const EC_FORMAT_BITS: Record<QrErrorCorrection, number> = { L: 1, M: 0 };

export function blockSpec(version: number, ecLevel: QrErrorCorrection): BlockSpec {
  const spec = BLOCKS[ecLevel][version - 1];
  if (!spec) throw new RangeError(`QR version ${version} is not supported (1–${QR_MAX_VERSION})`);
  return spec;
}

export function dataCapacity(version: number, ecLevel: QrErrorCorrection): number {
  return blockSpec(version, ecLevel).blocks.reduce((a, b) => a + b, 0);
}

export function alignmentCentres(version: number): readonly number[] {
  return ALIGNMENT[version - 1] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Reed–Solomon over GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D).

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}

export function gfMultiply(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** The generator polynomial ∏ (x − α^i), i < degree, highest coefficient (1) dropped. */
function generator(degree: number): Uint8Array {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMultiply(poly[j], EXP[i]);
    }
    poly = next;
  }
  return Uint8Array.from(poly.slice(1));
}

/** The `degree` EC codewords of `data`: the remainder of data(x) · x^degree divided by the generator. */
export function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
  const gen = generator(degree);
  const rem = new Uint8Array(degree);
  for (const byte of data) {
    const factor = byte ^ rem[0];
    rem.copyWithin(0, 1);
    rem[degree - 1] = 0;
    for (let i = 0; i < degree; i++) rem[i] ^= gfMultiply(gen[i], factor);
  }
  return rem;
}

// ---------------------------------------------------------------------------------------------
// Format and version information (BCH codes).

/** The 15 format bits for an EC level and mask: BCH(15,5) with 0x537, XORed with 0x5412. */
export function formatBits(ecLevel: QrErrorCorrection, mask: number): number {
  const data = (EC_FORMAT_BITS[ecLevel] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | (rem & 0x3ff)) ^ 0x5412;
}

/** The 18 version bits (versions ≥ 7): BCH(18,6) with 0x1F25. */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | (rem & 0xfff);
}

const bit = (value: number, i: number): number => (value >>> i) & 1;

// ---------------------------------------------------------------------------------------------
// Codewords.

/** Mode 0100 (byte), the length, the bytes, terminator and padding, as data codewords. */
function dataCodewords(payload: Uint8Array, version: number, ecLevel: QrErrorCorrection): Uint8Array {
  const capacity = dataCapacity(version, ecLevel);
  const bits: number[] = [];
  const push = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--) bits.push(bit(value, i));
  };
  push(0b0100, 4);
  push(payload.length, version <= 9 ? 8 : 16);
  for (const byte of payload) push(byte, 8);
  push(0, Math.min(4, capacity * 8 - bits.length));
  while (bits.length % 8 !== 0) bits.push(0);
  const out = new Uint8Array(capacity);
  for (let i = 0; i < bits.length; i += 8) {
    let byte = 0;
    for (let j = 0; j < 8; j++) byte = (byte << 1) | bits[i + j];
    out[i / 8] = byte;
  }
  for (let i = bits.length / 8, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) out[i] = pad;
  return out;
}

/** Splits the data into blocks, adds each block's EC codewords and interleaves them. */
export function interleavedCodewords(
  data: Uint8Array,
  version: number,
  ecLevel: QrErrorCorrection,
): Uint8Array {
  const spec = blockSpec(version, ecLevel);
  const blocks: Uint8Array[] = [];
  const ecs: Uint8Array[] = [];
  let offset = 0;
  for (const length of spec.blocks) {
    const block = data.subarray(offset, offset + length);
    offset += length;
    blocks.push(block);
    ecs.push(reedSolomon(block, spec.ec));
  }
  const out: number[] = [];
  const longest = Math.max(...spec.blocks);
  for (let i = 0; i < longest; i++) for (const block of blocks) if (i < block.length) out.push(block[i]);
  for (let i = 0; i < spec.ec; i++) for (const ec of ecs) out.push(ec[i]);
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// The matrix.

class Matrix {
  readonly modules: Uint8Array;
  readonly reserved: Uint8Array;

  constructor(readonly size: number) {
    this.modules = new Uint8Array(size * size);
    this.reserved = new Uint8Array(size * size);
  }

  get(x: number, y: number): number {
    return this.modules[y * this.size + x];
  }

  /** A function module: drawn once, never masked, skipped by data placement. */
  fn(x: number, y: number, dark: number | boolean): void {
    this.modules[y * this.size + x] = dark ? 1 : 0;
    this.reserved[y * this.size + x] = 1;
  }
}

function drawFinder(m: Matrix, cx: number, cy: number): void {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const x = cx + dx;
      const y = cy + dy;
      if (x < 0 || y < 0 || x >= m.size || y >= m.size) continue;
      const d = Math.max(Math.abs(dx), Math.abs(dy));
      // Rings from the centre: 3×3 dark, light ring, dark ring, light separator.
      m.fn(x, y, d !== 2 && d !== 4);
    }
  }
}

function drawFunctionPatterns(m: Matrix, version: number): void {
  const size = m.size;
  for (let i = 0; i < size; i++) {
    m.fn(6, i, i % 2 === 0);
    m.fn(i, 6, i % 2 === 0);
  }
  drawFinder(m, 3, 3);
  drawFinder(m, size - 4, 3);
  drawFinder(m, 3, size - 4);
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      // The three corners hold finder patterns.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++)
          m.fn(centres[i] + dx, centres[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  // Reserve the format areas now (drawn for real once the mask is chosen), and the dark module.
  drawFormat(m, 0);
  if (version >= 7) drawVersion(m, version);
}

/** Both copies of the 15 format bits around the finders, and the always-dark module. */
function drawFormat(m: Matrix, bits: number): void {
  const size = m.size;
  for (let i = 0; i <= 5; i++) m.fn(8, i, bit(bits, i));
  m.fn(8, 7, bit(bits, 6));
  m.fn(8, 8, bit(bits, 7));
  m.fn(7, 8, bit(bits, 8));
  for (let i = 9; i < 15; i++) m.fn(14 - i, 8, bit(bits, i));
  for (let i = 0; i < 8; i++) m.fn(size - 1 - i, 8, bit(bits, i));
  for (let i = 8; i < 15; i++) m.fn(8, size - 15 + i, bit(bits, i));
  m.fn(8, size - 8, 1);
}

function drawVersion(m: Matrix, version: number): void {
  const bits = versionBits(version);
  for (let i = 0; i < 18; i++) {
    const a = m.size - 11 + (i % 3);
    const b = Math.floor(i / 3);
    m.fn(a, b, bit(bits, i));
    m.fn(b, a, bit(bits, i));
  }
}

/**
 * Visits the data modules in placement order: two-column strips from the right, alternately
 * upwards and downwards, skipping the vertical timing column. Shared by encoder and tests.
 */
export function forEachDataModule(
  size: number,
  isFunction: (x: number, y: number) => boolean,
  visit: (x: number, y: number) => void,
): void {
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (!isFunction(x, y)) visit(x, y);
      }
    }
  }
}

export function maskApplies(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    case 7:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      throw new RangeError(`no QR mask ${mask}`);
  }
}

function applyMask(m: Matrix, mask: number): void {
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++)
      if (!m.reserved[y * m.size + x] && maskApplies(mask, x, y)) m.modules[y * m.size + x] ^= 1;
}

const FINDER_LIKE = [
  [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1],
];

/** The standard's four penalty rules; the encoder keeps the mask that scores lowest. */
export function penalty(modules: Uint8Array, size: number): number {
  const at = (x: number, y: number): number => modules[y * size + x];
  let score = 0;
  for (let pass = 0; pass < 2; pass++) {
    const get = pass === 0 ? at : (x: number, y: number) => at(y, x);
    for (let y = 0; y < size; y++) {
      let run = 1;
      for (let x = 1; x <= size; x++) {
        if (x < size && get(x, y) === get(x - 1, y)) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      for (let x = 0; x + 11 <= size; x++) {
        for (const pattern of FINDER_LIKE) {
          let match = true;
          for (let k = 0; k < 11 && match; k++) match = get(x + k, y) === pattern[k];
          if (match) score += 40;
        }
      }
    }
  }
  for (let y = 0; y + 1 < size; y++)
    for (let x = 0; x + 1 < size; x++) {
      const c = at(x, y);
      if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
    }
  let dark = 0;
  for (const module of modules) dark += module;
  const total = size * size;
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return score;
}

/**
 * Encodes `payload` in byte mode at the smallest version (1–10) that holds it at `ecLevel`
 * (default M: 15 % of the symbol may be damaged, plenty for a phone screen).
 */
export function encodeQr(payload: string | Uint8Array, ecLevel: QrErrorCorrection = 'M'): QrCode {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  let version = 1;
  // Mode (4) + count (8, or 16 from version 10) + the bytes must fit the data codewords.
  while (4 + (version <= 9 ? 8 : 16) + bytes.length * 8 > dataCapacity(version, ecLevel) * 8) {
    version++;
    if (version > QR_MAX_VERSION)
      throw new RangeError(`${bytes.length} bytes do not fit a version ${QR_MAX_VERSION}-${ecLevel} QR code`);
  }
  const size = 17 + 4 * version;
  const m = new Matrix(size);
  drawFunctionPatterns(m, version);

  const codewords = interleavedCodewords(dataCodewords(bytes, version, ecLevel), version, ecLevel);
  let i = 0;
  forEachDataModule(
    size,
    (x, y) => m.reserved[y * size + x] === 1,
    (x, y) => {
      // Past the codewords come the remainder bits, which are 0.
      if (i < codewords.length * 8) m.modules[y * size + x] = bit(codewords[i >>> 3], 7 - (i & 7));
      i++;
    },
  );

  let best = { mask: 0, score: Infinity };
  for (let mask = 0; mask < 8; mask++) {
    applyMask(m, mask);
    drawFormat(m, formatBits(ecLevel, mask));
    const score = penalty(m.modules, size);
    if (score < best.score) best = { mask, score };
    applyMask(m, mask); // XOR again undoes it
  }
  applyMask(m, best.mask);
  drawFormat(m, formatBits(ecLevel, best.mask));
  return { version, ecLevel, mask: best.mask, size, modules: m.modules };
}
