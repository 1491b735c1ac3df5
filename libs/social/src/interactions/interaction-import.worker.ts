/**
 * Worker thread of the NDJSON import: parses, checks and hashes the file (the CPU-heavy part)
 * while the main thread only writes to Postgres — on two cores the import then runs at the
 * database's pace instead of alternating with it. Batches go to the main thread with their
 * columns transferred, not copied; at most `credits` batches are ahead of the writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { InteractionColumns } from './interaction-rows';
import { parseNdjson, type ParsedBatch } from './ndjson-batches';
import { Pseudonymizer } from './pseudonym';

export interface ImportWorkerData {
  file: string;
  start: number;
  line: number;
  now: number;
  batchSize: number;
  pseudonymKey: string;
  credits: number;
}

/** A batch as posted: the rows as bare columns. */
export type PostedBatch = Omit<ParsedBatch, 'rows'> & { columns: InteractionColumns };

export type WorkerMessage =
  { type: 'batch'; batch: PostedBatch } | { type: 'done' } | { type: 'error'; message: string };

if (parentPort) {
  const port = parentPort;
  const data = workerData as ImportWorkerData;
  let credits = data.credits;
  let wake: (() => void) | undefined;
  port.on('message', (message: 'credit') => {
    if (message !== 'credit') return;
    credits++;
    wake?.();
  });
  parseNdjson(data.file, {
    start: data.start,
    line: data.line,
    now: data.now,
    batchSize: data.batchSize,
    pseudonyms: new Pseudonymizer(data.pseudonymKey),
    readSize: 1 << 20,
    onBatch: async (batch) => {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      const { rows, ...rest } = batch;
      const { columns, buffers } = rows.trimmedColumns();
      const message: WorkerMessage = { type: 'batch', batch: { ...rest, columns } };
      port.postMessage(message, buffers);
    },
  }).then(
    () => port.postMessage({ type: 'done' } satisfies WorkerMessage),
    (error: unknown) =>
      port.postMessage({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerMessage),
  );
}
