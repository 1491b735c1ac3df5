/**
 * Where the tokens live (the reasons are in docs/web.md): the short-lived access token only in
 * memory; the rotating refresh token in localStorage so a reload or a second tab stays signed in.
 * Every refresh runs under a Web Lock shared by all tabs and re-reads the stored token inside it,
 * so two tabs never present the same refresh token (which the API would treat as theft and revoke
 * the whole session family).
 */
import { ApiError, networkError, toApiError } from './errors';

const REFRESH_KEY = 'perkrank.refreshToken';
const LOCK = 'perkrank.refresh';
/** Refresh this long before the access token expires, so requests never race its expiry. */
const EARLY_MS = 30_000;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type SessionState = { status: 'signed-in' } | { status: 'signed-out'; reason?: string };

let access: { token: string; expiresAt: number } | undefined;
let state: SessionState = readRefresh() ? { status: 'signed-in' } : { status: 'signed-out' };
let inFlight: Promise<string | undefined> | undefined;
const listeners = new Set<() => void>();

function readRefresh(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const session = {
  get(): SessionState {
    return state;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Stores a pair from login, register or refresh. */
  start(tokens: Tokens): void {
    store(tokens);
    setState({ status: 'signed-in' });
  },
  /** Forgets the tokens; `reason` is shown on the login page (a revoked session, a suspension). */
  end(reason?: string): void {
    access = undefined;
    try {
      localStorage.removeItem(REFRESH_KEY);
    } catch {
      // storage unavailable: nothing stored to remove
    }
    setState({ status: 'signed-out', reason });
  },
  /** The current access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string | undefined> {
    if (access && access.expiresAt - EARLY_MS > Date.now()) return access.token;
    if (!readRefresh()) return undefined;
    return session.refresh();
  },
  /** One refresh at a time per tab, and one at a time across tabs. */
  refresh(): Promise<string | undefined> {
    inFlight ??= withLock(refreshOnce).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  },
};

function store(tokens: Tokens): void {
  access = { token: tokens.accessToken, expiresAt: Date.now() + tokens.expiresIn * 1000 };
  try {
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  } catch {
    // private mode without storage: the session lasts as long as the page
  }
}

async function withLock<T>(task: () => Promise<T>): Promise<T> {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request(LOCK, task) : task();
}

async function refreshOnce(): Promise<string | undefined> {
  // Another tab may have rotated the token while this one waited for the lock: read it now.
  const refreshToken = readRefresh();
  if (!refreshToken) {
    if (state.status === 'signed-in') session.end();
    return undefined;
  }
  let response: Response;
  try {
    response = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
  } catch {
    throw networkError();
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    store(body as Tokens);
    if (state.status !== 'signed-in') setState({ status: 'signed-in' });
    return access?.token;
  }
  const error = toApiError(response.status, body);
  // 401/403: the session is gone (rotated token reused, logged out elsewhere, suspended); other
  // failures (rate limit, server error) keep the session for the next try.
  if (response.status === 401 || response.status === 403) {
    session.end(error.message);
    return undefined;
  }
  throw error;
}

// Another tab logged out: follow it.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === REFRESH_KEY && event.newValue === null && state.status === 'signed-in') session.end();
  });
}

export function isSessionError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
