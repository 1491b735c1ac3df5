/**
 * `score:file` throughput: writes a generated interaction dump (default 5M rows, gzip, the format
 * `npm run cli -- score:file` reads) to a temporary directory, then scores it with the command's own
 * code path — read + gunzip + parse, aggregate, PageRank, features, calibration, CSV out — and
 * prints rows per second per phase and peak memory. Target: 5M rows well under a minute.
 *
 *   node -r ./bench/support/register.js bench/scoring/score-file.ts [--rows N] [--seed S] [--input <dump>]
 *
 * SCORING_BENCH_SCALE=X (as for the rest of `npm run bench:scoring`) multiplies the default rows.
 *
 * `--input` scores an existing dump instead (e.g. SNAP's sx-mathoverflow, see docs/scoring.md),
 * at one second after its last row.
 */
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, constants } from 'node:zlib';
import { CURRENT_MODEL, generateWorld, INTERACTION_KIND_NAMES } from '@perkrank/scoring';
import { readInteractionLog, scoreFile } from '../../apps/cli/src/commands/offline.commands';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** A generated world as a dump with numeric ids, as SNAP and most exports have: members ~ 1 % of the rows, actors ~ 10 %. */
async function writeDump(path: string, rows: number, seed: number): Promise<number> {
  const now = Date.UTC(2026, 0, 1);
  const world = generateWorld({
    members: Math.max(100, Math.round(rows / 100)),
    actors: Math.max(1000, Math.round(rows / 10)),
    events: rows,
    seed,
    now,
  });
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const done = gzip.pipe(createWriteStream(path));
  let buffer = '';
  for (const e of world.events()) {
    buffer += `${e.actor}\t${e.target}\t${Math.floor(e.timestamp / 1000)}\t${INTERACTION_KIND_NAMES[e.kind]}\n`;
    if (buffer.length > 1 << 20) {
      if (!gzip.write(buffer)) await once(gzip, 'drain');
      buffer = '';
    }
  }
  gzip.end(buffer);
  await once(done, 'finish');
  return now / 1000;
}

async function main(): Promise<void> {
  const rows = Number(flag('rows') ?? Math.round(5_000_000 * Number(process.env.SCORING_BENCH_SCALE ?? 1)));
  const seed = Number(flag('seed') ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-bench-score-file-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const quiet = { stdout: process.stdout, stderr: { write: () => true } };
  try {
    let input = flag('input');
    let now: number;
    if (input === undefined) {
      input = join(dir, 'dump.tsv.gz');
      const started = Date.now();
      now = await writeDump(input, rows, seed);
      process.stdout.write(
        `Generated ${rows.toLocaleString('en')} rows (${mb(statSync(input).size)} gzip) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } else {
      const log = await readInteractionLog(input, quiet);
      now = Math.max(...log.time) + 1;
    }
    peak = process.memoryUsage().rss;
    const cpu = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1e6;
    };
    const readStarted = Date.now();
    const readCpu = process.cpuUsage();
    const log = await readInteractionLog(input, quiet);
    const readSeconds = (Date.now() - readStarted) / 1000;
    const readCpuSeconds = cpu(readCpu);
    const started = Date.now();
    const commandCpu = process.cpuUsage();
    const summary = await scoreFile(
      { input, out: join(dir, 'scores.csv'), now, model: CURRENT_MODEL },
      { stdout: { write: () => true }, stderr: quiet.stderr },
    );
    const seconds = (Date.now() - started) / 1000;
    const cpuSeconds = cpu(commandCpu);
    process.stdout.write(
      `score:file (model ${CURRENT_MODEL.version}): ${log.rows.toLocaleString('en')} rows, ${summary.members.toLocaleString('en')} members scored\n` +
        `  read + parse alone: ${readSeconds.toFixed(1)} s wall, ${readCpuSeconds.toFixed(1)} s CPU (${Math.round(log.rows / readSeconds).toLocaleString('en')} rows/s wall)\n` +
        `  whole command:      ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (${Math.round(log.rows / seconds).toLocaleString('en')} rows/s wall), peak RSS ${mb(peak)}\n` +
        '  (CPU seconds are what a quiet machine would take as wall time: the command is single-threaded)\n',
    );
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
