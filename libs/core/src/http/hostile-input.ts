import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppException, ValidationFailedException } from '../errors/app.exception';

/**
 * Limits on what a request may carry, enforced before any guard, pipe or class-transformer sees it
 * (docs/security.md "Hostile input"). Every check here is one the database or a recursive
 * transformer would otherwise turn into a 500.
 */

/** The default JSON body limit: everything but the routes below. */
export const JSON_BODY_LIMIT = '64kb';

/**
 * Routes that legitimately carry more: bulk uploads and Stripe's events. First match wins.
 * `bearer: 'ingest'` gives the larger limit only to a caller presenting INGEST_TOKEN, so an
 * anonymous request there is held to the default before anything is parsed.
 */
export const BODY_LIMITS: ReadonlyArray<{ path: RegExp; limit: string; bearer?: 'ingest' }> = [
  { path: /^\/v1\/ingest\/interactions\/?$/, limit: '10mb', bearer: 'ingest' }, // ≤ 10,000 events
  { path: /^\/v1\/campaigns\/[^/]+\/codes\/?$/, limit: '4mb' }, // ≤ 10,000 pool codes of ≤ 256 chars
  { path: /^\/v1\/webhooks\/stripe\/?$/, limit: '1mb' },
];

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function presents(req: Request, token: string | undefined): boolean {
  const header = req.headers.authorization;
  if (!token || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}

/** Nesting deeper than any real body (the campaign body is 3 levels): rejected before transforming. */
export const MAX_JSON_DEPTH = 16;

/** Property names that reach Object.prototype through naive merges: never a real field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The JSON body parsers: a small default, the larger limits above, the raw body kept for webhooks. */
export function jsonBodyParsers(options: { ingestToken?: string } = {}): express.RequestHandler[] {
  const keepRaw = (req: Request & { rawBody?: Buffer }, _res: Response, buffer: Buffer): void => {
    assertShallow(buffer);
    req.rawBody = buffer;
  };
  const check = (_req: Request, _res: Response, buffer: Buffer): void => assertShallow(buffer);
  const routed = BODY_LIMITS.map(({ path, limit, bearer }) => {
    const parse = express.json({ limit, verify: path.source.includes('webhooks') ? keepRaw : check });
    return (req: Request, res: Response, next: NextFunction): void => {
      if (path.test(req.path) && (bearer === undefined || presents(req, options.ingestToken)))
        parse(req, res, next);
      else next();
    };
  });
  // body-parser skips a request another parser already read, so the default only sees the rest.
  return [...routed, express.json({ limit: JSON_BODY_LIMIT, verify: check })];
}

function tooDeep(): AppException {
  return new AppException(
    'too_large',
    'payload_too_large',
    `The request is nested more than ${MAX_JSON_DEPTH} levels deep.`,
  );
}

/**
 * Counts nesting in the raw bytes before JSON.parse runs: 100,000 levels would overflow the
 * parser's (or class-transformer's) stack. Brackets inside strings do not count.
 */
export function assertShallow(json: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw tooDeep();
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}

type Problem = AppException;

function invalidText(param: string, why: string): Problem {
  return new AppException('invalid', 'invalid_request', `${param} ${why}.`, { param });
}

function checkText(text: string, param: string): Problem | undefined {
  if (text.includes('\u0000'))
    return invalidText(param, 'contains a NUL character (\\u0000), which text may not');
  if (LONE_SURROGATE.test(text))
    return invalidText(param, 'is not valid Unicode (it holds a lone surrogate)');
  return undefined;
}

const join = (parent: string, key: string, isArray: boolean): string =>
  isArray ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Walks a parsed body or query without recursion (a deep value must not overflow our own stack):
 * NUL and lone surrogates in keys and strings, prototype keys, and nesting deeper than MAX_JSON_DEPTH.
 */
export function findHostileValue(root: unknown, rootPath = ''): Problem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = checkText(value, path || 'body');
      if (problem) return problem;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return tooDeep();
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = join(path, key, isArray);
      if (!isArray) {
        const problem = checkText(key, `A property name in ${path || 'the body'}`);
        if (problem) return problem;
        if (FORBIDDEN_KEYS.has(key)) {
          return new ValidationFailedException({ [child]: [`${child} is not an allowed property`] });
        }
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The raw path and query string must decode as UTF-8 (a lone surrogate cannot) and hold no NUL. */
function findHostileUrl(url: string): Problem | undefined {
  // Node's parser refuses raw control characters in the request line, and raw bytes read as
  // Latin-1 cannot form a surrogate: only a percent escape can smuggle a NUL or bad UTF-8 in.
  if (!url.includes('%')) return undefined;
  const q = url.indexOf('?');
  const pathPart = q === -1 ? url : url.slice(0, q);
  const parts = pathPart.split('/').map((segment) => ({ text: segment, param: 'path' }));
  if (q !== -1) {
    for (const pair of url.slice(q + 1).split('&')) {
      const [name = '', value = ''] = pair.split('=', 2);
      parts.push({ text: name, param: 'query' }, { text: value, param: name });
    }
  }
  for (const { text, param } of parts) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return invalidText(safeParam(param), 'is not valid percent-encoded UTF-8');
    }
    const problem = checkText(decoded, safeParam(param));
    if (problem) return problem;
  }
  return undefined;
}

/** A query parameter name goes into the error message only when it is a plain word. */
function safeParam(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(name) ? name : 'query';
}

/** Express middleware, installed right after the body parsers: the one place hostile input stops. */
export function rejectHostileInput(req: Request, _res: Response, next: NextFunction): void {
  const problem =
    findHostileUrl(req.originalUrl) ?? findHostileValue(req.body) ?? findHostileValue(req.query);
  next(problem);
}
