/**
 * A 1-bit greyscale PNG writer (node:zlib for the deflate stream), enough to turn a QR matrix into
 * a data URL without an image library.
 */
import { deflateSync } from 'node:zlib';
import type { QrCode } from './qr-code';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `width` × `height` pixels where `dark(x, y)` says which are black. Rows are packed 8
 * pixels a byte, most significant bit first (in 1-bit greyscale, 0 is black), filter type 0.
 */
export function encodePng(width: number, height: number, dark: (x: number, y: number) => boolean): Buffer {
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc((stride + 1) * height, 0);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      if (!dark(x, y)) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface QrImageOptions {
  /** Pixels per module. */
  scale?: number;
  /** Light modules around the symbol; the standard asks for 4. */
  margin?: number;
}

/** The QR code as a PNG. */
export function qrPng(qr: QrCode, options: QrImageOptions = {}): Buffer {
  const scale = options.scale ?? 6;
  const margin = options.margin ?? 4;
  const side = (qr.size + 2 * margin) * scale;
  return encodePng(side, side, (x, y) => {
    const mx = Math.floor(x / scale) - margin;
    const my = Math.floor(y / scale) - margin;
    return mx >= 0 && my >= 0 && mx < qr.size && my < qr.size && qr.modules[my * qr.size + mx] === 1;
  });
}

/** `data:image/png;base64,…` of the QR code. */
export function qrDataUrl(qr: QrCode, options?: QrImageOptions): string {
  return `data:image/png;base64,${qrPng(qr, options).toString('base64')}`;
}
