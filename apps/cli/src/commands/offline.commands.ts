/**
 * Offline commands on an interaction dump (`actor<TAB>target<TAB>unix_seconds<TAB>kind`, plain or
 * gzip): `score:file` scores it as the product would, `validate` measures how well each model, each
 * component and the simple baselines predict the engagement received after a split date. No
 * database: they run anywhere the repository builds.
 */
import {
  CURRENT_MODEL,
  FEATURE_NAMES,
  InteractionLogParser,
  MODELS,
  modelByVersion,
  modelChangeReport,
  roundScore,
  scoreLog,
  smoothScore,
  validateLog,
  type ChangeDistribution,
  type ModelChangeReport,
  type InteractionLog,
  type MetricRow,
  type ScoringModel,
  type ValidationReport,
} from '@perkrank/scoring';
import { once } from 'node:events';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Command, CommandContext, CommandOption } from './command';
import { formatCount, formatSeconds, ProgressBar } from './progress';

/** A bad argument or unusable input: the message says what to fix; exit code 64 or 65. */
export class OfflineInputError extends Error {
  constructor(
    message: string,
    readonly exitCode: 64 | 65 = 64,
  ) {
    super(message);
  }
}

export interface OfflineIo {
  readonly stdout: Pick<Writable, 'write'>;
  readonly stderr: NodeJS.WriteStream | Pick<Writable, 'write'>;
}

const PROCESS_IO: OfflineIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * A time argument: unix seconds (`1441065600`), a UTC date (`2015-09-01`, midnight) or an ISO 8601
 * time (`2015-09-01T12:00:00Z`; UTC when no offset is given). Returns unix seconds.
 */
export function parseTimeArgument(value: unknown, name: string): number {
  if (typeof value !== 'string' || value.length === 0) throw new OfflineInputError(`--${name} is required`);
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  const text =
    iso === null
      ? ''
      : iso[1] === undefined
        ? `${value}T00:00:00Z`
        : iso[4] === undefined
          ? `${value}Z`
          : value;
  const ms = Date.parse(text);
  if (iso === null || !Number.isFinite(ms)) {
    throw new OfflineInputError(
      `--${name} must be unix seconds, a date (2015-09-01) or an ISO time (2015-09-01T00:00:00Z), not "${value}"`,
    );
  }
  return ms / 1000;
}

function parseModel(value: unknown, name = 'model'): ScoringModel {
  if (value === undefined) return CURRENT_MODEL;
  const model = typeof value === 'string' ? modelByVersion(value) : undefined;
  if (model === undefined) {
    throw new OfflineInputError(
      `--${name} must be one of ${MODELS.map((m) => m.version).join(', ')}, not "${typeof value === 'string' ? value : typeof value}"`,
    );
  }
  return model;
}

function requiredPath(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new OfflineInputError(`--${name} is required`);
  return resolve(value);
}

/**
 * Reads a dump into columns, gunzipping when the file starts with the gzip magic bytes (whatever
 * its name). Progress on `io.stderr`: share of the file's bytes read, rows, rows per second.
 */
export async function readInteractionLog(path: string, io: OfflineIo = PROCESS_IO): Promise<InteractionLog> {
  let size: number;
  let head: Buffer;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new OfflineInputError(`--input ${path} is not a file`);
    size = stat.size;
    const handle = await fs.open(path, 'r');
    try {
      head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof OfflineInputError) throw error;
    throw new OfflineInputError(
      `--input ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const gzip = size >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let read = 0;
  file.on('data', (chunk) => (read += chunk.length));
  const text: Readable = gzip ? file.pipe(createGunzip()) : file;
  text.setEncoding('utf8');
  const parser = new InteractionLogParser();
  const bar = new ProgressBar({ label: 'read', stream: io.stderr as NodeJS.WriteStream });
  const started = Date.now();
  try {
    for await (const chunk of text) {
      parser.push(chunk as string);
      const rate = parser.rowsSoFar / Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(
        size > 0 ? read / size : 1,
        `${formatCount(parser.rowsSoFar)} rows, ${formatCount(Math.round(rate))} rows/s`,
      );
    }
  } catch (error) {
    file.destroy();
    throw new OfflineInputError(
      `--input ${path} is not readable as ${gzip ? 'gzip' : 'text'}: ${(error as Error).message}`,
      65,
    );
  }
  const log = parser.finish();
  bar.done(`${formatCount(log.rows)} rows`);
  reportSkipped(log, io);
  if (log.rows === 0) {
    throw new OfflineInputError(
      log.lines === 0
        ? `--input ${path} is empty: expected lines of actor<TAB>target<TAB>unix_seconds<TAB>kind`
        : `--input ${path} has no usable rows (${log.malformed} malformed, ${skippedKinds(log)} of unknown kinds)`,
      65,
    );
  }
  return log;
}

function skippedKinds(log: InteractionLog): number {
  let n = 0;
  for (const count of log.unknownKinds.values()) n += count;
  return n;
}

function reportSkipped(log: InteractionLog, io: OfflineIo): void {
  if (log.malformed > 0) {
    io.stderr.write(
      `Skipped ${log.malformed} malformed line${log.malformed === 1 ? '' : 's'}:\n` +
        log.malformedExamples.map((m) => `  line ${m.line}: ${m.reason}\n`).join('') +
        (log.malformed > log.malformedExamples.length ? '  …\n' : ''),
    );
  }
  if (log.unknownKinds.size > 0) {
    const kinds = [...log.unknownKinds].map(([kind, n]) => `"${kind}" ${n}`).join(', ');
    io.stderr.write(
      `Skipped rows of unknown kinds: ${kinds} (known: like, reply, mention, share, comment, answer)\n`,
    );
  }
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeAll(out: Writable, lines: Iterable<string>): Promise<void> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  if (buffer.length > 0 && !out.write(buffer)) await once(out, 'drain');
}

export interface ScoreFileOptions {
  readonly input: string;
  readonly out: string;
  /** Unix seconds. */
  readonly now: number;
  readonly model: ScoringModel;
}

export interface ScoreFileSummary {
  readonly rows: number;
  readonly members: number;
  readonly ms: number;
}

/** `score:file`: reads, scores and writes the CSV; returns what it did. */
export async function scoreFile(
  options: ScoreFileOptions,
  io: OfflineIo = PROCESS_IO,
): Promise<ScoreFileSummary> {
  const started = Date.now();
  const log = await readInteractionLog(options.input, io);
  io.stderr.write(`score: ${options.model.version} at ${new Date(options.now * 1000).toISOString()}…\n`);
  const scored = scoreLog(log, options.now, options.model);
  const members = scored.scores.members;
  if (members.length === 0) {
    throw new OfflineInputError(
      `no member to score: no interaction in --input happened before --now ${new Date(options.now * 1000).toISOString()}`,
      65,
    );
  }
  const out = createWriteStream(options.out);
  const opened = once(out, 'open');
  const failed = new Promise<never>((_, reject) =>
    out.once('error', (error: NodeJS.ErrnoException) =>
      reject(new OfflineInputError(`--out ${options.out} cannot be written: ${error.code ?? error.message}`)),
    ),
  );
  await Promise.race([opened, failed]);
  function* lines(): Generator<string> {
    yield 'id,score,raw,network,engagement,amplification,reach\n';
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const c = m.components;
      yield (
        `${csvField(log.ids[scored.members[i]])},${m.score.toFixed(1)},${m.raw.toFixed(6)},` +
        `${c.network.points.toFixed(1)},${c.engagement.points.toFixed(1)},${c.amplification.points.toFixed(1)},${c.reach.points.toFixed(1)}\n`
      );
    }
  }
  await Promise.race([writeAll(out, lines()), failed]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  const stats = scored.scores.stats;
  const ms = Date.now() - started;
  const flat = FEATURE_NAMES.filter((f) => stats.reference[f].scale === 0);
  io.stdout.write(
    `Scored ${members.length} members (every target that received an interaction before --now) with model ` +
      `${options.model.version} from ${log.rows} rows, ${stats.edgeCount} edges, in ${formatSeconds(ms / 1000)}; wrote ${options.out}.\n` +
      `Rows at or after --now ignored: ${scored.rowsAfterNow}; self-interactions skipped: ${scored.selfInteractions}.\n` +
      'Reach is absent: a dump has no follower data, so reach is 0 points for everyone.\n' +
      (flat.length > 0
        ? `No signal in ${flat.join(', ')} (the same for every member, e.g. no shares): 0 points.\n`
        : '') +
      `Scores: median ${stats.distribution.p50}, p90 ${stats.distribution.p90}, p99 ${stats.distribution.p99}, max ${stats.distribution.max}.\n`,
  );
  return { rows: log.rows, members: members.length, ms };
}

const fmt = (x: number): string => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));

/** The side-by-side table `validate` prints (Markdown, so it pastes into docs as is). */
export function formatValidation(report: ValidationReport, input: string): string {
  const day = (t: number): string =>
    new Date(t * 1000).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  const t = report.task;
  const width = Math.max(9, ...report.rows.map((r) => r.name.length));
  const baselines = report.rows.filter((r) => r.kind === 'baseline');
  const best = (pick: (r: MetricRow) => number): number =>
    Math.max(...baselines.map(pick).filter((x) => !Number.isNaN(x)));
  const line = (r: MetricRow): string =>
    `| ${r.name.padEnd(width)} | ${fmt(r.rho)} | ${fmt(r.top1).padEnd(7)} | ${fmt(r.top01).padEnd(9)} |`;
  const verdicts = report.rows
    .filter((r) => r.kind === 'model' && r.name.startsWith('score'))
    .map(
      (r) =>
        `${r.name}: ρ ${signed(r.rho - best((b) => b.rho))}, top-1 % ${signed(r.top1 - best((b) => b.top1))}, ` +
        `top-0.1 % ${signed(r.top01 - best((b) => b.top01))} against the best baseline of each column`,
    );
  return [
    `input ${input}: split ${day(report.split)}, end ${day(report.end)}`,
    `past interactions ${t.pastInteractions}, future interactions ${t.futureInteractions}; population ${t.population} ` +
      `(received something before the split), of whom ${t.futureReceiversInPopulation} receive in the future window ` +
      `(${t.futureReceivers - t.futureReceiversInPopulation} future receivers are newcomers, not ranked)`,
    `top-1 % = ${Math.max(1, Math.floor(t.population * 0.01))} members, top-0.1 % = ${Math.max(1, Math.floor(t.population * 0.001))}` +
      ' (one member of the top-0.1 % moves that column by 1/k); n/a = the predictor is the same for everyone',
    '',
    `| ${'predictor'.padEnd(width)} | ρ     | top-1 % | top-0.1 % |`,
    `| ${'-'.repeat(width)} | ----- | ------- | --------- |`,
    ...report.rows.map(line),
    '',
    ...verdicts,
    '',
  ].join('\n');
}

function signed(x: number): string {
  if (Math.abs(x) < 0.0005) return '±0.000';
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

export interface ValidateOptions {
  readonly input: string;
  readonly split: number;
  readonly end: number;
  readonly models: readonly ScoringModel[];
  readonly recentDays: number;
}

export async function validateFile(
  options: ValidateOptions,
  io: OfflineIo = PROCESS_IO,
): Promise<ValidationReport> {
  if (!(options.end > options.split)) throw new OfflineInputError('--end must be after --split');
  const log = await readInteractionLog(options.input, io);
  io.stderr.write(
    `validate: scoring the past window with ${options.models.map((m) => m.version).join(', ')}…\n`,
  );
  const report = validateLog(log, options.split, options.end, options.models, options.recentDays);
  if (report.task.population === 0) {
    throw new OfflineInputError('no population: nobody received an interaction before --split', 65);
  }
  io.stdout.write(formatValidation(report, options.input));
  return report;
}

export interface CompareOptions {
  readonly input: string;
  readonly now: number;
  readonly from: ScoringModel;
  readonly to: ScoringModel;
}

/**
 * `score:compare`: what a model change does to a population. Scores the dump with both models at
 * `now`, treats the old model's scores as the published ones, and applies the new model through
 * the moving average exactly as a scoring run would (the first day after the change).
 */
export async function compareModels(
  options: CompareOptions,
  io: OfflineIo = PROCESS_IO,
): Promise<ModelChangeReport> {
  const log = await readInteractionLog(options.input, io);
  io.stderr.write(`score:compare: ${options.from.version} → ${options.to.version}…\n`);
  const before = scoreLog(log, options.now, options.from).scores.members;
  const after = scoreLog(log, options.now, options.to).scores.members;
  if (before.length === 0) throw new OfflineInputError('no member to score before --now', 65);
  const previous = Float64Array.from(before, (m) => m.score);
  const daily = Float64Array.from(after, (m) => m.daily);
  const report = modelChangeReport({
    from: options.from.version,
    to: options.to.version,
    previousScore: previous,
    previousPercentile: Float64Array.from(before, (m) => m.percentile),
    daily,
    published: Float64Array.from(after, (m, i) =>
      roundScore(smoothScore(m.daily, previous[i], options.to), options.to),
    ),
    percentile: Float64Array.from(after, (m) => m.percentile),
  });
  io.stdout.write(formatModelChange(report));
  return report;
}

export function formatModelChange(r: ModelChangeReport): string {
  const d = (x: ChangeDistribution): string =>
    `p1 ${x.p1}, p10 ${x.p10}, median ${x.p50}, p90 ${x.p90}, p99 ${x.p99}; mean |change| ${x.meanAbsolute}; ` +
    `${Math.round(x.beyond5 * 100)} % move more than 5 points`;
  const mover = (m: ModelChangeReport['risers'][number]): string =>
    `| p${m.previousPercentile.toFixed(1)} → p${m.percentile.toFixed(1)} | ${m.previousScore.toFixed(1)} | ${m.daily.toFixed(1)} | ${m.published.toFixed(1)} |`;
  return [
    `Model change ${r.from} → ${r.to}: ${r.members} members with a score under both.`,
    `- Published change (first day, moving average applied): ${d(r.published)}.`,
    `- New model alone (where the moving average is heading): ${d(r.daily)}.`,
    `- The moving average held back ${r.heldBackByMovingAverage} members (${Math.round((100 * r.heldBackByMovingAverage) / Math.max(1, r.members))} %).`,
    '',
    `| ${r.from} percentile band | members | mean published change | mean change, new model alone |`,
    '| --- | --- | --- | --- |',
    ...r.bands.map(
      (b) => `| ${b.from}–${b.to} | ${b.members} | ${b.meanPublishedChange} | ${b.meanDailyChange} |`,
    ),
    '',
    `| largest risers (percentile ${r.from} → ${r.to}) | ${r.from} score | ${r.to} alone | published |`,
    '| --- | --- | --- | --- |',
    ...r.risers.map(mover),
    '',
    `| largest fallers (percentile ${r.from} → ${r.to}) | ${r.from} score | ${r.to} alone | published |`,
    '| --- | --- | --- | --- |',
    ...r.fallers.map(mover),
    '',
  ].join('\n');
}

const DUMP_HELP = [
  'Input: actor<TAB>target<TAB>unix_seconds<TAB>kind per line, no header; kinds like, reply, mention,',
  'share, and comment / answer (read as replies). Unknown kinds and malformed lines are skipped and',
  'reported. Times: unix seconds, a UTC date (2015-09-01) or an ISO time (2015-09-01T00:00:00Z).',
  'Exit codes: 0 done, 64 bad arguments, 65 unusable input. More: docs/scoring.md.',
].join('\n');

async function runOffline(work: () => Promise<unknown>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (error instanceof OfflineInputError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** The --input option every dump command takes. */
const INPUT_OPTION: CommandOption = {
  type: 'string',
  value: 'file',
  description: 'the dump, plain text or gzip (required)',
};

/** The dump and the scoring time, both required, as the scoring commands read them. */
function dumpAt(values: CommandContext['values']): { input: string; now: number } {
  return { input: requiredPath(values.input, 'input'), now: parseTimeArgument(values.now, 'now') };
}

export const scoreFileCommand: Command = {
  name: 'score:file',
  usage: 'score:file --input <file.tsv[.gz]> --now <time> --out <scores.csv> [--model v1|v2]',
  summary: 'Score an interaction dump offline (actor, target, unix_seconds, kind) into a CSV',
  help: DUMP_HELP,
  options: {
    input: INPUT_OPTION,
    now: {
      type: 'string',
      value: 'time',
      description: 'the scoring time; later rows are ignored (required)',
    },
    out: { type: 'string', value: 'scores.csv', description: 'where to write the CSV (required)' },
    model: { type: 'string', value: 'v1|v2', description: 'scoring model (default: the current, v2)' },
  },
  run: ({ values }) =>
    runOffline(() =>
      scoreFile({
        ...dumpAt(values),
        out: requiredPath(values.out, 'out'),
        model: parseModel(values.model),
      }),
    ),
};

export const scoreCompareCommand: Command = {
  name: 'score:compare',
  usage: 'score:compare --input <file.tsv[.gz]> --now <time> [--from v1] [--to v2]',
  summary: 'Report how a model change moves the scores of a dump (distribution, movers by percentile)',
  help: DUMP_HELP,
  options: {
    input: INPUT_OPTION,
    now: { type: 'string', value: 'time', description: 'the scoring time (required)' },
    from: { type: 'string', value: 'v1|v2', description: 'the model members had (default v1)' },
    to: { type: 'string', value: 'v1|v2', description: 'the model they get (default: the current, v2)' },
  },
  run: ({ values }) =>
    runOffline(() =>
      compareModels({
        ...dumpAt(values),
        from: values.from === undefined ? MODELS[0] : parseModel(values.from, 'from'),
        to: parseModel(values.to, 'to'),
      }),
    ),
};

export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate --input <file.tsv[.gz]> --split <date> --end <date> [--model v1|v2] [--recent-days 90]',
  summary: 'Measure how well each model, component and baseline predicts engagement after a split',
  help: DUMP_HELP,
  options: {
    input: INPUT_OPTION,
    split: { type: 'string', value: 'time', description: 'past window: rows before it (required)' },
    end: { type: 'string', value: 'time', description: 'future window: rows from --split to it (required)' },
    model: { type: 'string', value: 'v1|v2', description: 'one model only (default: every model)' },
    'recent-days': {
      type: 'string',
      value: 'days',
      description: 'the recent-count baseline’s days (default 90)',
    },
  },
  run: ({ values }) =>
    runOffline(() => {
      const recent = values['recent-days'] ?? '90';
      if (typeof recent !== 'string' || !/^[1-9]\d*$/.test(recent)) {
        throw new OfflineInputError('--recent-days must be a whole number of days ≥ 1');
      }
      return validateFile({
        input: requiredPath(values.input, 'input'),
        split: parseTimeArgument(values.split, 'split'),
        end: parseTimeArgument(values.end, 'end'),
        models: values.model === undefined ? MODELS : [parseModel(values.model)],
        recentDays: Number(recent),
      });
    }),
};
