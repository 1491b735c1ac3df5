import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import {
  alignmentCentres,
  blockSpec,
  encodeQr,
  forEachDataModule,
  formatBits,
  maskApplies,
  type QrCode,
  reedSolomon,
  versionBits,
} from './qr-code';
import { crc32, qrDataUrl, qrPng } from './png';

const dark = (qr: QrCode, x: number, y: number): number => qr.modules[y * qr.size + x];

/** The function modules of a symbol, worked out here from the standard's layout, independently. */
function functionMap(version: number): (x: number, y: number) => boolean {
  const size = 17 + 4 * version;
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  return (x, y) => {
    if (x === 6 || y === 6) return true; // timing
    if ((x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8)) return true; // finders + format
    if (
      version >= 7 &&
      ((x >= size - 11 && x < size - 8 && y < 6) || (y >= size - 11 && y < size - 8 && x < 6))
    )
      return true; // version information
    for (let i = 0; i <= last; i++)
      for (let j = 0; j <= last; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
        if (Math.abs(x - centres[i]) <= 2 && Math.abs(y - centres[j]) <= 2) return true;
      }
    return false;
  };
}

function readFormat(qr: QrCode): [number, number] {
  const s = qr.size;
  let first = 0;
  let second = 0;
  const set = (value: number, i: number, x: number, y: number): number => value | (dark(qr, x, y) << i);
  for (let i = 0; i <= 5; i++) first = set(first, i, 8, i);
  first = set(first, 6, 8, 7);
  first = set(first, 7, 8, 8);
  first = set(first, 8, 7, 8);
  for (let i = 9; i < 15; i++) first = set(first, i, 14 - i, 8);
  for (let i = 0; i < 8; i++) second = set(second, i, s - 1 - i, 8);
  for (let i = 8; i < 15; i++) second = set(second, i, 8, s - 15 + i);
  return [first, second];
}

/** Reads the codewords back (unmasked), splits the blocks and returns the decoded byte payload. */
function readPayload(qr: QrCode): Uint8Array {
  const isFunction = functionMap(qr.version);
  const bits: number[] = [];
  forEachDataModule(qr.size, isFunction, (x, y) => {
    bits.push(dark(qr, x, y) ^ (maskApplies(qr.mask, x, y) ? 1 : 0));
  });
  const spec = blockSpec(qr.version, qr.ecLevel);
  const total = spec.blocks.reduce((a, b) => a + b, 0) + spec.ec * spec.blocks.length;
  // Every module not in a function pattern carries a codeword bit, except the few remainder bits.
  expect(bits.length - total * 8).toBe(qr.version === 1 || qr.version >= 7 ? 0 : 7);
  const codewords = Uint8Array.from({ length: total }, (_, i) =>
    bits.slice(i * 8, i * 8 + 8).reduce((byte, b) => (byte << 1) | b, 0),
  );
  const blocks = spec.blocks.map((length) => ({ data: [] as number[], ec: [] as number[], length }));
  let k = 0;
  for (let i = 0; i < Math.max(...spec.blocks); i++)
    for (const block of blocks) if (i < block.length) block.data.push(codewords[k++]);
  for (let i = 0; i < spec.ec; i++) for (const block of blocks) block.ec.push(codewords[k++]);
  for (const block of blocks)
    expect([...reedSolomon(Uint8Array.from(block.data), spec.ec)]).toEqual(block.ec);

  const data = blocks.flatMap((block) => block.data);
  const stream = data.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
  let at = 0;
  const take = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++) value = (value << 1) | stream[at++];
    return value;
  };
  expect(take(4)).toBe(0b0100); // byte mode
  const length = take(qr.version <= 9 ? 8 : 16);
  return Uint8Array.from({ length }, () => take(8));
}

function expectFinder(qr: QrCode, left: number, top: number): void {
  for (let dy = 0; dy < 7; dy++)
    for (let dx = 0; dx < 7; dx++) {
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      expect(dark(qr, left + dx, top + dy)).toBe(ring === 2 ? 0 : 1);
    }
}

describe('QR building blocks against published values', () => {
  it('computes the Reed–Solomon codewords of the standard "HELLO WORLD" 1-M example', () => {
    const data = Uint8Array.from([32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]);
    expect([...reedSolomon(data, 10)]).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('computes the format bits of the standard table', () => {
    const table: Array<['L' | 'M', number, string]> = [
      ['L', 0, '111011111000100'],
      ['L', 4, '110011000101111'],
      ['L', 7, '110100101110110'],
      ['M', 0, '101010000010010'],
      ['M', 5, '100000011001110'],
      ['M', 7, '100101010100000'],
    ];
    for (const [level, mask, bits] of table)
      expect(formatBits(level, mask).toString(2).padStart(15, '0')).toBe(bits);
  });

  it('computes the version bits of the standard table', () => {
    expect(versionBits(7).toString(2).padStart(18, '0')).toBe('000111110010010100');
    expect(versionBits(10).toString(2).padStart(18, '0')).toBe('001010010011010011');
  });
});

describe('encodeQr', () => {
  const token = `v1.${Buffer.from('0190f5c2-6b7e-7a3c-9f00-123456789abc').toString('base64url')}.${'A'.repeat(43)}`;

  it('puts a claim token in a version 6-M symbol with every structural part in place', () => {
    const qr = encodeQr(token);
    expect(token).toHaveLength(95);
    expect(qr).toMatchObject({ version: 6, ecLevel: 'M', size: 41 });
    expectFinder(qr, 0, 0);
    expectFinder(qr, qr.size - 7, 0);
    expectFinder(qr, 0, qr.size - 7);
    for (let i = 8; i < qr.size - 8; i++) {
      expect(dark(qr, i, 6)).toBe(i % 2 === 0 ? 1 : 0);
      expect(dark(qr, 6, i)).toBe(i % 2 === 0 ? 1 : 0);
    }
    // The one alignment pattern of version 6, centred on (34, 34).
    expect(dark(qr, 34, 34)).toBe(1);
    expect(dark(qr, 33, 34)).toBe(0);
    expect(dark(qr, 32, 34)).toBe(1);
    expect(dark(qr, 8, qr.size - 8)).toBe(1); // the dark module
    const [first, second] = readFormat(qr);
    expect(first).toBe(second);
    expect(first).toBe(formatBits('M', qr.mask));
    expect(Buffer.from(readPayload(qr)).toString('utf8')).toBe(token);
  });

  it('round-trips any payload of up to 200 bytes at L and M, versions 1–10, version bits included', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom<'L' | 'M'>('L', 'M'),
        (payload, level) => {
          const qr = encodeQr(payload, level);
          expect(qr.size).toBe(17 + 4 * qr.version);
          const [first, second] = readFormat(qr);
          expect([first, second]).toEqual([formatBits(level, qr.mask), formatBits(level, qr.mask)]);
          if (qr.version >= 7) {
            let read = 0;
            for (let i = 0; i < 18; i++) read |= dark(qr, qr.size - 11 + (i % 3), Math.floor(i / 3)) << i;
            expect(read).toBe(versionBits(qr.version));
          }
          expect([...readPayload(qr)]).toEqual([...payload]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a payload too large for version 10', () => {
    expect(() => encodeQr(new Uint8Array(300), 'M')).toThrow(RangeError);
  });
});

describe('qrPng / qrDataUrl', () => {
  it('writes a valid 1-bit PNG whose pixels are the modules, with a 4-module quiet zone', () => {
    const qr = encodeQr('hello');
    const scale = 3;
    const png = qrPng(qr, { scale });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: Array<{ type: string; data: Buffer }> = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.push({ type, data });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const side = (qr.size + 8) * scale;
    expect(chunks[0].data.readUInt32BE(0)).toBe(side);
    expect(chunks[0].data.readUInt32BE(4)).toBe(side);
    expect([...chunks[0].data.subarray(8)]).toEqual([1, 0, 0, 0, 0]);
    const raw = inflateSync(chunks[1].data);
    const stride = Math.ceil(side / 8);
    expect(raw.length).toBe((stride + 1) * side);
    const pixelDark = (x: number, y: number): number =>
      (raw[y * (stride + 1) + 1 + (x >> 3)] >> (7 - (x & 7))) & 1 ? 0 : 1;
    for (let y = 0; y < side; y++) {
      expect(raw[y * (stride + 1)]).toBe(0);
      for (let x = 0; x < side; x++) {
        const mx = Math.floor(x / scale) - 4;
        const my = Math.floor(y / scale) - 4;
        const inside = mx >= 0 && my >= 0 && mx < qr.size && my < qr.size;
        expect(pixelDark(x, y)).toBe(inside ? dark(qr, mx, my) : 0);
      }
    }
    expect(qrDataUrl(qr)).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  });
});
