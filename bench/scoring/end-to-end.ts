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
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
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
      peak = baseline;
      const cpuBefore = process.cpuUsage();
      // This process's CPU per phase (the database's own work is not in it): on a loaded machine
      // the wall times stretch, CPU time much less.
      const phaseCpu: Record<string, number> = {};
      let phase = '';
      let mark = process.cpuUsage();
      const enter = (next: string): void => {
        const used = process.cpuUsage(mark);
        if (phase) phaseCpu[phase] = (phaseCpu[phase] ?? 0) + (used.user + used.system) / 1000;
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
          `    peak RSS   ${mb(peak)} during the run (target < 1 GB; ${mb(baseline)} before it)`,
          `    machine    load average ${loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')} on ${cpus().length} cores at the end of the run`,
          `    published score distribution ${JSON.stringify((run.stats as { distribution?: unknown } | null)?.distribution ?? null)}`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    clearInterval(sampler);
    await app.close();
    await db.drop();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
