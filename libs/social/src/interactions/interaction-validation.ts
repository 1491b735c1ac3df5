/**
 * The rules an ingested interaction or account record must pass, as pure functions: each bad item
 * gets a code and a message that names the field but never repeats its value (ids can be personal).
 */
import { isNetwork, type Network } from '@perkrank/reference';
import { interactionKindFromName, type InteractionKind, MAX_WINDOW_DAYS } from '@perkrank/scoring';

export const MAX_EVENTS_PER_BATCH = 10_000;
export const MAX_ACCOUNTS_PER_BATCH = 10_000;
/** Clock skew we tolerate between a feeder and us before calling a timestamp "in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const MAX_ID_LENGTH = 255;
const MAX_EVENT_ID_LENGTH = 255;
const MAX_COUNT = 2_147_483_647;
// ISO 8601 with a time zone: a timestamp without one would be read in the server's zone.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export type IngestRejectCode =
  | 'invalid_item'
  | 'missing_field'
  | 'invalid_field'
  | 'unknown_field'
  | 'unknown_network'
  | 'unknown_kind'
  | 'future_timestamp'
  | 'outside_window';

export interface Rejection {
  code: IngestRejectCode;
  message: string;
}

export interface ValidEvent {
  eventId: string;
  network: Network;
  kind: InteractionKind;
  actorId: string;
  actorHandle: string | undefined;
  targetId: string;
  targetHandle: string | undefined;
  /** Milliseconds since the epoch. */
  occurredAt: number;
}

export interface ValidAccount {
  network: Network;
  id: string;
  handle: string | undefined;
  followers: number;
  following: number;
  posts: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

const EVENT_FIELDS = new Set(['eventId', 'network', 'kind', 'actor', 'target', 'postId', 'occurredAt']);
const PARTY_FIELDS = new Set(['id', 'handle']);
const ACCOUNT_FIELDS = new Set(['network', 'id', 'handle', 'followers', 'following', 'posts']);

const reject = <T>(code: IngestRejectCode, message: string): Checked<T> => ({
  ok: false,
  rejection: { code, message },
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lower-case, trimmed, without a leading @: how handles are stored and compared. */
export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').toLowerCase();
}

function unknownField(
  record: Record<string, unknown>,
  allowed: Set<string>,
  path: string,
): string | undefined {
  for (const key in record) if (!allowed.has(key)) return path ? `${path}.${key}` : key;
  return undefined;
}

function checkId(value: unknown, field: string, max = MAX_ID_LENGTH): Rejection | undefined {
  if (value === undefined || value === null || value === '')
    return { code: 'missing_field', message: `${field} is required.` };
  if (typeof value !== 'string' || value.length > max || value.trim() !== value)
    return {
      code: 'invalid_field',
      message: `${field} must be a string of 1 to ${max} characters without surrounding spaces.`,
    };
  return undefined;
}

function checkNetwork(value: unknown): Checked<Network> {
  if (value === undefined || value === null) return reject('missing_field', 'network is required.');
  if (!isNetwork(value))
    return reject(
      'unknown_network',
      'network must be one of mastodon, bluesky, x, instagram, youtube, tiktok, facebook.',
    );
  return { ok: true, value };
}

/** An optional handle, normalised; absent (undefined or null) is undefined. */
function checkHandle(value: unknown, field: string): Checked<string | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH)
    return reject('invalid_field', `${field} must be a string of 1 to ${MAX_ID_LENGTH} characters.`);
  return { ok: true, value: normaliseHandle(value) };
}

function checkParty(
  value: unknown,
  field: 'actor' | 'target',
): Checked<{ id: string; handle: string | undefined }> {
  if (value === undefined || value === null) return reject('missing_field', `${field} is required.`);
  if (!isRecord(value)) return reject('invalid_field', `${field} must be an object with an id.`);
  const extra = unknownField(value, PARTY_FIELDS, field);
  if (extra) return reject('unknown_field', `${extra} is not an allowed property.`);
  const idProblem = checkId(value.id, `${field}.id`);
  if (idProblem) return { ok: false, rejection: idProblem };
  const handle = checkHandle(value.handle, `${field}.handle`);
  if (!handle.ok) return handle;
  return { ok: true, value: { id: value.id as string, handle: handle.value } };
}

/**
 * Checks one event against the contract of POST /v1/ingest/interactions at time `now` (ms).
 * Events older than the scoring window are refused: they would never count, and their storage
 * partition may already be gone.
 */
export function validateEvent(raw: unknown, now: number, windowDays = MAX_WINDOW_DAYS): Checked<ValidEvent> {
  if (!isRecord(raw)) return reject('invalid_item', 'Each event must be a JSON object.');
  const extra = unknownField(raw, EVENT_FIELDS, '');
  if (extra) return reject('unknown_field', `${extra} is not an allowed property.`);
  const eventIdProblem = checkId(raw.eventId, 'eventId', MAX_EVENT_ID_LENGTH);
  if (eventIdProblem) return { ok: false, rejection: eventIdProblem };
  const network = checkNetwork(raw.network);
  if (!network.ok) return network;
  if (raw.kind === undefined || raw.kind === null) return reject('missing_field', 'kind is required.');
  const kind = typeof raw.kind === 'string' ? interactionKindFromName(raw.kind) : undefined;
  if (kind === undefined)
    return reject('unknown_kind', 'kind must be one of like, share, reply, mention, follow, post.');
  const actor = checkParty(raw.actor, 'actor');
  if (!actor.ok) return actor;
  const target = checkParty(raw.target, 'target');
  if (!target.ok) return target;
  if (raw.postId !== undefined && raw.postId !== null) {
    const postIdProblem = checkId(raw.postId, 'postId');
    if (postIdProblem) return { ok: false, rejection: { ...postIdProblem, code: 'invalid_field' } };
  }
  if (raw.occurredAt === undefined || raw.occurredAt === null || raw.occurredAt === '')
    return reject('missing_field', 'occurredAt is required.');
  const occurredAt = typeof raw.occurredAt === 'string' ? parseTimestamp(raw.occurredAt) : NaN;
  if (Number.isNaN(occurredAt))
    return reject(
      'invalid_field',
      'occurredAt must be an ISO 8601 timestamp with a time zone, e.g. 2025-06-01T12:00:00Z.',
    );
  if (occurredAt > now + FUTURE_TOLERANCE_MS)
    return reject('future_timestamp', 'occurredAt is in the future.');
  if (occurredAt <= now - windowDays * DAY_MS)
    return reject(
      'outside_window',
      `occurredAt is more than ${windowDays} days ago, outside the scoring window.`,
    );
  return {
    ok: true,
    value: {
      eventId: raw.eventId as string,
      network: network.value,
      kind,
      actorId: actor.value.id,
      actorHandle: actor.value.handle,
      targetId: target.value.id,
      targetHandle: target.value.handle,
      occurredAt,
    },
  };
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const twoDigits = (s: string, i: number): number => {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};

/**
 * ISO 8601 with a zone, as ms since the epoch (NaN if not). `YYYY-MM-DDTHH:MM:SS[.sss]Z`, what
 * feeders nearly always send, is read by hand — a third of the cost of a regex and Date.parse,
 * which bulk imports feel; any other form (offsets, other precisions) takes the general path.
 */
export function parseTimestamp(s: string): number {
  const n = s.length;
  if ((n === 20 || n === 24) && s.charCodeAt(n - 1) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */) {
    const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
    const month = twoDigits(s, 5);
    const day = twoDigits(s, 8);
    const hour = twoDigits(s, 11);
    const minute = twoDigits(s, 14);
    const second = twoDigits(s, 17);
    let ms = 0;
    if (n === 24) {
      if (s.charCodeAt(19) !== 46 /* . */) return NaN;
      ms = twoDigits(s, 20) * 10 + digit(s, 22);
      if (!(digit(s, 22) >= 0 && digit(s, 22) <= 9)) return NaN;
    }
    if (
      s.charCodeAt(4) === 45 &&
      s.charCodeAt(7) === 45 &&
      s.charCodeAt(13) === 58 &&
      s.charCodeAt(16) === 58 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    ) {
      const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
      // Date.UTC rolls 2025-02-30 over to March; a real date reads back the same day.
      if (new Date(at).getUTCDate() === day) return at;
    }
    return NaN;
  }
  return ISO_TIMESTAMP.test(s) ? Date.parse(s) : NaN;
}

function checkCount(value: unknown, field: string): Rejection | undefined {
  if (value === undefined || value === null)
    return { code: 'missing_field', message: `${field} is required.` };
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT)
    return { code: 'invalid_field', message: `${field} must be a whole number from 0 to ${MAX_COUNT}.` };
  return undefined;
}

/** Checks one account record (`posts` = posts published in the scoring window). */
export function validateAccount(raw: unknown): Checked<ValidAccount> {
  if (!isRecord(raw)) return reject('invalid_item', 'Each account must be a JSON object.');
  const extra = unknownField(raw, ACCOUNT_FIELDS, '');
  if (extra) return reject('unknown_field', `${extra} is not an allowed property.`);
  const network = checkNetwork(raw.network);
  if (!network.ok) return network;
  const idProblem = checkId(raw.id, 'id');
  if (idProblem) return { ok: false, rejection: idProblem };
  const handle = checkHandle(raw.handle, 'handle');
  if (!handle.ok) return handle;
  for (const field of ['followers', 'following', 'posts'] as const) {
    const problem = checkCount(raw[field], field);
    if (problem) return { ok: false, rejection: problem };
  }
  return {
    ok: true,
    value: {
      network: network.value,
      id: raw.id as string,
      handle: handle.value,
      followers: raw.followers as number,
      following: raw.following as number,
      posts: raw.posts as number,
    },
  };
}
