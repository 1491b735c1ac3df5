import { hashPassword } from '@perkrank/identity';
import { WorldWriter } from '@perkrank/demo';
import { ScoringRunService } from '@perkrank/scores';
import { CURRENT_MODEL, modelByVersion, MODELS } from '@perkrank/scoring';
import { InteractionImporter } from '@perkrank/social';
import { resolve } from 'node:path';
import { withAppContext } from './app-context';
import type { Command } from './command';
import { formatCount, formatSeconds, ProgressBar } from './progress';

function positiveInt(value: unknown, name: string, min = 0): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

class UsageError extends Error {}

export const importInteractions: Command = {
  name: 'import',
  usage: 'import <file.ndjson> [--batch <events>] [--restart]',
  summary: 'Import interactions (one API event per line, or {"account": …}); resumable, reports rejects',
  arguments: [{ name: 'file', description: 'NDJSON file: one API event per line, or {"account": …}' }],
  options: {
    batch: { type: 'string', value: 'events', description: 'events per committed batch (default 10000)' },
    restart: { type: 'boolean', description: 'start over instead of resuming after the last batch' },
  },
  async run({ config, logger, values, positionals }) {
    const file = positionals[0];
    if (!file) {
      process.stderr.write('import needs a file: npm run cli -- import interactions.ndjson\n');
      return 64;
    }
    let batchSize: number | undefined;
    try {
      batchSize = values.batch === undefined ? undefined : positiveInt(values.batch, 'batch', 1);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 64;
    }
    const bar = new ProgressBar({ label: 'import' });
    const started = Date.now();
    const summary = await withAppContext(config, logger, (app) =>
      app.get(InteractionImporter).importFile(resolve(file), {
        batchSize,
        resume: values.restart !== true,
        onProgress: (p) => {
          const rate = p.lines / Math.max(0.001, (Date.now() - started) / 1000);
          bar.update(
            p.totalBytes > 0 ? p.bytes / p.totalBytes : 1,
            `${formatCount(p.lines)} lines, ${formatCount(p.accepted)} stored, ${formatCount(p.duplicates)} duplicates, ${formatCount(p.rejected)} rejected, ${formatCount(rate)} lines/s`,
          );
        },
      }),
    );
    bar.done(`${formatCount(summary.lines)} lines`);
    process.stdout.write(
      [
        summary.resumedAtLine > 0 ? `Resumed after line ${summary.resumedAtLine}.` : undefined,
        `Stored ${summary.accepted} interactions, ${summary.duplicates} duplicates, ${summary.rejected} rejected, ` +
          `${summary.accountsUpdated} account counts updated, in ${formatSeconds(summary.ms / 1000)}.`,
        summary.rejected > 0
          ? `Rejects by code: ${Object.entries(summary.byCode)
              .map(([code, n]) => `${code} ${n}`)
              .join(', ')}; each line is in ${summary.rejectsFile}.`
          : undefined,
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return 0;
  },
};

export const scoreRun: Command = {
  name: 'score:run',
  usage: 'score:run [--as-of <ISO time>] [--model v1|v2]',
  summary: 'Run scoring now, in this process, with a progress bar (waits for a run already going)',
  options: {
    'as-of': { type: 'string', value: 'ISO time', description: 'score as of this time (default now)' },
    model: { type: 'string', value: 'v1|v2', description: 'scoring model (default: the current, v2)' },
  },
  async run({ config, logger, values }) {
    const model = values.model === undefined ? CURRENT_MODEL : modelByVersion(String(values.model));
    if (!model) {
      process.stderr.write(`--model must be one of ${MODELS.map((m) => m.version).join(', ')}\n`);
      return 64;
    }
    const asOfText = values['as-of'];
    const asOf = typeof asOfText === 'string' ? new Date(asOfText) : undefined;
    if (asOf && Number.isNaN(asOf.getTime())) {
      process.stderr.write('--as-of must be an ISO 8601 time, e.g. 2025-06-01T00:00:00Z\n');
      return 64;
    }
    const bar = new ProgressBar({ label: 'score:run' });
    const run = await withAppContext(config, logger, (app) =>
      app.get(ScoringRunService).runNow('cli', {
        asOf,
        model,
        onProgress: (p) => bar.update(p.progress, `${p.phase}: ${p.detail}`),
      }),
    );
    bar.done(`${run.status}`);
    const p = run.phases;
    const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : formatSeconds(ms / 1000));
    process.stdout.write(
      `Run ${run.id} ${run.status}: ${run.members ?? 0} members scored, ${run.nodes ?? 0} nodes, ${run.edges ?? 0} edges from ${run.interactions ?? 0} stored interactions.\n` +
        `Model ${run.modelVersion}.\n` +
        `Phases: load ${seconds(p.load)}, aggregate ${seconds(p.aggregate)}, compute ${seconds(p.compute)}, write ${seconds(p.write)}.\n`,
    );
    return run.status === 'succeeded' ? 0 : 1;
  },
};

export const generateWorldCommand: Command = {
  name: 'generate:world',
  usage: 'generate:world --members <N> --actors <M> --events <E> --seed <S> [--password <pw>]',
  summary: 'Write a deterministic synthetic interaction history (demos, tests, benchmarks)',
  options: {
    members: { type: 'string', value: 'N', description: 'scored members (default 1000)' },
    actors: { type: 'string', value: 'M', description: 'other, pseudonymous actors (default 10000)' },
    events: { type: 'string', value: 'E', description: 'interactions in the 90 days (default 200000)' },
    seed: { type: 'string', value: 'S', description: 'the world’s seed: same seed, same world (default 1)' },
    password: { type: 'string', value: 'pw', description: 'lets the generated members log in (≥ 10 chars)' },
  },
  async run({ config, logger, values }) {
    let members: number, actors: number, events: number, seed: number;
    try {
      members = positiveInt(values.members ?? '1000', 'members', 2);
      actors = positiveInt(values.actors ?? '10000', 'actors');
      events = positiveInt(values.events ?? '200000', 'events');
      seed = positiveInt(values.seed ?? '1', 'seed');
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 64;
    }
    const password = values.password;
    if (typeof password === 'string' && password.length < 10) {
      process.stderr.write('--password must be at least 10 characters long\n');
      return 64;
    }
    const passwordHash = typeof password === 'string' ? await hashPassword(password) : undefined;
    const bar = new ProgressBar({ label: 'generate:world' });
    const summary = await withAppContext(
      config,
      logger,
      (app) =>
        app.get(WorldWriter).write({
          members,
          actors,
          events,
          seed,
          passwordHash,
          onProgress: (p) =>
            bar.update(
              p.phase === 'members'
                ? 0.05 * (p.done / p.total)
                : 0.05 + 0.95 * (p.total > 0 ? p.done / p.total : 1),
              `${p.phase} ${formatCount(p.done)}/${formatCount(p.total)}`,
            ),
        }),
      { demo: true },
    );
    bar.done('done');
    process.stdout.write(
      `World ${seed}: ${summary.members} members with ${summary.accounts} verified accounts, ${summary.actors} other actors, ` +
        `${summary.accepted} interactions stored (${summary.duplicates} already there) in the 90 days before ${summary.now.toISOString()}, ` +
        `in ${formatSeconds(summary.ms / 1000)}.\n` +
        (passwordHash
          ? `Members log in as world-${seed}-<n>@world.perkrank.test with the given password.\n`
          : ''),
    );
    return 0;
  },
};
