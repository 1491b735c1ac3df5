import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of everything PerkRank serves: the API and the web app built into
 * the same origin (scripts and styles from files, no inline script). Component libraries such as
 * Mantine set inline `style` attributes (CSS variables), hence `style-src-attr 'unsafe-inline'`;
 * inline `<style>` elements and every inline script stay refused.
 */
export const CONTENT_SECURITY_POLICY: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'worker-src': ["'self'"],
};

/**
 * Swagger UI at /docs only: its page has one inline `<style>` block and the UI styles elements
 * inline, so styles may be inline there. Its scripts are files (swagger-ui-init.js), so scripts
 * stay 'self'.
 */
export const DOCS_CONTENT_SECURITY_POLICY: Directives = {
  ...CONTENT_SECURITY_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
};

function helmetWith(directives: Directives, production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: production ? { ...directives, 'upgrade-insecure-requests': [] } : directives,
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only where TLS is certain to be in front (production); on localhost it would stick.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xPoweredBy: false,
  });
}

const isDocs = (path: string): boolean => path === '/docs' || path.startsWith('/docs/');

type HeaderList = ReadonlyArray<readonly [string, string | number | readonly string[]]>;

/**
 * The headers a helmet middleware sets, captured once: with static directives (no per-request
 * nonce) helmet's answer never depends on the request, and rebuilding the Content-Security-Policy
 * string and walking a dozen middlewares on every request is cost without purpose.
 */
export function helmetHeaders(middleware: RequestHandler): HeaderList {
  const headers: Array<readonly [string, string | number | readonly string[]]> = [];
  let removed = false;
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, value]);
      return res;
    },
    removeHeader() {
      removed = true;
    },
  };
  let called = false;
  middleware(
    { method: 'GET', url: '/', path: '/', headers: {} } as Request,
    res as unknown as Response,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error('helmet refused the request');
      called = true;
    },
  );
  if (!called || removed) throw new Error('helmet did not answer synchronously with headers only');
  return headers;
}

/** helmet with the strict policy everywhere, and Swagger UI's needs scoped to /docs. */
export function securityHeaders(production: boolean): RequestHandler {
  const strict = helmetHeaders(helmetWith(CONTENT_SECURITY_POLICY, production));
  const docs = helmetHeaders(helmetWith(DOCS_CONTENT_SECURITY_POLICY, production));
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of isDocs(req.path) ? docs : strict) res.setHeader(name, value);
    next();
  };
}

/**
 * API answers are never stored by browsers or proxies: they carry tokens (login, refresh, privacy
 * token, API keys), claim codes, QR tokens and personal-data exports, and the rest is per caller.
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/v1/')) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}

/**
 * CORS: none unless CORS_ORIGINS lists origins (the web app is served from the API's own origin).
 * Returns the options for enableCors, or undefined for "no CORS headers at all".
 */
export function corsOptions(
  origins: readonly string[],
): { origin: string[]; credentials: false; exposedHeaders: string[]; maxAge: number } | undefined {
  if (origins.length === 0) return undefined;
  return {
    origin: [...origins],
    credentials: false,
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  };
}
