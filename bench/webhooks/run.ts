/**
 * Webhook delivery benchmark: a brand with one endpoint (subscribed to `claim.created`) on a local
 * HTTP receiver, members claiming over HTTP (real application, loopback, production logging).
 *
 *   node --require ./bench/support/register.js bench/webhooks/run.ts [--claims N] [--concurrency N]
 *
 * Reports, on fresh perks in one run:
 *  - the claim rate with no endpoint subscribed, and with one (the event rows written in the claim's
 *    transaction are the only extra cost on the claim path);
 *  - sustained deliveries per second: a backlog of N events drained by the outbox dispatcher;
 *  - commit → delivery latency, p50/p99, with the dispatcher running during the crowd: from the
 *    moment the claim's 201 arrived (after its commit) to the moment the receiver got the event.
 */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { migrateDatabase, uuidv7, withScratchDatabase } from '@perkrank/core';
import { OutboxDispatcher } from '@perkrank/notifications';
import { crowd, newPerk, pct, seed, tokensFor } from '../claims/run';
import { numberFlags, withBenchHttpApp } from '../support/bench-app';
import { benchRequest } from '../support/bench-http';

const BRAND = '00000000-0000-7000-8000-0000000000b1';
const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = numberFlags({ claims: 2_000, concurrency: 16 });
  log(`webhook benchmark: ${opts.claims} claims per round, ${opts.concurrency} concurrent clients`);
  // The receiver: answers 200 at once and notes when each claim's event arrived.
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const event = JSON.parse(Buffer.concat(chunks).toString()) as { data: { id: string } };
      if (!arrivals.has(event.data.id)) arrivals.set(event.data.id, at);
      res.end('ok');
    });
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  await withScratchDatabase(process.env.DATABASE_URL, async (url) => {
    await migrateDatabase(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const now = new Date();
      const members = await seed(db, opts.claims, now);
      await db.query('ANALYZE');
      await withBenchHttpApp(url, { poolSize: 20 }, async (app: INestApplication, port: number) => {
        const tokens = await tokensFor(app, db, members, now);
        (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 120_000;
        const dispatcher = app.get(OutboxDispatcher);
        const claimedAt = new Map<string, number>();

        const round = async (): Promise<{ perSecond: number; p50: number; p99: number }> => {
          const campaignId = await newPerk(db, opts.claims, now);
          const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
          try {
            const result = await crowd(members.length, opts.concurrency, async (i) => {
              const { status, body } = await benchRequest(
                agent,
                port,
                'POST',
                `/v1/perks/${campaignId}/claims`,
                tokens[i],
                true,
              );
              if (status === 201) claimedAt.set((JSON.parse(body) as { id: string }).id, performance.now());
              return status === 201 ? 'claimed' : status >= 500 ? 'error' : 'refused';
            });
            return {
              perSecond: result.succeeded / result.sellOutSeconds,
              p50: pct(result.latenciesMs, 50),
              p99: pct(result.latenciesMs, 99),
            };
          } finally {
            agent.destroy();
          }
        };

        await round(); // warm-up
        const plain = await round();
        await db.query(
          `INSERT INTO webhook_endpoints (id, brand_id, url, events, secret, status, consecutive_failures, created_at, updated_at)
           VALUES ($1, $2, $3, ARRAY['claim.created'], 'whsec_bench', 'enabled', 0, now(), now())`,
          [uuidv7(), BRAND, receiverUrl],
        );
        // Backlog: claims with the dispatcher stopped, then the drain is timed.
        const backlogClaims = await round();
        const before = arrivals.size;
        const t0 = performance.now();
        await dispatcher.start();
        while (arrivals.size - before < opts.claims) await new Promise((r) => setTimeout(r, 20));
        const drainSeconds = (performance.now() - t0) / 1000;
        // Live: the dispatcher runs while the crowd claims; latency per claim.
        claimedAt.clear();
        const live = await round();
        const deadline = Date.now() + 60_000;
        while ([...claimedAt.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        const latencies = [...claimedAt.entries()]
          .filter(([id]) => arrivals.has(id))
          .map(([id, at]) => arrivals.get(id)! - at)
          .sort((a, b) => a - b);

        const pad = (s: string, n: number) => s.padStart(n);
        log('');
        log(`${'claims over HTTP'.padEnd(44)}${pad('claims/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}`);
        for (const [label, r] of [
          ['no webhook endpoint', plain],
          ['one endpoint subscribed (dispatcher idle)', backlogClaims],
          ['one endpoint, dispatcher delivering', live],
        ] as const)
          log(
            `${label.padEnd(44)}${pad(r.perSecond.toFixed(0), 10)}${pad(r.p50.toFixed(2), 9)}${pad(r.p99.toFixed(2), 9)}`,
          );
        log('');
        log(
          `sustained deliveries: ${opts.claims} in ${drainSeconds.toFixed(2)} s = ${(opts.claims / drainSeconds).toFixed(0)}/s`,
        );
        log(
          `commit → delivery (live, ${latencies.length}/${claimedAt.size} delivered): p50 ${pct(latencies, 50).toFixed(1)} ms, ` +
            `p99 ${pct(latencies, 99).toFixed(1)} ms`,
        );
        log(
          `claim rate with the dispatcher delivering: ${((100 * live.perSecond) / plain.perSecond).toFixed(0)} % of the rate without webhooks`,
        );
      });
    } finally {
      await db.end();
    }
  });
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
