import { BlockList, isIP } from 'node:net';

/** Addresses a webhook must never reach unless WEBHOOKS_ALLOW_PRIVATE: loopback, private, link-local, metadata, … */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook may not reach in production (IPv4-mapped IPv6 judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

export type TargetProblem = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * The rule for an endpoint URL: absolute http(s), no credentials, at most 2048 characters; unless
 * private targets are allowed, https only and no host that names or is a loopback/private address.
 * Hostnames are resolved again at every delivery and the connection goes only to an allowed
 * address (see WebhookSender), so DNS that changes later cannot turn an endpoint inwards.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): TargetProblem {
  if (raw.length > 2048) return { ok: false, reason: 'must be at most 2048 characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not contain credentials' };
  if (url.hash) return { ok: false, reason: 'must not contain a #fragment' };
  if (allowPrivate) return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, reason: 'must use https' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  )
    return { ok: false, reason: 'must not point at a local or internal host' };
  if (isIP(host) && isPrivateAddress(host))
    return { ok: false, reason: 'must not point at a loopback, private or link-local address' };
  if (!isIP(host) && !host.includes('.')) return { ok: false, reason: 'must name a public host' };
  return { ok: true, url };
}
