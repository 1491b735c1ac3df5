import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, LoopbackFake } from './loopback';

/**
 * A local Mastodon instance speaking the public REST API the connector reads, logged out, as the
 * real server does (see README.md next to this file for the source of each behaviour): the JSON
 * shapes (Account with HTML `note` and `fields`, Status, Context), `acct` bare for local accounts
 * and `user@domain` for remote ones, WebFinger on the LOCAL_DOMAIN (optionally split from the
 * WEB_DOMAIN that serves the API), `Link` header pages, `X-RateLimit-*` headers with an ISO
 * reset, 429s *without* `Retry-After`, the logged-out paging limit (300 requests with
 * min_id/max_id/since_id per 15 minutes) and API limit (300 per 5 minutes), the 60-descendant
 * (depth 20) cap of a logged-out `context`, instances that require login (401) and sites that
 * are not Mastodon at all (HTML). Status ids are snowflakes (creation time in the high bits).
 */
export interface MastodonFakeOptions {
  /** LOCAL_DOMAIN: the domain of handles (`user@localDomain`). */
  localDomain?: string;
  /** WEB_DOMAIN: the host serving the API, when it differs from LOCAL_DOMAIN. */
  webDomain?: string;
  /** The fake's clock (tests share the app's, so rate-limit windows pass without waiting). */
  now?: () => number;
  /** `throttle_unauthenticated_paging` (default 300 per 15 minutes). */
  pagingLimit?: number;
  pagingPeriodMs?: number;
  /** `throttle_unauthenticated_api` (default 300 per 5 minutes). */
  apiLimit?: number;
  apiPeriodMs?: number;
}
export interface FakeMastodonAccount {
  id: string;
  username: string;
  /** `user` for accounts of this instance, `user@domain` for remote ones. */
  acct: string;
  display_name: string;
  note: string;
  fields: Array<{ name: string; value: string; verified_at: string | null }>;
  followers_count: number;
  following_count: number;
  statuses_count: number;
}

export interface FakeMastodonStatus {
  id: string;
  uri: string;
  created_at: string;
  accountId: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
}

export interface MastodonRequest {
  path: string;
  query: Record<string, string>;
  /** The status answered (set when the response is sent). */
  status?: number;
}

export class MastodonFake extends LoopbackFake {
  readonly domain: string;
  readonly webDomain: string;
  readonly now: () => number;
  /** DISALLOW_UNAUTHENTICATED_API_ACCESS: the API answers 401 to anyone logged out. */
  requireLogin = false;
  /** Not a Mastodon server: every path answers an HTML page. */
  htmlOnly = false;
  /**
   * An instance that lies: the lookup of `username` answers this account JSON instead (a
   * hostile server claiming someone else's account).
   */
  readonly lookupOverrides = new Map<string, Record<string, unknown>>();
  /** An instance that lies in WebFinger: `username` → the JRD answered instead. */
  readonly webfingerOverrides = new Map<string, Record<string, unknown>>();
  private readonly limits: { paging: [number, number]; api: [number, number] };
  private readonly counters = new Map<string, { window: number; used: number }>();
  readonly accounts = new Map<string, FakeMastodonAccount>();
  readonly statuses: FakeMastodonStatus[] = [];
  /** statusId → [{ id, accountId }], oldest first. */
  readonly favourites = new Map<string, Array<{ id: string; accountId: string }>>();
  readonly reblogs = new Map<string, Array<{ id: string; accountId: string }>>();
  readonly requests: MastodonRequest[] = [];
  /** Paths matching are answered 429 once each, with a reset this many seconds away. */
  private readonly throttles: Array<{ pattern: RegExp; retryAfter: number; used: boolean }> = [];
  private nextId = 110_000_000_000_000_000n;
  private sequence = 0;

  constructor(options: MastodonFakeOptions = {}) {
    super();
    this.domain = options.localDomain ?? 'mastodon.example';
    this.webDomain = options.webDomain ?? this.domain;
    this.now = options.now ?? Date.now;
    this.limits = {
      paging: [options.pagingLimit ?? 300, options.pagingPeriodMs ?? 900_000],
      api: [options.apiLimit ?? 300, options.apiPeriodMs ?? 300_000],
    };
  }

  private id(): string {
    this.nextId += 1_000n + BigInt(Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  /** An account of this instance (`remoteDomain` for one the instance knows from elsewhere). */
  addAccount(
    username: string,
    input: Partial<Omit<FakeMastodonAccount, 'id' | 'username' | 'acct'>> & { remoteDomain?: string } = {},
  ): FakeMastodonAccount {
    const account: FakeMastodonAccount = {
      id: this.id(),
      username,
      acct: input.remoteDomain ? `${username}@${input.remoteDomain}` : username,
      display_name: input.display_name ?? username,
      note: input.note ?? '<p>Hello</p>',
      fields: input.fields ?? [],
      followers_count: input.followers_count ?? 100,
      following_count: input.following_count ?? 50,
      statuses_count: input.statuses_count ?? 10,
    };
    this.accounts.set(account.id, account);
    return account;
  }

  post(account: FakeMastodonAccount, createdAt: Date, inReplyTo?: FakeMastodonStatus): FakeMastodonStatus {
    // Like Mastodon's snowflakes: time in the high bits, so id order is creation order.
    const id = ((BigInt(createdAt.getTime()) << 16n) | BigInt(this.sequence++ & 0xffff)).toString();
    const status: FakeMastodonStatus = {
      id,
      uri: `https://${account.acct.includes('@') ? account.acct.split('@')[1] : this.webDomain}/users/${account.username}/statuses/${id}`,
      created_at: createdAt.toISOString(),
      accountId: account.id,
      in_reply_to_id: inReplyTo?.id ?? null,
      in_reply_to_account_id: inReplyTo?.accountId ?? null,
    };
    this.statuses.push(status);
    return status;
  }

  favourite(status: FakeMastodonStatus, by: FakeMastodonAccount): void {
    const list = this.favourites.get(status.id) ?? [];
    list.push({ id: this.id(), accountId: by.id });
    this.favourites.set(status.id, list);
  }

  reblog(status: FakeMastodonStatus, by: FakeMastodonAccount): void {
    const list = this.reblogs.get(status.id) ?? [];
    list.push({ id: this.id(), accountId: by.id });
    this.reblogs.set(status.id, list);
  }

  throttleOnce(pattern: RegExp, retryAfterSeconds: number): void {
    this.throttles.push({ pattern, retryAfter: retryAfterSeconds, used: false });
  }

  requestsTo(pattern: RegExp): MastodonRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  /**
   * Rack::Attack's fixed windows (aligned on the period): counts the request and answers the
   * window's state; `over` once the limit is passed.
   */
  private count(name: 'paging' | 'api'): { limit: number; remaining: number; reset: string; over: boolean } {
    const [limit, period] = this.limits[name];
    const now = this.now();
    const window = Math.floor(now / period);
    const c = this.counters.get(name);
    const current = c && c.window === window ? c : { window, used: 0 };
    current.used++;
    this.counters.set(name, current);
    return {
      limit,
      remaining: Math.max(0, limit - current.used),
      reset: new Date((window + 1) * period).toISOString(),
      over: current.used > limit,
    };
  }

  protected handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams.entries());
    const record: MastodonRequest = { path: url.pathname, query };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    if (this.htmlOnly) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return void res.end('<!doctype html><title>Welcome</title><p>Not a Mastodon server</p>');
    }
    if (url.pathname === '/.well-known/webfinger') return this.webfinger(res, query.resource);
    if (!url.pathname.startsWith('/api/')) return this.json(res, 404, { error: 'Record not found' });
    if (this.requireLogin) return this.json(res, 401, { error: 'This API requires an authenticated user' });
    // Logged-out requests with paging parameters have their own, stricter limit.
    const paging = ['page', 'min_id', 'max_id', 'since_id'].some((k) => url.searchParams.has(k));
    const api = this.count('api');
    const state = paging ? this.count('paging') : api;
    res.setHeader('X-RateLimit-Limit', String(state.limit));
    res.setHeader('X-RateLimit-Remaining', String(state.remaining));
    res.setHeader('X-RateLimit-Reset', state.reset);
    const throttle = this.throttles.find((t) => !t.used && t.pattern.test(url.pathname));
    if (throttle || api.over || state.over) {
      // Mastodon's throttled responder: no Retry-After, the reset in X-RateLimit-Reset (ISO).
      if (throttle) {
        throttle.used = true;
        res.setHeader('X-RateLimit-Reset', new Date(this.now() + throttle.retryAfter * 1000).toISOString());
      }
      res.setHeader('X-RateLimit-Remaining', '0');
      return this.json(res, 429, { error: 'Too many requests' });
    }
    if (req.method !== 'GET') return this.json(res, 405, { error: 'Method not allowed' });
    const limit = Math.min(80, Math.max(1, Number(query.limit ?? 20)));
    let m: RegExpExecArray | null;
    if (url.pathname === '/api/v1/accounts/lookup') {
      const acct = (query.acct ?? '').replace(/^@/, '').replace(new RegExp(`@${this.domain}$`, 'i'), '');
      const lie = this.lookupOverrides.get(acct.toLowerCase());
      if (lie) return this.json(res, 200, lie);
      const account = [...this.accounts.values()].find((a) => a.acct.toLowerCase() === acct.toLowerCase());
      return account
        ? this.json(res, 200, this.accountJson(account))
        : this.json(res, 404, { error: 'Record not found' });
    }
    if ((m = /^\/api\/v1\/accounts\/(\d+)$/.exec(url.pathname))) {
      const account = this.accounts.get(m[1]);
      return account
        ? this.json(res, 200, this.accountJson(account))
        : this.json(res, 404, { error: 'Record not found' });
    }
    if ((m = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(url.pathname))) {
      const accountId = m[1];
      if (!this.accounts.has(accountId)) return this.json(res, 404, { error: 'Record not found' });
      const own = this.statuses.filter((s) => s.accountId === accountId).sort((a, b) => cmp(b.id, a.id));
      const page = paginate(own, (s) => s.id, query, limit);
      this.link(
        res,
        url,
        page.map((s) => s.id),
        limit,
        'min_id',
      );
      return this.json(
        res,
        200,
        page.map((s) => this.statusJson(s)),
      );
    }
    if ((m = /^\/api\/v1\/statuses\/(\d+)\/(favourited_by|reblogged_by)$/.exec(url.pathname))) {
      const status = this.statuses.find((s) => s.id === m![1]);
      if (!status) return this.json(res, 404, { error: 'Record not found' });
      const list = [
        ...((m[2] === 'favourited_by' ? this.favourites : this.reblogs).get(status.id) ?? []),
      ].reverse();
      const page = paginate(list, (f) => f.id, query, limit);
      this.link(
        res,
        url,
        page.map((f) => f.id),
        limit,
        'since_id',
      );
      return this.json(
        res,
        200,
        page.map((f) => this.accountJson(this.accounts.get(f.accountId)!)),
      );
    }
    if ((m = /^\/api\/v1\/statuses\/(\d+)\/context$/.exec(url.pathname))) {
      const status = this.statuses.find((s) => s.id === m![1]);
      if (!status) return this.json(res, 404, { error: 'Record not found' });
      // Logged out: at most 60 descendants, 20 levels deep (Api::V1::Statuses::ContextsController).
      const descendants: FakeMastodonStatus[] = [];
      const walk = (parent: FakeMastodonStatus, depth: number): void => {
        if (depth > DESCENDANTS_DEPTH_LIMIT) return;
        for (const s of this.statuses
          .filter((x) => x.in_reply_to_id === parent.id)
          .sort((a, b) => cmp(a.id, b.id))) {
          if (descendants.length >= DESCENDANTS_LIMIT) return;
          descendants.push(s);
          walk(s, depth + 1);
        }
      };
      walk(status, 1);
      return this.json(res, 200, { ancestors: [], descendants: descendants.map((s) => this.statusJson(s)) });
    }
    return this.json(res, 404, { error: 'Record not found' });
  }

  /** RFC 7033 as Mastodon answers it: only its own accounts, `acct:user@LOCAL_DOMAIN`. */
  private webfinger(res: ServerResponse, resource: string | undefined): void {
    const m = /^(?:acct:)?@?([^@]+)@(.+)$/i.exec(resource ?? '');
    if (!m) return this.json(res, 400, { error: 'Bad request' });
    const [, username, domain] = m;
    const lie = this.webfingerOverrides.get(username.toLowerCase());
    if (lie) return this.json(res, 200, lie);
    const local = [this.domain, this.webDomain].includes(domain.toLowerCase());
    const account = local
      ? [...this.accounts.values()].find(
          (a) => !a.acct.includes('@') && a.username.toLowerCase() === username.toLowerCase(),
        )
      : undefined;
    if (!account) return this.json(res, 404, { error: 'Record not found' });
    const href = `https://${this.webDomain}/users/${account.username}`;
    res.setHeader('Content-Type', 'application/jrd+json; charset=utf-8');
    res.statusCode = 200;
    res.end(
      JSON.stringify({
        subject: `acct:${account.username}@${this.domain}`,
        aliases: [`https://${this.webDomain}/@${account.username}`, href],
        links: [
          {
            rel: 'http://webfinger.net/rel/profile-page',
            type: 'text/html',
            href: `https://${this.webDomain}/@${account.username}`,
          },
          { rel: 'self', type: 'application/activity+json', href },
          {
            rel: 'http://ostatus.org/schema/1.0/subscribe',
            template: `https://${this.webDomain}/authorize_interaction?uri={uri}`,
          },
        ],
      }),
    );
  }

  /** Mastodon's Link header: `next` (older, max_id) while the page is full, `prev` (newer). */
  private link(
    res: ServerResponse,
    url: URL,
    ids: string[],
    limit: number,
    newer: 'min_id' | 'since_id',
  ): void {
    if (ids.length === 0) return;
    const base = `https://${this.webDomain}${url.pathname}`;
    const keep = new URLSearchParams();
    for (const key of ['limit', 'exclude_reblogs'])
      if (url.searchParams.has(key)) keep.set(key, url.searchParams.get(key)!);
    const withParam = (k: string, v: string): string => {
      const p = new URLSearchParams(keep);
      p.set(k, v);
      return `${base}?${p.toString()}`;
    };
    const parts: string[] = [];
    if (ids.length === limit) parts.push(`<${withParam('max_id', ids[ids.length - 1])}>; rel="next"`);
    parts.push(`<${withParam(newer, ids[0])}>; rel="prev"`);
    res.setHeader('Link', parts.join(', '));
  }

  accountJson(a: FakeMastodonAccount): Record<string, unknown> {
    const host = a.acct.includes('@') ? a.acct.split('@')[1] : this.webDomain;
    return {
      id: a.id,
      username: a.username,
      acct: a.acct,
      display_name: a.display_name,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: '2022-11-01T00:00:00.000Z',
      note: a.note,
      url: `https://${host}/@${a.username}`,
      uri: `https://${host}/users/${a.username}`,
      avatar: `https://${host}/avatars/original/missing.png`,
      avatar_static: `https://${host}/avatars/original/missing.png`,
      header: `https://${host}/headers/original/missing.png`,
      header_static: `https://${host}/headers/original/missing.png`,
      followers_count: a.followers_count,
      following_count: a.following_count,
      statuses_count: a.statuses_count,
      last_status_at: '2025-06-01',
      emojis: [],
      fields: a.fields,
    };
  }

  private statusJson(s: FakeMastodonStatus): Record<string, unknown> {
    const account = this.accounts.get(s.accountId)!;
    return {
      id: s.id,
      created_at: s.created_at,
      in_reply_to_id: s.in_reply_to_id,
      in_reply_to_account_id: s.in_reply_to_account_id,
      sensitive: false,
      spoiler_text: '',
      visibility: 'public',
      language: 'en',
      uri: s.uri,
      url: s.uri.replace('/users/', '/@').replace('/statuses/', '/'),
      replies_count: this.statuses.filter((x) => x.in_reply_to_id === s.id).length,
      reblogs_count: this.reblogs.get(s.id)?.length ?? 0,
      favourites_count: this.favourites.get(s.id)?.length ?? 0,
      edited_at: null,
      content: '<p>A post</p>',
      reblog: null,
      application: null,
      account: this.accountJson(account),
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }
}

const DESCENDANTS_LIMIT = 60;
const DESCENDANTS_DEPTH_LIMIT = 20;

/**
 * The LOCAL_DOMAIN's own web server in a split-domain setup: it serves nothing but a redirect of
 * `/.well-known/webfinger` to the WEB_DOMAIN (the setup Mastodon's documentation describes).
 */
export async function startWebfingerRedirect(
  webDomain: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  return listenOnLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/.well-known/webfinger') {
      res.statusCode = 301;
      res.setHeader('Location', `https://${webDomain}${url.pathname}${url.search}`);
    } else res.statusCode = 404;
    res.end();
  });
}

function cmp(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Mastodon's id pagination over a newest-first list: `max_id` (older than), `since_id` (newer
 * than, newest page), `min_id` (newer than, the page right above it), all newest first.
 */
function paginate<T>(items: T[], id: (t: T) => string, query: Record<string, string>, limit: number): T[] {
  let list = items;
  if (query.max_id) list = list.filter((t) => cmp(id(t), query.max_id) < 0);
  if (query.since_id) list = list.filter((t) => cmp(id(t), query.since_id) > 0);
  if (query.min_id) {
    list = list.filter((t) => cmp(id(t), query.min_id) > 0);
    return list.slice(Math.max(0, list.length - limit));
  }
  return list.slice(0, limit);
}
