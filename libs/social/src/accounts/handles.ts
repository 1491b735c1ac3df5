/**
 * Handles as members type them, checked and normalised per network, and the verification token
 * they put in their profile. Pure: no I/O.
 */
import { randomBytes } from 'node:crypto';
import type { Network } from '@perkrank/reference';
import { normaliseHandle } from '../interactions/interaction-validation';

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const RULES: Record<Network, { test: (h: string) => boolean; example: string }> = {
  mastodon: {
    // user@instance: the instance is where the connector reads the profile.
    test: (h) => {
      const at = h.lastIndexOf('@');
      return at > 0 && /^[a-z0-9_][a-z0-9_.-]{0,63}$/.test(h.slice(0, at)) && HOSTNAME.test(h.slice(at + 1));
    },
    example: 'mia@mastodon.social',
  },
  bluesky: { test: (h) => HOSTNAME.test(h), example: 'mia.bsky.social' },
  x: { test: (h) => /^[a-z0-9_]{1,15}$/.test(h), example: 'mia_travels' },
  instagram: { test: (h) => /^[a-z0-9._]{1,30}$/.test(h), example: 'mia.travels' },
  youtube: { test: (h) => /^[a-z0-9._-]{3,30}$/.test(h), example: 'miatravels' },
  tiktok: { test: (h) => /^[a-z0-9._]{2,24}$/.test(h), example: 'mia.travels' },
  facebook: { test: (h) => /^[a-z0-9.]{5,50}$/.test(h), example: 'mia.travels' },
};

/** The stored form of a handle, or undefined when it is not a valid handle on that network. */
export function parseHandle(network: Network, handle: string): string | undefined {
  const normalised = normaliseHandle(handle);
  return RULES[network].test(normalised) ? normalised : undefined;
}

export function handleExample(network: Network): string {
  return RULES[network].example;
}

/** A one-time token: short enough to paste into a bio, unguessable (80 bits). */
export function newVerificationToken(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let token = 'perkrank-';
  for (let i = 0; i < 16; i++) token += alphabet[bytes[i] & 31];
  return token;
}

export type VerificationMethod = 'profile_bio' | 'admin_review';

export function verificationInstructions(
  network: Network,
  method: VerificationMethod,
  token: string,
): string {
  const where =
    network === 'mastodon' ? 'profile bio (or one of your profile fields)' : 'profile description';
  return method === 'profile_bio'
    ? `Add ${token} to your ${network === 'bluesky' ? 'Bluesky' : 'Mastodon'} ${where}, then call POST /v1/me/social-accounts/{id}/verify. You can remove it once the account is verified.`
    : `Add ${token} to your ${network} profile bio. A PerkRank admin checks it and verifies the account; you can remove it afterwards.`;
}
