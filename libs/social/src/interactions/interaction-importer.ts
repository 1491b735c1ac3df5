import { Injectable } from '@nestjs/common';
import { AppConfig, Clock } from '@perkrank/core';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IngestService } from './ingest.service';
import type { ImportWorkerData, WorkerMessage } from './interaction-import.worker';
import { InteractionRows } from './interaction-rows';
import type { IngestRejectCode } from './interaction-validation';
import { parseNdjson, type ParsedBatch } from './ndjson-batches';
import { Pseudonymizer } from './pseudonym';

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
  /**
   * Parse on a worker thread: by default when running compiled (the CLI); `execArgv` lets a
   * TypeScript runner (benchmarks) start it from sources with its require hook; `false` parses
   * on this thread.
   */
  worker?: false | { execArgv?: string[] };
}

/** What is kept next to the file after each committed batch: where to pick up. */
interface Checkpoint {
  size: number;
  mtimeMs: number;
  offset: number;
  line: number;
  counts: ImportProgress & { byCode: Partial<Record<IngestRejectCode, number>> };
}

/**
 * Batches written at once, each on its own connection. With parsing on a worker thread one is
 * best: Postgres keeps one core and the parser the other (measured with `bench:ingest`, 2 in
 * flight then was ~10 % slower, three busy threads on two cores). Parsing on this thread, two
 * let the database work while the next batch is parsed.
 */
const IN_FLIGHT_WITH_WORKER = 1;
const IN_FLIGHT_ON_THREAD = 2;
/** Parsed batches the worker may hold ready beyond those being written. */
const WORKER_AHEAD = 2;
const WORKER_FILE = join(__dirname, `interaction-import.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

/**
 * `npm run cli -- import <file.ndjson>`: one event per line (the API's event shape), or
 * `{"account": {…}}` for account counts. Lines are checked like API items; rejects go to
 * `<file>.rejects.ndjson` with their line number and code (never their content). Each batch
 * commits on its own and then records its end in `<file>.import-state.json`, so an interrupted
 * import resumes after the last committed batch — and since event ids de-duplicate, re-running
 * from the start would store nothing twice either.
 *
 * Parsing runs on a worker thread (the compiled CLI) while this one writes, so parsing and the
 * database each keep a core; parsing here instead, two batches are written at once while the
 * next is parsed (see IN_FLIGHT_*). Checkpoints still follow file order: a batch's end is recorded once it and every batch before
 * it committed.
 */
@Injectable()
export class InteractionImporter {
  constructor(
    private readonly ingest: IngestService,
    private readonly pseudonyms: Pseudonymizer,
    private readonly config: AppConfig,
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

    const worker = options.worker ?? (WORKER_FILE.endsWith('.js') ? {} : false);
    const maxInFlight = worker === false ? IN_FLIGHT_ON_THREAD : IN_FLIGHT_WITH_WORKER;
    const inFlight: Array<Promise<void>> = [];
    let lastCheckpoint: Promise<void> = Promise.resolve();
    const write = async (batch: ParsedBatch): Promise<void> => {
      while (inFlight.length >= maxInFlight) await inFlight.shift();
      const stored = this.ingest.storeRows(batch.rows, batch.handles, batch.accounts);
      stored.catch(() => undefined);
      const previous = lastCheckpoint;
      lastCheckpoint = (async () => {
        await previous;
        const result = await stored;
        counts.accepted += result.accepted;
        counts.duplicates += result.duplicates;
        counts.accountsUpdated += result.accountsUpdated;
        counts.rejected += batch.rejected;
        for (const [code, n] of Object.entries(batch.byCode) as Array<[IngestRejectCode, number]>)
          counts.byCode[code] = (counts.byCode[code] ?? 0) + n;
        counts.bytes = batch.endOffset;
        counts.lines = batch.endLine;
        if (batch.rejects.length > 0) appendFileSync(rejectsFile, batch.rejects.join(''));
        writeCheckpoint(stateFile, {
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          offset: batch.endOffset,
          line: batch.endLine,
          counts,
        });
        options.onProgress?.({ ...counts });
      })();
      lastCheckpoint.catch(() => undefined);
      inFlight.push(lastCheckpoint);
    };

    const parse = {
      start: checkpoint.offset,
      line: checkpoint.line,
      now: this.clock.now().getTime(),
      batchSize,
    };
    if (worker === false) await parseNdjson(file, { ...parse, pseudonyms: this.pseudonyms, onBatch: write });
    else await this.parseOnWorker(file, parse, worker.execArgv, write);
    for (const commit of inFlight) await commit;
    rmSync(stateFile, { force: true });
    return {
      ...counts,
      resumedAtLine,
      rejectsFile: counts.rejected > 0 ? rejectsFile : null,
      ms: Date.now() - started,
    };
  }

  private parseOnWorker(
    file: string,
    parse: { start: number; line: number; now: number; batchSize: number },
    execArgv: string[] | undefined,
    write: (batch: ParsedBatch) => Promise<void>,
  ): Promise<void> {
    const data: ImportWorkerData = {
      file,
      ...parse,
      pseudonymKey: this.config.pseudonymKey,
      credits: IN_FLIGHT_WITH_WORKER + WORKER_AHEAD,
    };
    const worker = new Worker(WORKER_FILE, { workerData: data, execArgv });
    return new Promise<void>((resolve, reject) => {
      let failed = false;
      let finished = false;
      let chain = Promise.resolve();
      const fail = (error: unknown): void => {
        if (failed || finished) return;
        failed = true;
        void worker.terminate();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'error') return fail(new Error(message.message));
        if (message.type === 'done') {
          chain.then(() => {
            finished = true;
            void worker.terminate().then(() => resolve());
          }, fail);
          return;
        }
        const { columns, ...rest } = message.batch;
        const batch: ParsedBatch = { ...rest, rows: InteractionRows.fromColumns(columns) };
        // In order: each batch is queued behind the previous one, then a credit goes back.
        chain = chain.then(async () => {
          if (failed) return;
          await write(batch);
          worker.postMessage('credit');
        });
        chain.catch(fail);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && !failed) fail(new Error(`the import worker stopped with code ${code}`));
      });
    });
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
