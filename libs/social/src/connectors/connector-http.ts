/**
 * The HTTP side every connector shares: JSON GETs over global fetch with a timeout, the networks'
 * rate-limit headers respected before we hit the limit, a per-host request budget shared by every
 * worker, short waits slept and long ones handed back (`rate_limited` with `retryAfter`) so the
 * sync is rescheduled instead of holding a worker, transient 5xx retried with backoff, and
 * (for hosts members name) no request to private, loopback, link-local or metadata addresses and
 * no redirect to another host.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from '@perkrank/core';

export type ConnectorErrorKind =
  | 'not_found'
  | 'unavailable'
  | 'rate_limited'
  | 'invalid_response'
  /** The server wants a logged-in user for its API (Mastodon's authorized/limited mode: 401). */
  | 'login_required'
  /** The server answered something that is not the network's JSON API (an HTML page, say). */
  | 'not_json'
  /** The host resolves to an address PerkRank never contacts, or redirected to another host. */
  | 'forbidden_host'
  /** The server answered with an account that is not the one asked for (not local to it). */
  | 'foreign_account';

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    /** Seconds until the network accepts requests again (rate_limited). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/**
 * Requests a host may still receive, shared by all workers (Postgres in the app, in memory for
 * a lone connector). `take` answers how long to wait (ms) when the budget is spent, else 0.
 */
export interface HostBudget {
  take(host: string, paging: boolean): Promise<number>;
  /** The host said "no more until `until`" (a 429 or Remaining: 0): every worker holds off. */
  block(host: string, until: number): Promise<void>;
}

/** Only the blocks a single process learns of; the app uses the Postgres budget. */
export class MemoryHostBudget implements HostBudget {
  private readonly blocked = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}
  take(host: string): Promise<number> {
    const until = this.blocked.get(host);
    return Promise.resolve(until !== undefined && until > this.now() ? until - this.now() : 0);
  }
  block(host: string, until: number): Promise<void> {
    this.blocked.set(host, Math.max(until, this.blocked.get(host) ?? 0));
    return Promise.resolve();
  }
}

export interface ConnectorHttpOptions {
  /** Waits (injectable so tests can record waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  timeoutMs?: number;
  /**
   * A wait longer than this is not slept: the call fails `rate_limited` with `retryAfter`, and
   * the sync (whose progress is saved per page) is rescheduled for then.
   */
  maxWaitMs?: number;
  maxRetries?: number;
  budget?: HostBudget;
  /**
   * Tests only (CONNECTOR_ALLOW_PRIVATE_HOSTS): let `guarded` requests reach loopback and
   * private addresses, where the local fakes listen. Never in production.
   */
  allowPrivateHosts?: boolean;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Headers;
  /** With `allowRedirectToSamePath`: the other host the same path was redirected to (not followed). */
  redirectedTo?: URL;
}

export interface GetOptions {
  /** The host was named by a member: check its addresses, never follow a redirect elsewhere. */
  guarded?: boolean;
  /** A request with min_id/max_id/since_id (Mastodon's stricter paging budget). */
  paging?: boolean;
  /**
   * A redirect to exactly this path and query on another https host is handed back (as
   * `redirectedTo`, not followed) for the caller to judge: WebFinger on a split-domain instance.
   */
  allowRedirectToSamePath?: boolean;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `Retry-After` is either seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * When the current rate-limit window resets: Mastodon sends an ISO timestamp in
 * `X-RateLimit-Reset`, Bluesky epoch seconds in `RateLimit-Reset`.
 */
export function rateLimitResetAt(headers: Headers): number | undefined {
  const value = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** `<https://…?max_id=1>; rel="next", <https://…?min_id=9>; rel="prev"` → { next, prev }. */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m) links[m[2]] = m[1];
  }
  return links;
}

export class ConnectorHttp {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxWaitMs: number;
  private readonly maxRetries: number;
  private readonly budget: HostBudget;
  private readonly allowPrivateHosts: boolean;
  requests = 0;

  constructor(options: ConnectorHttpOptions = {}) {
    this.sleep = options.sleep ?? sleepFor;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.budget = options.budget ?? new MemoryHostBudget(this.now);
    this.allowPrivateHosts = options.allowPrivateHosts ?? false;
  }

  /** Refuses hosts that are, or resolve to, addresses PerkRank never contacts. */
  async assertPublicHost(hostname: string): Promise<void> {
    if (this.allowPrivateHosts) return;
    const bare = hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(bare)) addresses = [bare];
    else {
      try {
        addresses = (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
      } catch {
        throw new ConnectorError('not_found', `${hostname} does not resolve`);
      }
    }
    if (addresses.length === 0 || !addresses.every(isPublicAddress))
      throw new ConnectorError(
        'forbidden_host',
        `${hostname} resolves to a private, loopback or link-local address`,
      );
  }

  /** Waits out a spent budget or a block when short; hands a long one back as rate_limited. */
  private async awaitBudget(host: string, paging: boolean): Promise<void> {
    const wait = await this.budget.take(host, paging);
    if (wait <= 0) return;
    if (wait > this.maxWaitMs)
      throw new ConnectorError('rate_limited', `${host} asks us to wait`, Math.ceil(wait / 1000));
    await this.sleep(wait);
  }

  /**
   * GETs `url` and parses JSON. 2xx and 4xx other than 429 are returned for the caller to judge
   * (a 404 is an answer, not a failure); network errors and persistent 5xx throw `unavailable`.
   */
  async getJson<T>(url: string, options: GetOptions = {}): Promise<JsonResponse<T>> {
    let target = new URL(url);
    const host = target.host;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      await this.awaitBudget(host, options.paging ?? false);
      if (options.guarded) await this.assertPublicHost(target.hostname);
      let response: Response;
      try {
        this.requests++;
        response = await fetch(target, {
          headers: { accept: 'application/json', 'user-agent': 'PerkRank/1 (+https://perkrank.example)' },
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'manual',
        });
      } catch (error) {
        if (attempt < this.maxRetries) {
          await this.sleep(500 * 2 ** attempt);
          continue;
        }
        throw new ConnectorError('unavailable', `${host} did not answer: ${(error as Error).message}`);
      }
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.arrayBuffer().catch(() => undefined);
        const next = new URL(response.headers.get('location')!, target);
        const sameHost = next.host === target.host && next.protocol === target.protocol;
        const samePath =
          options.allowRedirectToSamePath === true &&
          next.protocol === 'https:' &&
          next.pathname === target.pathname &&
          next.search === target.search;
        if ((!sameHost && !samePath) || ++redirects > 3)
          throw new ConnectorError('forbidden_host', `${host} redirected to another host (${next.host})`);
        if (!sameHost)
          return { status: response.status, body: null as T, headers: response.headers, redirectedTo: next };
        target = next;
        attempt--;
        continue;
      }
      const remaining =
        response.headers.get('x-ratelimit-remaining') ?? response.headers.get('ratelimit-remaining');
      const resetAt = rateLimitResetAt(response.headers);
      if (remaining !== null && Number(remaining) <= 0 && resetAt !== undefined && resetAt > this.now())
        await this.budget.block(host, resetAt);

      if (response.status === 429) {
        await response.arrayBuffer().catch(() => undefined);
        // Mastodon's 429 carries no Retry-After: its X-RateLimit-Reset (ISO) says when.
        const wait =
          retryAfterMs(response.headers.get('retry-after'), this.now()) ??
          (resetAt !== undefined ? Math.max(1000, resetAt - this.now()) : 60_000);
        if (wait > this.maxWaitMs || attempt >= this.maxRetries) {
          await this.budget.block(host, this.now() + wait);
          throw new ConnectorError('rate_limited', `${host} rate-limited us`, Math.ceil(wait / 1000));
        }
        await this.sleep(wait);
        continue;
      }
      if (response.status >= 500) {
        await response.arrayBuffer().catch(() => undefined);
        if (attempt < this.maxRetries) {
          await this.sleep(500 * 2 ** attempt);
          continue;
        }
        throw new ConnectorError('unavailable', `${host} answered ${response.status}`);
      }
      if (response.status === 401) {
        await response.arrayBuffer().catch(() => undefined);
        throw new ConnectorError('login_required', `${host} requires a login for its API`);
      }
      const text = await response.text().catch(() => '');
      let body: T;
      try {
        body = JSON.parse(text) as T;
      } catch {
        throw new ConnectorError('not_json', `${host} answered ${response.status} without JSON`);
      }
      return { status: response.status, body, headers: response.headers };
    }
  }
}
