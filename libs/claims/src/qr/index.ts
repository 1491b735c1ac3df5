import { toBuffer, toDataURL } from 'qrcode';

/**
 * The image of a claim's QR code as a PNG data URL, drawn by the `qrcode` package. Error
 * correction M (15 % of the symbol may be unreadable: plenty for a phone screen under a desk
 * scanner), the standard 4-module quiet zone and 8 pixels a module, so a camera finds it at arm's
 * length. The payload is the signed claim token, never the claim code.
 */
export function claimQrDataUrl(token: string): Promise<string> {
  return toDataURL(token, { errorCorrectionLevel: 'M', margin: 4, scale: 8, type: 'image/png' });
}

/** The same image as {@link claimQrDataUrl}, as PNG bytes (for a mail's inline attachment). */
export function claimQrPng(token: string): Promise<Buffer> {
  return toBuffer(token, { errorCorrectionLevel: 'M', margin: 4, scale: 8, type: 'png' });
}
