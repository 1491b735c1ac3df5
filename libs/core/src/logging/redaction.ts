import pino from 'pino';

/**
 * What the logs may say about a request or an error (docs/security.md "Logs and redaction").
 * Query strings and database errors are where secrets and personal data slip in: claim codes in
 * `?code=`, emails in `?email=`, and SQL parameters (emails, password hashes, dates of birth,
 * API-key hashes, rate-limit keys such as `login:acct:<email>`) in a failing query.
 */

/** Query parameters whose values are safe to log: paging and filters that name no one. */
export const LOGGED_QUERY_PARAMS = new Set([
  'limit',
  'cursor',
  'status',
  'days',
  'topic',
  'country',
  'includeLocked',
  'subjectType',
  'action',
  'actorId',
  'subjectId',
]);

export const REDACTED = '[redacted]';

/** The URL with every query value not in LOGGED_QUERY_PARAMS replaced; names are kept. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      if (eq === -1) return name;
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is logged as sent, its value is not
      }
      return LOGGED_QUERY_PARAMS.has(decoded) ? pair : `${name}=${REDACTED}`;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

const EMAIL = /[^\s@"'(),<>:/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Postgres quotes offending values: `invalid input syntax for type uuid: "…"`, `Key (email)=(…)`. */
const QUOTED_VALUE = /(:\s*)"[^"]*"|(=\s*)\([^)]*\)/g;

/** A message or stack with quoted values and anything like an email address taken out. */
export function redactText(text: string): string {
  return text
    .replace(QUOTED_VALUE, (_m, colon?: string, equals?: string) =>
      colon !== undefined ? `${colon}"${REDACTED}"` : `${equals}(${REDACTED})`,
    )
    .replace(EMAIL, REDACTED);
}

/** Fields of a pg driver error that name the problem without repeating the data. */
const SAFE_DRIVER_FIELDS = [
  'code',
  'severity',
  'table',
  'column',
  'constraint',
  'schema',
  'dataType',
  'routine',
];

type Serialized = Record<string, unknown>;

function cleanDriverError(value: unknown): Serialized | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const source = value as Record<string, unknown>;
  const kept: Serialized = {};
  for (const field of SAFE_DRIVER_FIELDS) if (source[field] !== undefined) kept[field] = source[field];
  return kept;
}

/**
 * pino's error serializer, minus what an error may carry of the request's data: TypeORM's
 * QueryFailedError keeps the SQL `parameters` and the driver error's `detail` (`Failing row
 * contains (…)`, `Key (email)=(…)`); messages and stacks quote values. The SQL text stays (its
 * values are always bound parameters), and so do the codes and the constraint name.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  return clean(serialized, 0);
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 3) return value;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  const source = value as Serialized;
  const out: Serialized = {};
  for (const [key, field] of Object.entries(source)) {
    if (key === 'parameters' || key === 'detail' || key === 'where' || key === 'hint') continue;
    if (key === 'driverError') out[key] = cleanDriverError(field);
    else if ((key === 'message' || key === 'stack') && typeof field === 'string')
      out[key] = redactText(field);
    else if (key === 'cause' || key === 'aggregateErrors') out[key] = clean(field, depth + 1);
    else out[key] = field;
  }
  return out;
}
