import { ConnectorError, ConnectorHttp, parseLinkHeader } from './connector-http';
import {
  DAY_MS,
  RECHECK_DAYS,
  type ConnectorEvent,
  type NetworkConnector,
  type NetworkProfile,
  type SyncProgress,
  type SyncResult,
  type SyncTarget,
  type SyncWindow,
} from './connector';
import { htmlToText } from './profile-text';

/** The parts of Mastodon's Account entity we read. */
interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  uri?: string;
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

/** RFC 7033 JSON Resource Descriptor, as Mastodon answers WebFinger. */
interface Jrd {
  subject?: string;
  links?: Array<{ rel?: string; type?: string; href?: string }>;
}

/**
 * The verified identity: the host that serves the account's API (the instance's WEB_DOMAIN), the
 * account's id there, and its canonical `username@LOCAL_DOMAIN`. Syncs read this account by id.
 */
export interface MastodonBinding {
  host: string;
  localId: string;
  domain: string;
  username: string;
}

interface KnownPost {
  id: string;
  uri: string;
  at: number;
  /** `since_id` cursors of the newest favourite/reblog seen (from the `prev` link). */
  fav?: string;
  reblog?: string;
}

/** One post's engagement still to read: a step and, inside it, the next page. */
interface WorkItem {
  id: string;
  everything: boolean;
  step: 'fav' | 'reblog' | 'context';
  /** `max_id` of the next page of the current step. */
  cursor?: string;
  /** The `since_id` the first page's `prev` link gave (kept on the post when the step ends). */
  since?: string;
  pages?: number;
}

/** An unfinished sync: where it is, so that a sync cut short resumes from its last page. */
interface MastodonRun {
  phase: 'statuses' | 'engagement';
  incremental: boolean;
  maxId?: string;
  minId?: string;
  pages: number;
  newest?: string;
  fresh: string[];
  queue: WorkItem[];
}

/** What we keep between syncs (social_accounts.sync_state). */
interface MastodonState extends Partial<MastodonBinding> {
  newestStatusId?: string;
  posts?: KnownPost[];
  run?: MastodonRun;
}

const PAGE = 40;
/** A first sync of a very active account stops after this many pages of statuses. */
const MAX_STATUS_PAGES = 50;
const MAX_ENGAGEMENT_PAGES = 20;
const ID = /^[A-Za-z0-9]{1,40}$/;

export interface MastodonOptions {
  /** Tests: every request goes here instead of the handle's instance. */
  apiBase?: string;
  /** Tests: the base URL that stands for a host (default `https://<host>`). */
  instanceUrl?: (host: string) => string;
  http?: ConnectorHttp;
}

/**
 * Mastodon over its public REST API: WebFinger, account lookup, the account's statuses (newest
 * first, Link header pages), and per status who favourited and reblogged it and the replies in
 * its context.
 *
 * Network-native ids are canonical `user@domain`: instance-local numeric ids differ between
 * instances, and the same person engaging with members on two instances must be one actor.
 * The domain of a member's own id is the one they named (confirmed by WebFinger), never a
 * string the server returned. Favourites and reblogs carry no timestamp in the API; they are
 * dated by the status they are on. Logged out, `context` shows at most 60 replies (depth 20).
 */
export class MastodonConnector implements NetworkConnector {
  readonly network = 'mastodon' as const;
  private readonly http: ConnectorHttp;

  constructor(private readonly options: MastodonOptions = {}) {
    this.http = options.http ?? new ConnectorHttp();
  }

  async profile(handle: string): Promise<NetworkProfile> {
    const { account, binding } = await this.resolve(handle);
    return { ...this.toProfile(account, binding), binding: { ...binding } };
  }

  async sync(target: SyncTarget, window: SyncWindow, progress?: SyncProgress): Promise<SyncResult> {
    const before = this.http.requests;
    const state = structuredClone((target.state ?? {}) as MastodonState);
    const bound = bindingOf(state);
    const { account, binding } = bound
      ? { account: await this.byId(bound), binding: bound }
      : await this.resolve(target.handle);
    const self = this.toProfile(account, binding);
    // Another host or local id means the account was re-created (or newly bound): start over.
    if (state.localId !== binding.localId || state.host !== binding.host) {
      delete state.posts;
      delete state.newestStatusId;
      delete state.run;
    }
    Object.assign(state, binding);
    const known = new Map<string, KnownPost>();
    for (const p of state.posts ?? []) if (p.at >= window.from) known.set(p.id, p);
    const base = this.base(binding.host);
    const buffer: ConnectorEvent[] = [];
    const run: MastodonRun = state.run ?? {
      phase: 'statuses',
      incremental: state.newestStatusId !== undefined,
      ...(state.newestStatusId !== undefined ? { minId: state.newestStatusId } : {}),
      pages: 0,
      fresh: [],
      queue: [],
    };
    state.run = run;
    const save = (): MastodonState => ({
      ...state,
      posts: [...known.values()].filter((p) => p.at >= window.from).sort((a, b) => compareIds(b.id, a.id)),
    });
    const checkpoint = async (): Promise<void> => {
      if (progress) await progress.checkpoint(buffer.splice(0), save() as Record<string, unknown>);
    };

    while (run.phase === 'statuses') {
      const query = new URLSearchParams({ limit: String(PAGE), exclude_reblogs: 'true' });
      if (run.maxId !== undefined) query.set('max_id', run.maxId);
      if (run.minId !== undefined) query.set('min_id', run.minId);
      const res = await this.http.getJson<MastodonStatus[]>(
        `${base}/api/v1/accounts/${binding.localId}/statuses?${query.toString()}`,
        { guarded: true, paging: run.maxId !== undefined || run.minId !== undefined },
      );
      if (res.status === 404 || res.status === 410)
        throw new ConnectorError('not_found', 'No such Mastodon account');
      if (res.status !== 200 || !Array.isArray(res.body))
        throw new ConnectorError('invalid_response', `statuses answered ${res.status}`);
      run.pages++;
      let reachedStart = false;
      for (const s of res.body) {
        if (typeof s?.id !== 'string' || !ID.test(s.id)) continue;
        if (run.newest === undefined || compareIds(s.id, run.newest) > 0) run.newest = s.id;
        if (s.reblog) continue;
        const at = Date.parse(s.created_at);
        if (!(at >= window.from)) {
          reachedStart = true;
          continue;
        }
        if (known.has(s.id)) continue;
        known.set(s.id, { id: s.id, uri: s.uri, at });
        run.fresh.push(s.id);
        run.queue.push({ id: s.id, everything: true, step: 'fav' });
        buffer.push({
          eventId: `post:${s.uri}`,
          kind: 'post',
          actorId: self.nativeId,
          targetId: self.nativeId,
          occurredAt: at,
        });
      }
      const links = parseLinkHeader(res.headers.get('link'));
      let next: string | undefined;
      if (run.incremental) {
        // Up the `prev` links (min_id): a short page is the top.
        next = res.body.length >= PAGE ? linkParam(links.prev, 'min_id') : undefined;
        run.minId = next;
      } else {
        next = reachedStart || res.body.length === 0 ? undefined : linkParam(links.next, 'max_id');
        run.maxId = next;
      }
      if (next === undefined || run.pages >= MAX_STATUS_PAGES) {
        run.phase = 'engagement';
        // Engagement keeps arriving for a few days: recent posts are looked at again, new items only.
        const fresh = new Set(run.fresh);
        for (const post of known.values())
          if (!fresh.has(post.id) && post.at >= window.now - RECHECK_DAYS * DAY_MS)
            run.queue.push({ id: post.id, everything: false, step: 'fav' });
      }
      await checkpoint();
    }

    while (run.queue.length > 0) {
      const item = run.queue[0];
      const post = known.get(item.id);
      const done = post ? await this.engagementPage(base, binding, self.nativeId, post, item, buffer) : true;
      if (done) run.queue.shift();
      await checkpoint();
    }

    if (
      run.newest !== undefined &&
      (state.newestStatusId === undefined || compareIds(run.newest, state.newestStatusId) > 0)
    )
      state.newestStatusId = run.newest;
    delete state.run;
    const next = save();
    return {
      events: buffer,
      followers: self.followers,
      following: self.following,
      postsInWindow: next.posts?.length ?? 0,
      state: next as Record<string, unknown>,
      requests: this.http.requests - before,
    };
  }

  private base(host: string): string {
    if (this.options.apiBase) return this.options.apiBase;
    return this.options.instanceUrl ? this.options.instanceUrl(host) : `https://${host}`;
  }

  /**
   * handle → the account and where it lives. WebFinger on the handle's domain names the account
   * (`subject`) and the host serving it (`self` link: WEB_DOMAIN may differ from LOCAL_DOMAIN);
   * the account is then looked up there by username and must be local to that instance.
   */
  private async resolve(handle: string): Promise<{ account: MastodonAccount; binding: MastodonBinding }> {
    const at = handle.lastIndexOf('@');
    if (at <= 0) throw new ConnectorError('not_found', 'A Mastodon handle needs its instance: user@instance');
    const asked = { user: handle.slice(0, at).toLowerCase(), domain: handle.slice(at + 1).toLowerCase() };
    const finger = await this.webfinger(asked.user, asked.domain);
    // The domain named the account by another name (e.g. the web domain was typed): that name's
    // domain must say the same, or anyone could claim anyone's account.
    if (finger.domain !== asked.domain) {
      const confirm = await this.webfinger(finger.user, finger.domain);
      if (confirm.domain !== finger.domain || confirm.user !== finger.user || confirm.self !== finger.self)
        throw new ConnectorError(
          'foreign_account',
          `${asked.domain} names ${finger.user}@${finger.domain}, which does not confirm it`,
        );
    }
    const host = finger.self ? new URL(finger.self).host : finger.domain;
    const res = await this.http.getJson<MastodonAccount | { error: string }>(
      `${this.base(host)}/api/v1/accounts/lookup?acct=${encodeURIComponent(finger.user)}`,
      { guarded: true },
    );
    if (res.status === 404 || res.status === 410)
      throw new ConnectorError('not_found', 'No such Mastodon account');
    if (res.status !== 200 || !isAccount(res.body))
      throw new ConnectorError('invalid_response', `account lookup answered ${res.status}`);
    const account = res.body;
    if (
      !isLocal(account, finger.user, finger.domain) ||
      (finger.self !== undefined && account.uri !== undefined && account.uri !== finger.self)
    )
      throw new ConnectorError(
        'foreign_account',
        `${host} answered the lookup of ${finger.user} with another account (${String(account.acct)})`,
      );
    return {
      account,
      binding: { host, localId: account.id, domain: finger.domain, username: finger.user },
    };
  }

  /** The bound account, by id on its host; it must still be that local account. */
  private async byId(binding: MastodonBinding): Promise<MastodonAccount> {
    const res = await this.http.getJson<MastodonAccount | { error: string }>(
      `${this.base(binding.host)}/api/v1/accounts/${binding.localId}`,
      { guarded: true },
    );
    if (res.status === 404 || res.status === 410)
      throw new ConnectorError('not_found', 'No such Mastodon account');
    if (res.status !== 200 || !isAccount(res.body))
      throw new ConnectorError('invalid_response', `account answered ${res.status}`);
    if (res.body.id !== binding.localId || !isLocal(res.body, binding.username, binding.domain))
      throw new ConnectorError('foreign_account', `${binding.host} answered with another account`);
    return res.body;
  }

  private async webfinger(
    user: string,
    domain: string,
  ): Promise<{ user: string; domain: string; self?: string }> {
    const path = `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${user}@${domain}`)}`;
    let res = await this.http.getJson<Jrd>(`${this.base(domain)}${path}`, {
      guarded: true,
      allowRedirectToSamePath: true,
    });
    // Split domains: LOCAL_DOMAIN redirects WebFinger to the WEB_DOMAIN (same path, once).
    if (res.redirectedTo)
      res = await this.http.getJson<Jrd>(`${this.base(res.redirectedTo.host)}${path}`, { guarded: true });
    if (res.status === 404 || res.status === 410)
      throw new ConnectorError('not_found', 'No such Mastodon account');
    if (res.status !== 200 || typeof res.body?.subject !== 'string')
      throw new ConnectorError('invalid_response', `WebFinger answered ${res.status}`);
    const m = /^acct:([^@\s]+)@([^@\s]+)$/i.exec(res.body.subject);
    if (!m) throw new ConnectorError('invalid_response', 'WebFinger subject is not an acct: URI');
    const self = (res.body.links ?? []).find(
      (l) => l.rel === 'self' && typeof l.href === 'string' && /activity\+json|ld\+json/.test(l.type ?? ''),
    )?.href;
    let selfUrl: string | undefined;
    if (self !== undefined) {
      try {
        const url = new URL(self);
        if (url.protocol === 'https:' && url.username === '' && url.password === '') selfUrl = url.toString();
      } catch {
        selfUrl = undefined;
      }
      if (selfUrl === undefined)
        throw new ConnectorError('invalid_response', 'WebFinger self link is not https');
    }
    return { user: m[1].toLowerCase(), domain: m[2].toLowerCase(), ...(selfUrl ? { self: selfUrl } : {}) };
  }

  private toProfile(account: MastodonAccount, binding: MastodonBinding): NetworkProfile {
    const fields = (account.fields ?? []).map((f) => `${f.name} ${htmlToText(f.value)}`).join('\n');
    const id = `${binding.username}@${binding.domain}`;
    return {
      nativeId: id,
      handle: id,
      bio: `${htmlToText(account.note ?? '')}\n${fields}`,
      followers: account.followers_count,
      following: account.following_count,
      posts: account.statuses_count,
    };
  }

  /** One page of one post's engagement; true when the post is done. */
  private async engagementPage(
    base: string,
    binding: MastodonBinding,
    self: string,
    post: KnownPost,
    item: WorkItem,
    events: ConnectorEvent[],
  ): Promise<boolean> {
    if (item.step === 'context') {
      const context = await this.http.getJson<{ descendants?: MastodonStatus[] }>(
        `${base}/api/v1/statuses/${post.id}/context`,
        { guarded: true },
      );
      if (context.status === 404 || context.status === 410) return true;
      if (context.status !== 200 || !Array.isArray(context.body.descendants))
        throw new ConnectorError('invalid_response', `context answered ${context.status}`);
      for (const reply of context.body.descendants) {
        if (reply.in_reply_to_account_id !== binding.localId) continue;
        const actor = canonicalAcct(reply.account.acct, binding.domain);
        if (actor === self) continue;
        events.push({
          eventId: `reply:${reply.uri}`,
          kind: 'reply',
          actorId: actor,
          targetId: self,
          occurredAt: Date.parse(reply.created_at),
        });
      }
      return true;
    }
    const fav = item.step === 'fav';
    const since = item.everything ? undefined : fav ? post.fav : post.reblog;
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (item.cursor !== undefined) query.set('max_id', item.cursor);
    if (since !== undefined) query.set('since_id', since);
    const res = await this.http.getJson<MastodonAccount[]>(
      `${base}/api/v1/statuses/${post.id}/${fav ? 'favourited_by' : 'reblogged_by'}?${query.toString()}`,
      { guarded: true, paging: item.cursor !== undefined || since !== undefined },
    );
    let next: string | undefined;
    if (res.status !== 404 && res.status !== 410) {
      if (res.status !== 200 || !Array.isArray(res.body))
        throw new ConnectorError('invalid_response', `accounts list answered ${res.status}`);
      for (const a of res.body) {
        const actor = canonicalAcct(a.acct, binding.domain);
        if (actor !== self)
          events.push({
            eventId: `${fav ? 'fav' : 'reblog'}:${post.uri}:${actor}`,
            kind: fav ? 'like' : 'share',
            actorId: actor,
            targetId: self,
            occurredAt: post.at,
          });
      }
      const links = parseLinkHeader(res.headers.get('link'));
      if (item.cursor === undefined && links.prev)
        item.since = linkParam(links.prev, 'since_id') ?? linkParam(links.prev, 'min_id');
      item.pages = (item.pages ?? 0) + 1;
      if (res.body.length > 0 && item.pages < MAX_ENGAGEMENT_PAGES) next = linkParam(links.next, 'max_id');
    }
    if (next !== undefined) {
      item.cursor = next;
      return false;
    }
    if (item.since !== undefined) {
      if (fav) post.fav = item.since;
      else post.reblog = item.since;
    }
    item.step = fav ? 'reblog' : 'context';
    delete item.cursor;
    delete item.since;
    delete item.pages;
    return false;
  }
}

function bindingOf(state: MastodonState): MastodonBinding | undefined {
  const { host, localId, domain, username } = state;
  return typeof host === 'string' &&
    typeof localId === 'string' &&
    typeof domain === 'string' &&
    typeof username === 'string'
    ? { host, localId, domain, username }
    : undefined;
}

function isAccount(body: unknown): body is MastodonAccount {
  const a = body as MastodonAccount;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.id === 'string' &&
    ID.test(a.id) &&
    typeof a.username === 'string' &&
    typeof a.acct === 'string'
  );
}

/**
 * A lookup on an instance's own domain answers its local account: `acct` is the bare username
 * (or username@LOCAL_DOMAIN). Anything else is a remote account — or a lie.
 */
function isLocal(account: MastodonAccount, user: string, domain: string): boolean {
  const acct = account.acct.toLowerCase().replace(/^@/, '');
  return account.username.toLowerCase() === user && (acct === user || acct === `${user}@${domain}`);
}

/** A pagination parameter of a Link URL (ids only: nothing else of the URL is followed). */
function linkParam(url: string | undefined, name: string): string | undefined {
  if (url === undefined) return undefined;
  try {
    const value = new URL(url).searchParams.get(name);
    return value !== null && ID.test(value) ? value : undefined;
  } catch {
    return undefined;
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
