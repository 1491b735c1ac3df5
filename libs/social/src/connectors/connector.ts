import type { InteractionKindName } from '@perkrank/scoring';

/** What a network says about an account's public profile. */
export interface NetworkProfile {
  /** Stable network-native id: canonical `user@domain` on Mastodon, the DID on Bluesky. */
  nativeId: string;
  handle: string;
  /** The profile text a verification token is looked for in (bio, profile fields). */
  bio: string;
  followers: number;
  following: number;
  /** Posts published in total (the sync counts those in the window). */
  posts: number;
}

/** One public interaction a connector found, named by network-native ids. */
export interface ConnectorEvent {
  /** Deterministic, so a second sync finding the same interaction is a duplicate. */
  eventId: string;
  kind: InteractionKindName;
  actorId: string;
  targetId: string;
  occurredAt: number;
}

export interface SyncWindow {
  /** Oldest time still counted (ms). */
  from: number;
  now: number;
}

export interface SyncResult {
  events: ConnectorEvent[];
  followers: number;
  following: number;
  /** Own posts published inside the window, as far as the connector has seen them. */
  postsInWindow: number;
  /** Connector state to hand to the next sync (kept in social_accounts.sync_state). */
  state: Record<string, unknown>;
  requests: number;
}

/** A network's public API as PerkRank reads it. */
export interface NetworkConnector {
  readonly network: 'mastodon' | 'bluesky';
  /** Throws ConnectorError('not_found') when no such account exists. */
  profile(handle: string): Promise<NetworkProfile>;
  /** Fetches what is new since `state` (everything in the window when there is none). */
  sync(handle: string, state: Record<string, unknown> | null, window: SyncWindow): Promise<SyncResult>;
}

/** Days after publication during which a post's engagement is checked again on every sync. */
export const RECHECK_DAYS = 7;
export const DAY_MS = 86_400_000;
