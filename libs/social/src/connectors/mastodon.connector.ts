import { ConnectorError, ConnectorHttp, parseLinkHeader } from './connector-http';
import {
  DAY_MS,
  RECHECK_DAYS,
  type ConnectorEvent,
  type NetworkConnector,
  type NetworkProfile,
  type SyncResult,
  type SyncWindow,
} from './connector';
import { htmlToText } from './profile-text';

/** The parts of Mastodon's Account entity we read. */
interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  note?: string;
  fields?: Array<{ name: string; value: string }>;
  followers_count: number;
  following_count: number;
  statuses_count: number;
}

/** The parts of Mastodon's Status entity we read. */
interface MastodonStatus {
  id: string;
  uri: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: MastodonStatus | null;
  account: MastodonAccount;
}

interface KnownPost {
  id: string;
  uri: string;
  at: number;
  /** `since_id` cursors of the newest favourite/reblog seen (from the `prev` link). */
  fav?: string;
  reblog?: string;
}

/** What we keep between syncs (social_accounts.sync_state). */
interface MastodonState {
  localId?: string;
  newestStatusId?: string;
  posts?: KnownPost[];
}

const PAGE = 40;
/** A first sync of a very active account stops after this many pages of statuses. */
const MAX_STATUS_PAGES = 50;
const MAX_ENGAGEMENT_PAGES = 20;

export interface MastodonOptions {
  /** Tests: every request goes here instead of the handle's instance. */
  apiBase?: string;
  http?: ConnectorHttp;
}

/**
 * Mastodon over its public REST API: account lookup, the account's statuses (newest first, Link
 * header pages), and per status who favourited and reblogged it and the replies in its context.
 *
 * Network-native ids are canonical `user@domain`: instance-local numeric ids differ between
 * instances, and the same person engaging with members on two instances must be one actor.
 * Favourites and reblogs carry no timestamp in the API; they are dated by the status they are on
 * (most engagement comes within hours of posting).
 */
export class MastodonConnector implements NetworkConnector {
  readonly network = 'mastodon' as const;
  private readonly http: ConnectorHttp;

  constructor(private readonly options: MastodonOptions = {}) {
    this.http = options.http ?? new ConnectorHttp();
  }

  async profile(handle: string): Promise<NetworkProfile> {
    const { account, domain } = await this.lookup(handle);
    return this.toProfile(account, domain);
  }

  async sync(
    handle: string,
    stored: Record<string, unknown> | null,
    window: SyncWindow,
  ): Promise<SyncResult> {
    const before = this.http.requests;
    const { account, domain, base } = await this.lookup(handle);
    const self = this.toProfile(account, domain);
    const state = (stored ?? {}) as MastodonState;
    // A changed local id means the account was deleted and re-created: start over.
    const firstSync = state.localId !== account.id;
    const sinceId = firstSync ? undefined : state.newestStatusId;
    const known = new Map<string, KnownPost>();
    if (!firstSync) for (const p of state.posts ?? []) if (p.at >= window.from) known.set(p.id, p);

    const events: ConnectorEvent[] = [];
    const fresh = await this.newStatuses(base, account.id, sinceId, window);
    for (const status of fresh) {
      if (known.has(status.id)) continue;
      const at = Date.parse(status.created_at);
      const post: KnownPost = { id: status.id, uri: status.uri, at };
      known.set(status.id, post);
      events.push({
        eventId: `post:${status.uri}`,
        kind: 'post',
        actorId: self.nativeId,
        targetId: self.nativeId,
        occurredAt: at,
      });
      await this.engagement(base, domain, self.nativeId, account.id, post, events, true);
    }
    // Engagement keeps arriving for a few days: recent posts are looked at again, new items only.
    const freshIds = new Set(fresh.map((s) => s.id));
    for (const post of known.values()) {
      if (freshIds.has(post.id) || post.at < window.now - RECHECK_DAYS * DAY_MS) continue;
      await this.engagement(base, domain, self.nativeId, account.id, post, events, false);
    }

    const posts = [...known.values()]
      .filter((p) => p.at >= window.from)
      .sort((a, b) => compareIds(b.id, a.id));
    const newest = fresh.reduce<string | undefined>(
      (max, s) => (max === undefined || compareIds(s.id, max) > 0 ? s.id : max),
      sinceId,
    );
    const next: MastodonState = {
      localId: account.id,
      ...(newest !== undefined ? { newestStatusId: newest } : {}),
      posts,
    };
    return {
      events,
      followers: self.followers,
      following: self.following,
      postsInWindow: posts.length,
      state: next as Record<string, unknown>,
      requests: this.http.requests - before,
    };
  }

  private async lookup(handle: string): Promise<{ account: MastodonAccount; domain: string; base: string }> {
    const at = handle.lastIndexOf('@');
    if (at <= 0) throw new ConnectorError('not_found', 'A Mastodon handle needs its instance: user@instance');
    const username = handle.slice(0, at);
    const domain = handle.slice(at + 1).toLowerCase();
    const base = this.options.apiBase ?? `https://${domain}`;
    const res = await this.http.getJson<MastodonAccount | { error: string }>(
      `${base}/api/v1/accounts/lookup?acct=${encodeURIComponent(username)}`,
    );
    if (res.status === 404 || res.status === 410)
      throw new ConnectorError('not_found', 'No such Mastodon account');
    if (res.status !== 200 || !('id' in res.body))
      throw new ConnectorError('invalid_response', `account lookup answered ${res.status}`);
    return { account: res.body, domain, base };
  }

  private toProfile(account: MastodonAccount, domain: string): NetworkProfile {
    const fields = (account.fields ?? []).map((f) => `${f.name} ${htmlToText(f.value)}`).join('\n');
    return {
      nativeId: canonicalAcct(account.acct, domain),
      handle: canonicalAcct(account.acct, domain),
      bio: `${htmlToText(account.note ?? '')}\n${fields}`,
      followers: account.followers_count,
      following: account.following_count,
      posts: account.statuses_count,
    };
  }

  /**
   * The account's own statuses (not reblogs) inside the window: on a first sync newest first down
   * the `next` links until the window's start; afterwards only what is newer than the newest seen
   * (`min_id`, up the `prev` links), which is empty when nothing was posted.
   */
  private async newStatuses(
    base: string,
    localId: string,
    sinceId: string | undefined,
    window: SyncWindow,
  ): Promise<MastodonStatus[]> {
    const found: MastodonStatus[] = [];
    const query = `limit=${PAGE}&exclude_reblogs=true`;
    let url: string | undefined =
      sinceId === undefined
        ? `${base}/api/v1/accounts/${localId}/statuses?${query}`
        : `${base}/api/v1/accounts/${localId}/statuses?${query}&min_id=${sinceId}`;
    for (let page = 0; url !== undefined && page < MAX_STATUS_PAGES; page++) {
      const res: Awaited<ReturnType<ConnectorHttp['getJson']>> =
        await this.http.getJson<MastodonStatus[]>(url);
      if (res.status !== 200 || !Array.isArray(res.body))
        throw new ConnectorError('invalid_response', `statuses answered ${res.status}`);
      const statuses = res.body as MastodonStatus[];
      if (statuses.length === 0) break;
      let reachedStart = false;
      for (const s of statuses) {
        if (s.reblog) continue;
        if (Date.parse(s.created_at) < window.from) {
          reachedStart = true;
          continue;
        }
        found.push(s);
      }
      const links = parseLinkHeader(res.headers.get('link'));
      url = sinceId === undefined ? (reachedStart ? undefined : links.next) : links.prev;
    }
    return found;
  }

  /** Favourites, reblogs and direct replies of one of the member's posts. */
  private async engagement(
    base: string,
    domain: string,
    self: string,
    localId: string,
    post: KnownPost,
    events: ConnectorEvent[],
    everything: boolean,
  ): Promise<void> {
    const favourites = await this.accountsPages(
      `${base}/api/v1/statuses/${post.id}/favourited_by?limit=${PAGE}${!everything && post.fav ? `&since_id=${post.fav}` : ''}`,
    );
    if (favourites.since) post.fav = favourites.since;
    for (const a of favourites.accounts) {
      const actor = canonicalAcct(a.acct, domain);
      if (actor !== self)
        events.push({
          eventId: `fav:${post.uri}:${actor}`,
          kind: 'like',
          actorId: actor,
          targetId: self,
          occurredAt: post.at,
        });
    }
    const reblogs = await this.accountsPages(
      `${base}/api/v1/statuses/${post.id}/reblogged_by?limit=${PAGE}${!everything && post.reblog ? `&since_id=${post.reblog}` : ''}`,
    );
    if (reblogs.since) post.reblog = reblogs.since;
    for (const a of reblogs.accounts) {
      const actor = canonicalAcct(a.acct, domain);
      if (actor !== self)
        events.push({
          eventId: `reblog:${post.uri}:${actor}`,
          kind: 'share',
          actorId: actor,
          targetId: self,
          occurredAt: post.at,
        });
    }
    const context = await this.http.getJson<{ ancestors: MastodonStatus[]; descendants: MastodonStatus[] }>(
      `${base}/api/v1/statuses/${post.id}/context`,
    );
    if (context.status === 404) return;
    if (context.status !== 200 || !Array.isArray(context.body.descendants))
      throw new ConnectorError('invalid_response', `context answered ${context.status}`);
    for (const reply of context.body.descendants) {
      if (reply.in_reply_to_account_id !== localId) continue;
      const actor = canonicalAcct(reply.account.acct, domain);
      if (actor === self) continue;
      events.push({
        eventId: `reply:${reply.uri}`,
        kind: 'reply',
        actorId: actor,
        targetId: self,
        occurredAt: Date.parse(reply.created_at),
      });
    }
  }

  /**
   * Every page of an accounts list (favourited_by, reblogged_by), newest first along `next`;
   * `since` is the cursor of the newest item (the `prev` link's since_id), for the next recheck.
   */
  private async accountsPages(url: string): Promise<{ accounts: MastodonAccount[]; since?: string }> {
    const accounts: MastodonAccount[] = [];
    let since: string | undefined;
    let next: string | undefined = url;
    for (let page = 0; next !== undefined && page < MAX_ENGAGEMENT_PAGES; page++) {
      const res: Awaited<ReturnType<ConnectorHttp['getJson']>> =
        await this.http.getJson<MastodonAccount[]>(next);
      if (res.status === 404) break;
      if (res.status !== 200 || !Array.isArray(res.body))
        throw new ConnectorError('invalid_response', `accounts list answered ${res.status}`);
      const items = res.body as MastodonAccount[];
      if (items.length === 0) break;
      accounts.push(...items);
      const links = parseLinkHeader(res.headers.get('link'));
      if (page === 0 && links.prev)
        since =
          new URL(links.prev).searchParams.get('since_id') ??
          new URL(links.prev).searchParams.get('min_id') ??
          undefined;
      next = links.next;
    }
    return { accounts, since };
  }
}

/** `user` (local to `domain`) or `user@other` → lower-case `user@domain`. */
export function canonicalAcct(acct: string, domain: string): string {
  const value = acct.replace(/^@/, '').toLowerCase();
  return value.includes('@') ? value : `${value}@${domain.toLowerCase()}`;
}

/** Mastodon ids are numeric strings (snowflakes) that can exceed 2^53: compare by length, then text. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
