/**
 * An interaction dump in memory: `actor<TAB>target<TAB>unix_seconds<TAB>kind` lines, no header,
 * parsed into columns (typed arrays, 17 bytes a row) with dense node ids. Pure: the caller streams
 * the text in (`push`, any chunking, a partial last line is kept for the next chunk) and calls
 * `finish`. Used by the offline commands `score:file` and `validate`.
 */
import { InteractionKind } from './model';

/** Kind names accepted in a dump; `comment` and `answer` (Q&A sites) are written replies. */
export const LOG_KIND_NAMES: Readonly<Record<string, InteractionKind>> = Object.freeze({
  like: InteractionKind.Like,
  reply: InteractionKind.Reply,
  comment: InteractionKind.Reply,
  answer: InteractionKind.Reply,
  mention: InteractionKind.Mention,
  share: InteractionKind.Share,
});

export interface MalformedLine {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly reason: string;
}

export interface InteractionLog {
  /** Rows kept (well-formed, known kind). Columns hold `rows` entries. */
  readonly rows: number;
  readonly actor: Int32Array;
  readonly target: Int32Array;
  /** Unix seconds. */
  readonly time: Float64Array;
  readonly kind: Uint8Array;
  /** Original id of each dense node id, in order of first appearance. */
  readonly ids: readonly string[];
  /** Lines read, blank lines excluded. */
  readonly lines: number;
  readonly malformed: number;
  /** The first malformed lines (at most 10), for the error report. */
  readonly malformedExamples: readonly MalformedLine[];
  /** Rows skipped per unknown kind. */
  readonly unknownKinds: ReadonlyMap<string, number>;
}

const FIRST_CAPACITY = 1 << 14;
const MAX_EXAMPLES = 10;
/** Decimal ids up to 15 digits are exact doubles. */
const MAX_NUMERIC_ID_DIGITS = 15;

export class InteractionLogParser {
  private actor = new Int32Array(FIRST_CAPACITY);
  private target = new Int32Array(FIRST_CAPACITY);
  private time = new Float64Array(FIRST_CAPACITY);
  private kind = new Uint8Array(FIRST_CAPACITY);
  private rows = 0;
  private lines = 0;
  private lineNumber = 0;
  private malformed = 0;
  private readonly examples: MalformedLine[] = [];
  private readonly unknownKinds = new Map<string, number>();
  private readonly idOf = new Map<string, number>();
  private readonly numericIdOf = new Map<number, number>();
  private readonly ids: string[] = [];
  private rest = '';
  private finished = false;

  /** Feeds the next piece of text; lines may span pieces. */
  push(text: string): void {
    if (this.finished) throw new Error('the parser has already finished');
    let from = 0;
    let data = text;
    if (this.rest.length > 0) {
      data = this.rest + text;
      this.rest = '';
    }
    for (;;) {
      const end = data.indexOf('\n', from);
      if (end < 0) break;
      this.parseLine(data, from, end);
      from = end + 1;
    }
    if (from < data.length) this.rest = data.slice(from);
  }

  /** Rows kept so far (for progress reports). */
  get rowsSoFar(): number {
    return this.rows;
  }

  finish(): InteractionLog {
    if (this.finished) throw new Error('the parser has already finished');
    if (this.rest.length > 0) {
      const last = this.rest;
      this.rest = '';
      this.parseLine(last, 0, last.length);
    }
    this.finished = true;
    const n = this.rows;
    return {
      rows: n,
      actor: this.actor.slice(0, n),
      target: this.target.slice(0, n),
      time: this.time.slice(0, n),
      kind: this.kind.slice(0, n),
      ids: this.ids,
      lines: this.lines,
      malformed: this.malformed,
      malformedExamples: this.examples,
      unknownKinds: this.unknownKinds,
    };
  }

  private parseLine(data: string, from: number, to: number): void {
    this.lineNumber++;
    let end = to;
    if (end > from && data.charCodeAt(end - 1) === 13) end--; // CRLF
    if (end === from) return;
    this.lines++;
    const t1 = data.indexOf('\t', from);
    const t2 = t1 < 0 || t1 >= end ? -1 : data.indexOf('\t', t1 + 1);
    const t3 = t2 < 0 || t2 >= end ? -1 : data.indexOf('\t', t2 + 1);
    if (t3 < 0 || t3 >= end)
      return this.reject('expected 4 tab-separated fields: actor, target, unix_seconds, kind');
    const t4 = data.indexOf('\t', t3 + 1);
    if (t4 >= 0 && t4 < end) return this.reject('more than 4 tab-separated fields');
    if (t1 === from || t2 === t1 + 1) return this.reject('empty actor or target');
    const secondsText = data.slice(t2 + 1, t3);
    const seconds = secondsText.length > 0 && /^\d+(\.\d+)?$/.test(secondsText) ? Number(secondsText) : NaN;
    if (!Number.isFinite(seconds)) return this.reject(`unix_seconds "${clip(secondsText)}" is not a number`);
    const kindText = data.slice(t3 + 1, end);
    const kind = LOG_KIND_NAMES[kindText];
    if (kind === undefined || !Object.prototype.hasOwnProperty.call(LOG_KIND_NAMES, kindText)) {
      this.unknownKinds.set(kindText, (this.unknownKinds.get(kindText) ?? 0) + 1);
      return;
    }
    if (this.rows === this.actor.length) this.grow();
    const i = this.rows++;
    this.actor[i] = this.node(data, from, t1);
    this.target[i] = this.node(data, t1 + 1, t2);
    this.time[i] = seconds;
    this.kind[i] = kind;
  }

  /**
   * Dense id of the id text `data[from, to)`. Canonical decimal ids (most dumps) are looked up as
   * numbers without cutting a string out of the line — several times faster than string keys —
   * and every other id as its text; the two can't collide, since a canonical decimal has exactly
   * one spelling.
   */
  private node(data: string, from: number, to: number): number {
    const length = to - from;
    if (length <= MAX_NUMERIC_ID_DIGITS && (length === 1 || data.charCodeAt(from) !== 48)) {
      let value = 0;
      let k = from;
      for (; k < to; k++) {
        const digit = data.charCodeAt(k) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (k === to) {
        let v = this.numericIdOf.get(value);
        if (v === undefined) {
          v = this.ids.length;
          this.numericIdOf.set(value, v);
          this.ids.push(data.slice(from, to));
        }
        return v;
      }
    }
    const id = data.slice(from, to);
    let v = this.idOf.get(id);
    if (v === undefined) {
      v = this.ids.length;
      this.idOf.set(id, v);
      this.ids.push(id);
    }
    return v;
  }

  private reject(reason: string): void {
    this.malformed++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ line: this.lineNumber, reason });
  }

  private grow(): void {
    const capacity = this.actor.length * 2;
    const actor = new Int32Array(capacity);
    actor.set(this.actor);
    this.actor = actor;
    const target = new Int32Array(capacity);
    target.set(this.target);
    this.target = target;
    const time = new Float64Array(capacity);
    time.set(this.time);
    this.time = time;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
  }
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** Pure form, for tests and small inputs. */
export function parseInteractionLog(text: string): InteractionLog {
  const parser = new InteractionLogParser();
  parser.push(text);
  return parser.finish();
}
