import { isIP } from 'node:net';

/**
 * Whether PerkRank may contact `address`: not loopback, private (RFC 1918, ULA), link-local
 * (which holds the cloud metadata service, 169.254.169.254), CGNAT, unspecified, multicast or
 * reserved, including those ranges written as IPv4-mapped IPv6.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const [a, b] = address.split('.').map(Number);
    if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
    if (a === 169 && b === 254) return false;
    if (a === 172 && b >= 16 && b <= 31) return false;
    if (a === 192 && b === 168) return false;
    if (a === 100 && b >= 64 && b <= 127) return false;
    if (a === 192 && b === 0) return false;
    if (a === 198 && (b === 18 || b === 19)) return false;
    // Documentation ranges (TEST-NET-2 and -3; TEST-NET-1 is in 192.0.0.0/16 above).
    if (a === 198 && b === 51) return false;
    if (a === 203 && b === 0) return false;
    return true;
  }
  if (family === 6) {
    const v = address.toLowerCase().replace(/^\[|\]$/g, '');
    if (v === '::' || v === '::1') return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
    if (mapped) return isPublicAddress(mapped[1]);
    if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(v)) {
      const [hi, lo] = v
        .slice(7)
        .split(':')
        .map((h) => parseInt(h, 16));
      return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    if (/^f[cd]/.test(v) || /^fe[89ab]/.test(v) || /^ff/.test(v)) return false;
    if (v.startsWith('64:ff9b:') || v.startsWith('2001:db8:') || v.startsWith('::')) return false;
    return true;
  }
  return false;
}
