/**
 * The HTTP side every connector shares: JSON GETs over global fetch with a timeout, the networks'
 * rate-limit headers respected before we hit the limit, 429 answered by waiting what
 * `Retry-After` (or the reset header) asks, and transient 5xx retried with backoff.
 */

export type ConnectorErrorKind = 'not_found' | 'unavailable' | 'rate_limited' | 'invalid_response';

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

export interface ConnectorHttpOptions {
  /** Waits (injectable so tests can record waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  timeoutMs?: number;
  /** A 429 asking us to wait longer than this fails the call instead (the next sync retries). */
  maxWaitMs?: number;
  maxRetries?: number;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Headers;
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
  /** Per host: no request before this time (the window's budget is spent). */
  private readonly blockedUntil = new Map<string, number>();
  requests = 0;

  constructor(options: ConnectorHttpOptions = {}) {
    this.sleep = options.sleep ?? sleepFor;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
    this.maxRetries = options.maxRetries ?? 3;
  }

  /**
   * GETs `url` and parses JSON. 2xx and 4xx other than 429 are returned for the caller to judge
   * (a 404 is an answer, not a failure); network errors and persistent 5xx throw `unavailable`.
   */
  async getJson<T>(url: string): Promise<JsonResponse<T>> {
    const host = new URL(url).host;
    for (let attempt = 0; ; attempt++) {
      const blocked = this.blockedUntil.get(host);
      if (blocked !== undefined) {
        const wait = blocked - this.now();
        if (wait > this.maxWaitMs)
          throw new ConnectorError('rate_limited', `${host} asks us to wait`, Math.ceil(wait / 1000));
        if (wait > 0) await this.sleep(wait);
        this.blockedUntil.delete(host);
      }
      let response: Response;
      try {
        this.requests++;
        response = await fetch(url, {
          headers: { accept: 'application/json', 'user-agent': 'PerkRank/1 (+https://perkrank.example)' },
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'follow',
        });
      } catch (error) {
        if (attempt < this.maxRetries) {
          await this.sleep(500 * 2 ** attempt);
          continue;
        }
        throw new ConnectorError('unavailable', `${host} did not answer: ${(error as Error).message}`);
      }
      const remaining =
        response.headers.get('x-ratelimit-remaining') ?? response.headers.get('ratelimit-remaining');
      const resetAt = rateLimitResetAt(response.headers);
      if (remaining !== null && Number(remaining) <= 0 && resetAt !== undefined)
        this.blockedUntil.set(host, resetAt);

      if (response.status === 429) {
        await response.arrayBuffer().catch(() => undefined);
        const wait =
          retryAfterMs(response.headers.get('retry-after'), this.now()) ??
          (resetAt !== undefined ? Math.max(0, resetAt - this.now()) : 60_000);
        if (wait > this.maxWaitMs || attempt >= this.maxRetries)
          throw new ConnectorError('rate_limited', `${host} rate-limited us`, Math.ceil(wait / 1000));
        this.blockedUntil.delete(host);
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
      let body: T;
      try {
        body = (await response.json()) as T;
      } catch {
        throw new ConnectorError('invalid_response', `${host} answered ${response.status} without JSON`);
      }
      return { status: response.status, body, headers: response.headers };
    }
  }
}
