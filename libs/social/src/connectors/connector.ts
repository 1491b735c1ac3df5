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
  /**
   * Where the verified identity lives (Mastodon: the host serving the API and the account's
   * local id), kept as the first sync state: later syncs read that account, never a name.
   */
  binding?: Record<string, unknown>;
}

/** The account a sync reads: its stored handle and native id, and the state of the last sync. */
export interface SyncTarget {
  handle: string;
  nativeId: string | null;
  state: Record<string, unknown> | null;
}

/**
 * Receives a sync's progress page by page: the events found since the last checkpoint and the
 * state to resume from. Stored together, a sync cut short (rate limit, crash) resumes there.
 */
export interface SyncProgress {
  checkpoint(events: ConnectorEvent[], state: Record<string, unknown>): Promise<void>;
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
  /** The account's current handle when the network says it changed (Bluesky renames). */
  handle?: string;
}

/** A network's public API as PerkRank reads it. */
export interface NetworkConnector {
  readonly network: 'mastodon' | 'bluesky';
  /** Throws ConnectorError('not_found') when no such account exists. */
  profile(handle: string): Promise<NetworkProfile>;
  /**
   * Fetches what is new since `target.state` (everything in the window when there is none). With
   * `progress`, events are handed over at each checkpoint and the result holds only the rest.
   */
  sync(target: SyncTarget, window: SyncWindow, progress?: SyncProgress): Promise<SyncResult>;
}

/** Days after publication during which a post's engagement is checked again on every sync. */
export const RECHECK_DAYS = 7;
export const DAY_MS = 86_400_000;
