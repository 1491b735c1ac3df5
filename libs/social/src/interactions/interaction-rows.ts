/**
 * Interactions as the store keeps them, in columns: when, who (keyed hash), whom (keyed hash),
 * what, plus the keyed hash of the event id for de-duplication. Columns of typed arrays keep a
 * 100k-row batch at ~4 MB with no per-row objects, and encode straight into COPY's binary format.
 */
import type { InteractionKind } from '@perkrank/scoring';
import type { Hash64 } from './pseudonym';

/** The columns alone, trimmed to `length`: what crosses to another thread (transferred, not copied). */
export interface InteractionColumns {
  length: number;
  occurredAt: Float64Array;
  actorHi: Uint32Array;
  actorLo: Uint32Array;
  targetHi: Uint32Array;
  targetLo: Uint32Array;
  kind: Uint8Array;
  eventHi: Uint32Array;
  eventLo: Uint32Array;
}

type TypedColumn = Float64Array | Uint32Array | Uint8Array;
/** Every column, in the order of InteractionColumns; the Uint32Array ones hold the keyed hashes' halves. */
const COLUMNS = [
  'occurredAt',
  'actorHi',
  'actorLo',
  'targetHi',
  'targetLo',
  'kind',
  'eventHi',
  'eventLo',
] as const;
/** The columns by name, each as the typed array it is (TypeScript cannot write a union-keyed field). */
const byName = (columns: InteractionColumns) =>
  columns as unknown as Record<(typeof COLUMNS)[number], TypedColumn>;
const HASH_COLUMNS = ['actorHi', 'actorLo', 'targetHi', 'targetLo', 'eventHi', 'eventLo'] as const;

export class InteractionRows implements InteractionColumns {
  length = 0;
  occurredAt: Float64Array;
  actorHi: Uint32Array;
  actorLo: Uint32Array;
  targetHi: Uint32Array;
  targetLo: Uint32Array;
  kind: Uint8Array;
  eventHi: Uint32Array;
  eventLo: Uint32Array;

  constructor(capacity = 1024) {
    this.occurredAt = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    for (const name of HASH_COLUMNS) this[name] = new Uint32Array(capacity);
  }

  /** Rows over existing columns (a batch handed over from a worker thread). */
  static fromColumns(columns: InteractionColumns): InteractionRows {
    const rows = new InteractionRows(0);
    Object.assign(rows, columns);
    return rows;
  }

  /** Copies of the filled part of each column, and their buffers to transfer with them. */
  trimmedColumns(): { columns: InteractionColumns; buffers: ArrayBuffer[] } {
    const n = this.length;
    const columns = { length: n } as InteractionColumns;
    for (const name of COLUMNS) byName(columns)[name] = this[name].slice(0, n);
    const { length: _length, ...arrays } = columns;
    return { columns, buffers: Object.values(arrays).map((a) => a.buffer as ArrayBuffer) };
  }

  get capacity(): number {
    return this.kind.length;
  }

  push(event: Hash64, occurredAt: number, actor: Hash64, target: Hash64, kind: InteractionKind): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.eventHi[i] = event.hi;
    this.eventLo[i] = event.lo;
    this.occurredAt[i] = occurredAt;
    this.actorHi[i] = actor.hi;
    this.actorLo[i] = actor.lo;
    this.targetHi[i] = target.hi;
    this.targetLo[i] = target.lo;
    this.kind[i] = kind;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    for (const name of COLUMNS) {
      const old = this[name];
      const grown = new (old.constructor as new (n: number) => TypedColumn)(capacity);
      grown.set(old);
      byName(this)[name] = grown;
    }
  }
}

/**
 * Row indices ordered by event key as Postgres orders `bigint` (signed), with repeats of a key
 * after its first occurrence removed. Sorted keys make the inserts into the event-id index walk
 * it in order (~2× faster than random order); `duplicates` counts the repeats within the batch.
 * An LSD radix sort (four 16-bit digits, stable): a comparator sort of 250k rows took ~15× longer.
 */
export function uniqueByEventKey(rows: InteractionRows): {
  order: Uint32Array;
  count: number;
  duplicates: number;
} {
  const n = rows.length;
  const hi = rows.eventHi;
  const lo = rows.eventLo;
  let order = new Uint32Array(n);
  let spare = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(65_537);
  const digits = new Uint16Array(n);
  for (let pass = 0; pass < 4; pass++) {
    for (let i = 0; i < n; i++) {
      // The sign bit flipped: negative bigints sort before positive ones, as in Postgres.
      const word = pass < 2 ? lo[i] : (hi[i] ^ 0x80000000) >>> 0;
      digits[i] = pass % 2 === 0 ? word & 0xffff : word >>> 16;
    }
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[digits[order[k]] + 1]++;
    for (let d = 0; d < 65_536; d++) counts[d + 1] += counts[d];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      spare[counts[digits[i]]++] = i;
    }
    [order, spare] = [spare, order];
  }
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (count > 0) {
      const last = order[count - 1];
      if (hi[last] === hi[i] && lo[last] === lo[i]) continue;
    }
    order[count++] = i;
  }
  return { order, count, duplicates: n - count };
}

/** Postgres timestamps count microseconds from 2000-01-01 UTC. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_LENGTH = 19;
/** Interaction row: field count, then occurred_at, actor_key, target_key (8 bytes each), kind (2). */
export const INTERACTION_ROW_BYTES = 2 + (4 + 8) * 3 + (4 + 2);
/** Event-id row: field count, event_key, occurred_at. */
const EVENT_ID_ROW_BYTES = 2 + (4 + 8) * 2;

function header(buffer: Buffer): number {
  SIGNATURE.copy(buffer, 0);
  buffer.writeInt32BE(0, 11); // flags
  buffer.writeInt32BE(0, 15); // header extension length
  return HEADER_LENGTH;
}

// Rows are written and read through DataView: V8 compiles its accessors to plain loads and
// stores, ~10× faster than Buffer's writeUInt32BE/readUInt32BE in these loops.
const viewOf = (buffer: Buffer): DataView =>
  new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);

function writeTimestamp(view: DataView, offset: number, ms: number): void {
  const micros = (ms - PG_EPOCH_MS) * 1000;
  const high = Math.floor(micros / TWO_32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, micros - high * TWO_32);
}

/** The rows `order[0..count)` in COPY binary format, columns (occurred_at, actor_key, target_key, kind). */
export function encodeInteractions(rows: InteractionRows, order: Uint32Array, count: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_LENGTH + count * INTERACTION_ROW_BYTES + 2);
  const view = viewOf(buffer);
  let o = header(buffer);
  for (let k = 0; k < count; k++) {
    const i = order[k];
    view.setInt16(o, 4);
    view.setInt32(o + 2, 8);
    writeTimestamp(view, o + 6, rows.occurredAt[i]);
    view.setInt32(o + 14, 8);
    view.setUint32(o + 18, rows.actorHi[i]);
    view.setUint32(o + 22, rows.actorLo[i]);
    view.setInt32(o + 26, 8);
    view.setUint32(o + 30, rows.targetHi[i]);
    view.setUint32(o + 34, rows.targetLo[i]);
    view.setInt32(o + 38, 2);
    view.setInt16(o + 42, rows.kind[i]);
    o += INTERACTION_ROW_BYTES;
  }
  view.setInt16(o, -1);
  return buffer;
}

/** The event keys of `order[0..count)` in COPY binary format, columns (event_key, occurred_at). */
export function encodeEventIds(rows: InteractionRows, order: Uint32Array, count: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_LENGTH + count * EVENT_ID_ROW_BYTES + 2);
  const view = viewOf(buffer);
  let o = header(buffer);
  for (let k = 0; k < count; k++) {
    const i = order[k];
    view.setInt16(o, 2);
    view.setInt32(o + 2, 8);
    view.setUint32(o + 6, rows.eventHi[i]);
    view.setUint32(o + 10, rows.eventLo[i]);
    view.setInt32(o + 14, 8);
    writeTimestamp(view, o + 18, rows.occurredAt[i]);
    o += EVENT_ID_ROW_BYTES;
  }
  view.setInt16(o, -1);
  return buffer;
}

/** One decoded chunk of stored interactions; the arrays are reused, consume before the next. */
export interface StoredInteractionBatch {
  readonly length: number;
  readonly actorHi: Uint32Array;
  readonly actorLo: Uint32Array;
  readonly targetHi: Uint32Array;
  readonly targetLo: Uint32Array;
  readonly kind: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly occurredAt: Float64Array;
}

/**
 * Streaming parser for `COPY (actor_key, target_key, kind, occurred_at) TO STDOUT (FORMAT binary)`:
 * every row has the same 44 bytes (the columns are NOT NULL), so it is read with fixed offsets and
 * no per-row allocation. Chunks may split rows anywhere; feed them in order, one COPY at a time.
 */
export class StoredInteractionDecoder {
  private readonly batch: {
    length: number;
    actorHi: Uint32Array;
    actorLo: Uint32Array;
    targetHi: Uint32Array;
    targetLo: Uint32Array;
    kind: Uint8Array;
    occurredAt: Float64Array;
  };
  private carry: Buffer = Buffer.alloc(0);
  private needHeader = true;
  private ended = false;
  rows = 0;

  constructor(
    private readonly emit: (batch: StoredInteractionBatch) => void,
    capacity = 65_536,
  ) {
    this.batch = {
      length: 0,
      actorHi: new Uint32Array(capacity),
      actorLo: new Uint32Array(capacity),
      targetHi: new Uint32Array(capacity),
      targetLo: new Uint32Array(capacity),
      kind: new Uint8Array(capacity),
      occurredAt: new Float64Array(capacity),
    };
  }

  /** Starts the next COPY stream (each has its own header and trailer). */
  reset(): void {
    this.carry = Buffer.alloc(0);
    this.needHeader = true;
    this.ended = false;
  }

  /** Feeds the next bytes of the COPY stream (any cut). */
  push(chunk: Buffer): void {
    this.payload(chunk, viewOf(chunk), 0, chunk.length);
  }

  /**
   * Feeds `length` bytes of the stream found at `offset` of `data`. A CopyData message holds
   * exactly one row, so the common case decodes in place with no copy.
   */
  payload(data: Buffer, view: DataView, offset: number, length: number): void {
    if (this.ended) return;
    if (this.carry.length === 0 && !this.needHeader && length === INTERACTION_ROW_BYTES) {
      this.row(view, offset);
      return;
    }
    this.bytes(Buffer.concat([this.carry, data.subarray(offset, offset + length)]));
  }

  private bytes(data: Buffer): void {
    let o = 0;
    this.carry = Buffer.alloc(0);
    if (this.needHeader) {
      if (data.length < HEADER_LENGTH) {
        this.carry = Buffer.from(data);
        return;
      }
      if (!data.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
      const extension = data.readInt32BE(15);
      o = HEADER_LENGTH + extension;
      this.needHeader = false;
    }
    const view = viewOf(data);
    const length = data.length;
    while (o + 2 <= length) {
      if (view.getInt16(o) === -1) {
        this.ended = true;
        return;
      }
      if (o + INTERACTION_ROW_BYTES > length) break;
      this.row(view, o);
      o += INTERACTION_ROW_BYTES;
    }
    if (o < length) this.carry = Buffer.from(data.subarray(o));
  }

  private row(view: DataView, o: number): void {
    const fields = view.getInt16(o);
    if (fields === -1) {
      this.ended = true;
      return;
    }
    if (fields !== 4) throw new Error(`expected 4 columns per row, got ${fields}`);
    const b = this.batch;
    const i = b.length;
    b.actorHi[i] = view.getUint32(o + 6);
    b.actorLo[i] = view.getUint32(o + 10);
    b.targetHi[i] = view.getUint32(o + 18);
    b.targetLo[i] = view.getUint32(o + 22);
    b.kind[i] = view.getInt16(o + 30);
    const micros = view.getInt32(o + 36) * TWO_32 + view.getUint32(o + 40);
    b.occurredAt[i] = micros / 1000 + PG_EPOCH_MS;
    if (++b.length === b.kind.length) this.flush();
  }

  /** Hands over the rows decoded so far. */
  flush(): void {
    if (this.batch.length === 0) return;
    this.rows += this.batch.length;
    this.emit(this.batch);
    this.batch.length = 0;
  }
}
