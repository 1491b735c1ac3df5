/** A minimal QR encoder and PNG writer for the claim token (no image or QR package needed). */
export { QR_MAX_VERSION, encodeQr } from './qr-code';
export type { QrCode, QrErrorCorrection } from './qr-code';
export { qrDataUrl, qrPng } from './png';
export type { QrImageOptions } from './png';
