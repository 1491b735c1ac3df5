import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reads the text out of a QR code PNG data URL with decoders the product does not use (pngjs for
 * the image, jsQR for the symbol), as a desk scanner would; undefined when no code is found.
 */
export function decodeQrDataUrl(dataUrl: string): string | undefined {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+=*)$/.exec(dataUrl);
  if (!match) throw new Error(`not a PNG data URL: ${dataUrl.slice(0, 40)}…`);
  const png = PNG.sync.read(Buffer.from(match[1], 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height, { inversionAttempts: 'dontInvert' })
    ?.data;
}
