/**
 * `COPY … TO STDOUT (FORMAT binary)` read straight off the connection's socket into the row
 * decoder. pg-copy-streams, the usual way, slices a Buffer for each CopyData message — one per
 * row — then concatenates them again: at ~1 µs a row that was most of the load phase of a
 * 20M-row scoring run. Here rows are decoded in place from the socket chunks.
 *
 * It takes the socket over the way pg-copy-streams does (pg's public `Submittable` hook, then the
 * connection's raw stream until CopyDone), and hands everything after CopyDone — or an error —
 * back to pg, which finishes the query as usual.
 */
import type { Connection, PoolClient, Submittable } from 'pg';
import type { Readable } from 'node:stream';
import type { StoredInteractionDecoder } from './interaction-rows';

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'

type Listener = (chunk: Buffer) => void;

class CopyOutQuery implements Submittable {
  private stream?: Readable & { listeners(event: 'data'): Listener[] };
  private pgDataHandler?: Listener;
  private pending = Buffer.alloc(0);
  private detached = false;
  private readonly onReadable = (): void => this.drain();

  constructor(
    private readonly text: string,
    private readonly decoder: StoredInteractionDecoder,
    private readonly settle: (error?: Error) => void,
  ) {}

  submit(connection: Connection): void {
    const stream = (connection as unknown as { stream: CopyOutQuery['stream'] }).stream!;
    this.stream = stream;
    const handlers = stream.listeners('data');
    if (handlers.length !== 1) throw new Error('unexpected pg connection state for COPY');
    this.pgDataHandler = handlers[0];
    stream.removeListener('data', this.pgDataHandler);
    stream.pause();
    stream.on('readable', this.onReadable);
    (connection as unknown as { query(text: string): void }).query(this.text);
  }

  /** pg calls these once it owns the connection again. */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle();
  }

  private drain(): void {
    const stream = this.stream!;
    let chunk: Buffer | null;
    while (!this.detached && (chunk = stream.read() as Buffer | null) !== null) this.parse(chunk);
  }

  private parse(chunk: Buffer): void {
    let start = 0;
    if (this.pending.length > 0) {
      // A message cut by the socket: complete it from the head of this chunk (a few dozen bytes
      // at most), then parse the rest of the chunk in place.
      const head = Buffer.concat([this.pending, chunk.subarray(0, Math.max(0, 5 - this.pending.length))]);
      if (head.length < 5) {
        this.pending = head;
        return;
      }
      const total = 1 + head.readUInt32BE(1);
      const need = total - this.pending.length;
      if (need > chunk.length) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const message = Buffer.concat([this.pending, chunk.subarray(0, need)]);
      this.pending = Buffer.alloc(0);
      if (
        !this.message(message, new DataView(message.buffer, message.byteOffset, message.byteLength), 0, total)
      ) {
        this.detach(Buffer.concat([message.subarray(total), chunk.subarray(need)]));
        return;
      }
      start = need;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const length = chunk.length;
    let o = start;
    while (o + 5 <= length) {
      const total = 1 + view.getUint32(o + 1);
      if (chunk[o] === ERROR_RESPONSE) return this.detach(chunk.subarray(o));
      if (o + total > length) break;
      if (!this.message(chunk, view, o, total)) return this.detach(chunk.subarray(o + total));
      o += total;
    }
    if (o < length) this.pending = Buffer.from(chunk.subarray(o));
  }

  /**
   * One whole message at `o`; false once the copy is over (CopyDone). An ErrorResponse never
   * gets here: it is handed back to pg before it is complete, with everything after it.
   */
  private message(data: Buffer, view: DataView, o: number, total: number): boolean {
    const code = data[o];
    if (code === COPY_DATA) this.decoder.payload(data, view, o + 5, total - 5);
    else if (code === COPY_DONE) return false;
    // Anything else — CopyOutResponse, a notice or parameter change in between — is skipped.
    return true;
  }

  /** Gives the connection back to pg with whatever follows (CommandComplete, ReadyForQuery…). */
  private detach(rest: Buffer): void {
    this.detached = true;
    this.decoder.flush();
    const stream = this.stream!;
    stream.removeListener('readable', this.onReadable);
    stream.addListener('data', this.pgDataHandler!);
    if (rest.length > 0) this.pgDataHandler!(rest);
    process.nextTick(() => stream.resume());
  }
}

/** Runs a binary `COPY … TO STDOUT` on `client`, feeding every row to `decoder`. */
export function copyOutInto(
  client: PoolClient,
  sql: string,
  decoder: StoredInteractionDecoder,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const query = new CopyOutQuery(sql, decoder, (error) => (error ? reject(error) : resolve()));
    void client.query(query);
  });
}
