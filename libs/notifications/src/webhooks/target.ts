import { isIP } from 'node:net';
import { isPublicAddress } from '@perkrank/core';

/**
 * True for an address a webhook may not reach in production: the one rule core keeps for every
 * member- or brand-named host (loopback, private, link-local, metadata, reserved).
 */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
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
