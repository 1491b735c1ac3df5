/**
 * The NDJSON import's parsing, free of Nest and the database so it can run on a worker thread:
 * lines → checked events hashed into columns (no per-event object survives a line), account
 * records, and rejects (line number and code, never the line's content), cut into batches.
 */
import { createReadStream } from 'node:fs';
import { HandlePairs, type HandlePair } from './handle-pairs';
import { InteractionRows } from './interaction-rows';
import {
  validateAccount,
  validateEvent,
  type IngestRejectCode,
  type ValidAccount,
  type ValidEvent,
} from './interaction-validation';
import { Pseudonymizer, type Hash64 } from './pseudonym';

export interface ParsedBatch {
  rows: InteractionRows;
  handles: HandlePair[];
  accounts: ValidAccount[];
  /** NDJSON lines for the rejects file. */
  rejects: string[];
  rejected: number;
  byCode: Partial<Record<IngestRejectCode, number>>;
  /** Byte offset and line number right after the batch's last line. */
  endOffset: number;
  endLine: number;
}

export interface ParseOptions {
  start: number;
  line: number;
  /** Time the events are checked against (future, window). */
  now: number;
  batchSize: number;
  pseudonyms: Pseudonymizer;
  /** Takes each full batch; parsing waits for it (back-pressure). */
  onBatch: (batch: ParsedBatch) => Promise<void>;
  /**
   * Bytes per read: small on a thread that also writes to the database (parsing then yields to
   * the event loop often, so writes flow), large on a worker thread (fewer reads).
   */
  readSize?: number;
}

const NEWLINE = 0x0a;

/** Hashes one checked event into `rows` and notes what its handles reveal. */
export function appendEvent(
  pseudonyms: Pseudonymizer,
  rows: InteractionRows,
  handles: HandlePairs,
  e: ValidEvent,
  scratch: { event: Hash64; actor: Hash64; target: Hash64 },
): void {
  pseudonyms.event(e.network, e.eventId, scratch.event);
  pseudonyms.actor(e.network, e.actorId, scratch.actor);
  pseudonyms.actor(e.network, e.targetId, scratch.target);
  rows.push(scratch.event, e.occurredAt, scratch.actor, scratch.target, e.kind);
  if (e.actorHandle !== undefined) handles.add(e.network, e.actorHandle, e.actorId);
  if (e.targetHandle !== undefined) handles.add(e.network, e.targetHandle, e.targetId);
}

export async function parseNdjson(file: string, options: ParseOptions): Promise<void> {
  const { batchSize, now, pseudonyms } = options;
  const scratch = { event: { hi: 0, lo: 0 }, actor: { hi: 0, lo: 0 }, target: { hi: 0, lo: 0 } };
  const fresh = (): ParsedBatch & { handleSet: HandlePairs } => ({
    rows: new InteractionRows(Math.min(batchSize, 65_536)),
    handles: [],
    handleSet: new HandlePairs(),
    accounts: [],
    rejects: [],
    rejected: 0,
    byCode: {},
    endOffset: 0,
    endLine: 0,
  });
  let batch = fresh();
  let line = options.line;
  let offset = options.start;

  const parse = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const reject = (code: IngestRejectCode, message: string): void => {
      batch.rejected++;
      batch.byCode[code] = (batch.byCode[code] ?? 0) + 1;
      batch.rejects.push(`${JSON.stringify({ line, code, message })}\n`);
    };
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      reject('invalid_item', 'The line is not valid JSON.');
      return;
    }
    if (
      typeof value === 'object' &&
      value !== null &&
      'account' in value &&
      Object.keys(value).length === 1
    ) {
      const checked = validateAccount(value.account);
      if (checked.ok) batch.accounts.push(checked.value);
      else reject(checked.rejection.code, checked.rejection.message);
      return;
    }
    const checked = validateEvent(value, now);
    if (checked.ok) appendEvent(pseudonyms, batch.rows, batch.handleSet, checked.value, scratch);
    else reject(checked.rejection.code, checked.rejection.message);
  };
  const flush = async (): Promise<void> => {
    const done = batch;
    batch = fresh();
    done.endOffset = offset;
    done.endLine = line;
    done.handles = done.handleSet.list();
    const { handleSet, ...parsed } = done;
    void handleSet;
    await options.onBatch(parsed);
  };

  let carry: Buffer | undefined;
  const stream = createReadStream(file, { start: options.start, highWaterMark: options.readSize ?? 1 << 16 });
  for await (const piece of stream as AsyncIterable<Buffer>) {
    let start = 0;
    if (carry) {
      // Only the line cut by the previous read is joined; the rest is read in place.
      const end = piece.indexOf(NEWLINE);
      if (end < 0) {
        carry = Buffer.concat([carry, piece]);
        continue;
      }
      const joined = Buffer.concat([carry, piece.subarray(0, end)]);
      line++;
      parse(joined.toString('utf8'));
      offset += joined.length + 1;
      start = end + 1;
      carry = undefined;
      if (batch.rows.length + batch.accounts.length >= batchSize) await flush();
    }
    for (;;) {
      const end = piece.indexOf(NEWLINE, start);
      if (end < 0) break;
      line++;
      parse(piece.toString('utf8', start, end));
      offset += end + 1 - start;
      start = end + 1;
      if (batch.rows.length + batch.accounts.length >= batchSize) await flush();
    }
    if (start < piece.length) carry = Buffer.from(piece.subarray(start));
  }
  if (carry && carry.length > 0) {
    line++;
    parse(carry.toString('utf8'));
    offset += carry.length;
  }
  await flush();
}
