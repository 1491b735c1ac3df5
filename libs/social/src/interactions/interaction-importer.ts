import { Injectable } from '@nestjs/common';
import { Clock } from '@perkrank/core';
import {
  createReadStream,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  appendFileSync,
  rmSync,
} from 'node:fs';
import { HandlePairs, IngestService } from './ingest.service';
import { InteractionRows } from './interaction-rows';
import {
  validateAccount,
  validateEvent,
  type IngestRejectCode,
  type ValidAccount,
} from './interaction-validation';

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  accountsUpdated: number;
}

export interface ImportSummary extends ImportProgress {
  /** Line the import resumed after (0 for a fresh start). */
  resumedAtLine: number;
  rejectsFile: string | null;
  byCode: Partial<Record<IngestRejectCode, number>>;
  ms: number;
}

export interface ImportOptions {
  /** Events per transaction (default 50,000). */
  batchSize?: number;
  /** Pick up after the last committed batch of an earlier, interrupted import of the same file. */
  resume?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/** What is kept next to the file after each committed batch: where to pick up. */
interface Checkpoint {
  size: number;
  mtimeMs: number;
  offset: number;
  line: number;
  counts: ImportProgress & { byCode: Partial<Record<IngestRejectCode, number>> };
}

const NEWLINE = 0x0a;
const IN_FLIGHT = 2;

/**
 * `npm run cli -- import <file.ndjson>`: one event per line (the API's event shape), or
 * `{"account": {…}}` for account counts. Lines are checked like API items; rejects go to
 * `<file>.rejects.ndjson` with their line number and code (never their content). Each batch
 * commits on its own and then records its end in `<file>.import-state.json`, so an interrupted
 * import resumes after the last committed batch — and since event ids de-duplicate, re-running
 * from the start would store nothing twice either.
 */
@Injectable()
export class InteractionImporter {
  constructor(
    private readonly ingest: IngestService,
    private readonly clock: Clock,
  ) {}

  async importFile(file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = Date.now();
    const batchSize = options.batchSize ?? 50_000;
    const stat = statSync(file);
    const stateFile = `${file}.import-state.json`;
    const rejectsFile = `${file}.rejects.ndjson`;
    let checkpoint =
      options.resume === false ? undefined : readCheckpoint(stateFile, stat.size, stat.mtimeMs);
    if (!checkpoint) {
      rmSync(rejectsFile, { force: true });
      checkpoint = {
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        offset: 0,
        line: 0,
        counts: {
          bytes: 0,
          totalBytes: stat.size,
          lines: 0,
          accepted: 0,
          duplicates: 0,
          rejected: 0,
          accountsUpdated: 0,
          byCode: {},
        },
      };
    }
    const resumedAtLine = checkpoint.line;
    const counts = { ...checkpoint.counts, byCode: { ...checkpoint.counts.byCode }, totalBytes: stat.size };
    const now = this.clock.now().getTime();

    let batchRows = new InteractionRows(Math.min(batchSize, 65_536));
    let handles = new HandlePairs();
    let accounts: ValidAccount[] = [];
    let rejects: string[] = [];
    let line = checkpoint.line;
    // Two batches are written at once, on two connections, while the next one is parsed: the
    // file, this thread and the database then all work side by side. Checkpoints still follow
    // file order: a batch's end is recorded only once it and every batch before it committed.
    const inFlight: Array<Promise<void>> = [];
    let lastCheckpoint: Promise<void> = Promise.resolve();
    const flush = async (endOffset: number): Promise<void> => {
      const batch = { rows: batchRows, handles, accounts, rejects, endLine: line };
      batchRows = new InteractionRows(Math.min(batchSize, 65_536));
      handles = new HandlePairs();
      accounts = [];
      rejects = [];
      while (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      const stored = this.ingest.storeRows(batch.rows, batch.handles, batch.accounts);
      stored.catch(() => undefined);
      const previous = lastCheckpoint;
      lastCheckpoint = (async () => {
        await previous;
        const result = await stored;
        counts.accepted += result.accepted;
        counts.duplicates += result.duplicates;
        counts.accountsUpdated += result.accountsUpdated;
        counts.bytes = endOffset;
        counts.lines = batch.endLine;
        if (batch.rejects.length > 0) appendFileSync(rejectsFile, batch.rejects.join(''));
        writeCheckpoint(stateFile, {
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          offset: endOffset,
          line: batch.endLine,
          counts,
        });
        options.onProgress?.({ ...counts });
      })();
      lastCheckpoint.catch(() => undefined);
      inFlight.push(lastCheckpoint);
    };

    let offset = checkpoint.offset;
    let carry: Buffer | undefined;
    const stream = createReadStream(file, { start: checkpoint.offset, highWaterMark: 1 << 16 });
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
        this.parseLine(joined.toString('utf8'), line, now, batchRows, handles, accounts, rejects, counts);
        offset += joined.length + 1;
        start = end + 1;
        carry = undefined;
        if (batchRows.length + accounts.length >= batchSize) await flush(offset);
      }
      for (;;) {
        const end = piece.indexOf(NEWLINE, start);
        if (end < 0) break;
        line++;
        this.parseLine(
          piece.toString('utf8', start, end),
          line,
          now,
          batchRows,
          handles,
          accounts,
          rejects,
          counts,
        );
        offset += end + 1 - start;
        start = end + 1;
        if (batchRows.length + accounts.length >= batchSize) await flush(offset);
      }
      if (start < piece.length) carry = Buffer.from(piece.subarray(start));
    }
    if (carry && carry.length > 0) {
      line++;
      this.parseLine(carry.toString('utf8'), line, now, batchRows, handles, accounts, rejects, counts);
      offset += carry.length;
    }
    await flush(offset);
    for (const commit of inFlight) await commit;
    rmSync(stateFile, { force: true });
    return {
      ...counts,
      resumedAtLine,
      rejectsFile: counts.rejected > 0 ? rejectsFile : null,
      ms: Date.now() - started,
    };
  }

  private parseLine(
    text: string,
    line: number,
    now: number,
    rows: InteractionRows,
    handles: HandlePairs,
    accounts: ValidAccount[],
    rejects: string[],
    counts: { rejected: number; byCode: Partial<Record<IngestRejectCode, number>> },
  ): void {
    const trimmed = text.trim();
    if (trimmed === '') return;
    const reject = (code: IngestRejectCode, message: string): void => {
      counts.rejected++;
      counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
      rejects.push(`${JSON.stringify({ line, code, message })}\n`);
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
      if (checked.ok) accounts.push(checked.value);
      else reject(checked.rejection.code, checked.rejection.message);
      return;
    }
    const checked = validateEvent(value, now);
    if (checked.ok) this.ingest.addEvent(rows, handles, checked.value);
    else reject(checked.rejection.code, checked.rejection.message);
  }
}

function readCheckpoint(file: string, size: number, mtimeMs: number): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    // Only the very same file resumes; anything else starts over (de-duplication keeps that safe).
    return checkpoint.size === size && checkpoint.mtimeMs === mtimeMs ? checkpoint : undefined;
  } catch {
    return undefined;
  }
}

function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${file}.tmp`, file);
}
