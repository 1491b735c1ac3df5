/**
 * End-to-end scoring run over stored interactions: a generated world (default 100k members, 1M
 * other actors, 20M interactions) is written into a fresh database through the real store, then
 * two scoring runs read it back and publish every member's score (the first run, then the nightly
 * one). Prints each run's phases — load (COPY out, pseudonym → node mapping, rows into the
 * aggregator), aggregate, compute, write — as wall time and as this process's CPU time (the
 * figure to compare on a loaded machine), and peak memory.
 * Target (issue #17): the run ≤ 15 s in < 1 GB at 1M nodes / 20M interactions on a quiet 2-core machine.
 *
 *   node -r ./bench/support/register.js bench/scoring/end-to-end.ts [--members N] [--actors M] [--events E] [--seed S] [--scale X]
 *
 * --scale X (or SCORING_BENCH_SCALE=X) multiplies the default sizes (e.g. 0.1 for a quick check);
 * explicit --members / --actors / --events win over it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { WorldWriter } from '@perkrank/demo';
import { ScoringRunService } from '@perkrank/scores';
import {
  benchConfig,
  benchContext,
  createBenchDatabase,
  mb,
  numberFlags,
  rate,
  startBenchServer,
} from '../support/bench-app';

async function main(): Promise<void> {
  const scaleAt = process.argv.indexOf('--scale');
  const scale = Number(scaleAt >= 0 ? process.argv[scaleAt + 1] : (process.env.SCORING_BENCH_SCALE ?? 1));
  if (!(scale > 0 && scale <= 4)) throw new Error(`--scale ${scale} must be in (0, 4]`);
  const { scale: _, ...flags } = numberFlags({
    members: Math.round(100_000 * scale),
    actors: Math.round(1_000_000 * scale),
    events: Math.round(20_000_000 * scale),
    seed: 1,
    scale,
  });
  const server = await startBenchServer();
  const db = await createBenchDatabase(server.serverUrl, `perkrank_bench_e2e_${process.pid}`);
  const app = await benchContext(benchConfig(), db.url);
  const peak = new PeakRss();
  try {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    process.stdout.write(
      `End-to-end scoring run: ${flags.members.toLocaleString('en')} members, ${flags.actors.toLocaleString('en')} other actors, ${flags.events.toLocaleString('en')} stored interactions\n`,
    );
    const setupStarted = Date.now();
    let lastLine = 0;
    const world = await app.get(WorldWriter).write({
      ...flags,
      now,
      onProgress: (p) => {
        if (Date.now() - lastLine < 10_000) return;
        lastLine = Date.now();
        process.stdout.write(
          `  setup: ${p.phase} ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}\n`,
        );
      },
    });
    const setupMs = Date.now() - setupStarted;
    process.stdout.write(
      `  setup (not part of the run): world written in ${(setupMs / 1000).toFixed(1)} s (${rate(world.accepted, setupMs)} interactions)\n`,
    );
    const s = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1).padStart(6)} s`;
    // The first run publishes every member for the first time (and queues each one's "your score
    // is out" mail in its write phase); the second is the nightly run: same rows, scores to smooth.
    for (const label of [
      'first run (every member scored for the first time)',
      'nightly run (the same world again)',
    ]) {
      const baseline = process.memoryUsage().rss;
      peak.reset();
      // Each phase's own peak, so the run's peak has a place.
      const phasePeak: Record<string, number> = {};
      const cpuBefore = process.cpuUsage();
      // This process's CPU per phase (the database's own work is not in it): on a loaded machine
      // the wall times stretch, CPU time much less.
      const phaseCpu: Record<string, number> = {};
      let phase = '';
      let mark = process.cpuUsage();
      const enter = (next: string): void => {
        const used = process.cpuUsage(mark);
        if (phase) phaseCpu[phase] = (phaseCpu[phase] ?? 0) + (used.user + used.system) / 1000;
        phasePeak[phase || 'start'] = Math.max(phasePeak[phase || 'start'] ?? 0, peak.read());
        peak.reset();
        mark = process.cpuUsage();
        phase = next;
      };
      const run = await app.get(ScoringRunService).runNow('cli', {
        asOf: now,
        onProgress: (progress) => {
          if (progress.phase !== phase) enter(progress.phase);
        },
      });
      enter('');
      const cpu = process.cpuUsage(cpuBefore);
      const p = run.phases;
      const total = (p.load ?? 0) + (p.aggregate ?? 0) + (p.compute ?? 0) + (p.write ?? 0);
      process.stdout.write(
        [
          `  ${label} ${run.status}: ${run.members?.toLocaleString('en')} members scored, ${run.nodes?.toLocaleString('en')} nodes, ${run.edges?.toLocaleString('en')} edges`,
          `    phase      wall      CPU here`,
          `    load       ${s(p.load)}  ${s(phaseCpu.load)}  (${rate(run.interactions ?? 0, p.load ?? 1)} interactions read, mapped and fed to the aggregator)`,
          `    aggregate  ${s(p.aggregate)}  ${s(phaseCpu.aggregate)}  (renumbering, grouping by actor, selectivity, caps, decay)`,
          `    compute    ${s(p.compute)}  ${s(phaseCpu.compute)}  (PageRank ${JSON.stringify((run.stats as { pageRank?: unknown } | null)?.pageRank ?? null)})`,
          `    write      ${s(p.write)}  ${s(phaseCpu.write)}  (COPY of scores and snapshots, member_scores, first-score mails)`,
          `    total      ${s(total)}  (target ≤ 15 s at the default size on a quiet 2-core machine); this process's CPU ${s((cpu.user + cpu.system) / 1000)}`,
          `    peak RSS   ${mb(Math.max(...Object.values(phasePeak)))} during the run (target < 1 GB; ${mb(baseline)} before it; ${peak.exact ? "the kernel's high-water mark" : 'sampled every 100 ms'})`,
          `               by phase: ${['load', 'aggregate', 'compute', 'write'].map((name) => `${name} ${mb(phasePeak[name] ?? 0)}`).join(', ')}`,
          `    machine    load average ${loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')} on ${cpus().length} cores at the end of the run`,
          `    published score distribution ${JSON.stringify((run.stats as { distribution?: unknown } | null)?.distribution ?? null)}`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    peak.stop();
    await app.close();
    await db.drop();
    await server.stop();
  }
}

/**
 * Peak resident memory. On Linux it is the kernel's own high-water mark (VmHWM), reset by writing
 * 5 to /proc/self/clear_refs, so a phase that never yields to the event loop (aggregate and compute
 * run in one go) is measured as exactly as the others; elsewhere a 100 ms sampler, which can miss
 * such a phase's peak.
 */
class PeakRss {
  readonly exact: boolean;
  private sampled = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    let exact: boolean;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      exact = this.highWater() > 0;
    } catch {
      exact = false;
    }
    this.exact = exact;
    this.timer = setInterval(() => (this.sampled = Math.max(this.sampled, process.memoryUsage().rss)), 100);
    this.reset();
  }

  reset(): void {
    if (this.exact) writeFileSync('/proc/self/clear_refs', '5');
    this.sampled = process.memoryUsage().rss;
  }

  /** The peak since the last reset, in bytes. */
  read(): number {
    return Math.max(this.exact ? this.highWater() : this.sampled, process.memoryUsage().rss);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private highWater(): number {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return kb ? Number(kb[1]) * 1024 : 0;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
