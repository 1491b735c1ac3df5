/**
 * End-to-end scoring run over stored interactions: a generated world (default 100k members, 1M
 * other actors, 20M interactions) is written into a fresh database through the real store, then
 * one scoring run reads it back and publishes every member's score. Prints the run's phases —
 * load (COPY out + pseudonym → node mapping), aggregate, compute, write — and peak memory.
 * Target: the run under 2 minutes.
 *
 *   node -r ./bench/support/register.js bench/scoring/end-to-end.ts [--members N] [--actors M] [--events E] [--seed S]
 */
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
  const flags = numberFlags({ members: 100_000, actors: 1_000_000, events: 20_000_000, seed: 1 });
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
    const baseline = process.memoryUsage().rss;
    peak = baseline;
    const run = await app.get(ScoringRunService).runNow('cli', { asOf: now });
    const p = run.phases;
    const total = (p.load ?? 0) + (p.aggregate ?? 0) + (p.compute ?? 0) + (p.write ?? 0);
    const s = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1).padStart(6)} s`;
    process.stdout.write(
      [
        `  run ${run.status}: ${run.members?.toLocaleString('en')} members scored, ${run.nodes?.toLocaleString('en')} nodes, ${run.edges?.toLocaleString('en')} edges`,
        `    load       ${s(p.load)}  (${rate(run.interactions ?? 0, p.load ?? 1)} interactions read and mapped)`,
        `    aggregate  ${s(p.aggregate)}`,
        `    compute    ${s(p.compute)}  (PageRank ${JSON.stringify((run.stats as { pageRank?: unknown } | null)?.pageRank ?? null)})`,
        `    write      ${s(p.write)}`,
        `    total      ${s(total)}  (target < 120 s) — peak RSS during the run ${mb(peak)} (${mb(baseline)} before)`,
        `    published score distribution ${JSON.stringify((run.stats as { distribution?: unknown } | null)?.distribution ?? null)}`,
      ].join('\n') + '\n',
    );
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
