/**
 * Perk feed benchmark: 10,000 live campaigns and 100,000 scored members seeded in bulk SQL on a
 * scratch database migrated with the real migrations; the real application (bootstrap + listen)
 * on a free loopback port; feed throughput and p50/p99 latency at 16 concurrent keep-alive clients,
 * side by side in the same run with GET /v1/me — an authenticated endpoint doing the same
 * auth work and little else — as the framework floor. Target: feed ≥ 30 % of the floor.
 *
 *   node --require ./bench/support/register.js bench/feed/run.ts [--quick] [--members N] [--campaigns N]
 *        [--concurrency N] [--seconds S] [--requests N] [--rounds N] [--clients N]
 *
 * Uses DATABASE_URL's server when set (a scratch database is created and dropped), else a
 * throwaway embedded PostgreSQL.
 */
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { migrateDatabase, withScratchDatabase } from '@perkrank/core';
import { withBenchHttpApp } from '../support/bench-app';
import { type LoadResult, percentile, runLoad } from './load';
import { copyMember, seed } from './seed';

interface Options {
  members: number;
  campaigns: number;
  concurrency: number;
  seconds: number;
  requests: number;
  rounds: number;
  clients: number;
}

function options(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const parsed = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} needs a positive number`);
    return parsed;
  };
  return {
    members: value('members', quick ? 10_000 : 100_000),
    campaigns: value('campaigns', quick ? 1_000 : 10_000),
    concurrency: value('concurrency', 16),
    seconds: value('seconds', quick ? 4 : 10),
    requests: value('requests', quick ? 2_000 : 8_000),
    rounds: value('rounds', quick ? 1 : 2),
    clients: value('clients', 48),
  };
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const ms = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function post(port: number, path: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

function withApp<T>(url: string, work: (app: INestApplication, port: number) => Promise<T>): Promise<T> {
  return withBenchHttpApp(url, { poolSize: 10 }, work);
}

interface Scenario {
  name: string;
  path: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'floor  GET /v1/me', path: '/v1/me' },
  { name: 'feed   GET /v1/perks', path: '/v1/perks' },
  { name: 'feed   GET /v1/perks?includeLocked=true', path: '/v1/perks?includeLocked=true' },
  { name: 'feed   GET /v1/perks?topic=travel', path: '/v1/perks?topic=travel' },
];

function merge(results: LoadResult[]): LoadResult {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  const all = new Float64Array(requests);
  let offset = 0;
  for (const r of results) {
    all.set(r.latenciesMs, offset);
    offset += r.latenciesMs.length;
  }
  all.sort();
  const sampled = results.filter((r) => !Number.isNaN(r.meanItems));
  return {
    requests,
    errors: results.reduce((n, r) => n + r.errors, 0),
    seconds,
    perSecond: requests / seconds,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    meanItems: sampled.length ? sampled.reduce((n, r) => n + r.meanItems, 0) / sampled.length : Number.NaN,
    latenciesMs: all,
  };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  log(
    `perk feed benchmark: ${opts.campaigns.toLocaleString('en')} live campaigns, ${opts.members.toLocaleString('en')} scored members, ` +
      `${opts.concurrency} concurrent clients, ${opts.rounds} round(s) of ≤ ${opts.requests} requests / ≤ ${opts.seconds} s per endpoint`,
  );
  await withScratchDatabase(process.env.DATABASE_URL, async (url) => {
    let started = Date.now();
    await migrateDatabase(url);
    log(`migrated in ${ms(started)}`);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      started = Date.now();
      const now = new Date();
      await seed(
        db,
        {
          members: opts.members,
          campaigns: opts.campaigns,
          otherCampaigns: Math.round(opts.campaigns / 5),
          brands: Math.max(10, Math.round(opts.campaigns / 50)),
        },
        now,
      );
      const counts = await db.query<{ live: number; campaigns: number; scored: number; verified: number }>(
        `SELECT (SELECT count(*)::int FROM campaigns WHERE status = 'approved') AS live,
                (SELECT count(*)::int FROM campaigns) AS campaigns,
                (SELECT count(*)::int FROM member_scores) AS scored,
                (SELECT count(*)::int FROM social_accounts WHERE status = 'verified') AS verified`,
      );
      const c = counts.rows[0];
      log(
        `seeded in ${ms(started)}: ${c.live} live campaigns (${c.campaigns} in all), ${c.scored} scored members, ` +
          `${c.verified} verified accounts`,
      );

      await withApp(url, async (_app, port) => {
        // Bench clients: registered through the API (real sessions and tokens), each then given
        // the profile, score and accounts of a seeded member spread over the population.
        started = Date.now();
        const tokens: string[] = [];
        for (let k = 0; k < opts.clients; k++) {
          const registered = await post(port, '/v1/auth/register', {
            email: `client${k}@bench.example`,
            password: 'a-long-bench-password',
            displayName: `Client ${k}`,
            accountType: 'influencer',
            dateOfBirth: '1992-05-01',
            acceptTerms: true,
          });
          const user = registered.user as { id: string };
          await copyMember(db, user.id, 1 + ((k * 7919) % opts.members), now);
          tokens.push(String(registered.accessToken));
        }
        log(`${opts.clients} clients registered in ${ms(started)}`);

        const results = new Map<string, LoadResult[]>(SCENARIOS.map((s) => [s.name, []]));
        const load = (scenario: Scenario, maxRequests: number, maxSeconds: number) =>
          runLoad({
            port,
            targets: tokens.map((token) => ({ path: scenario.path, token })),
            concurrency: opts.concurrency,
            maxRequests,
            maxSeconds,
          });
        for (const scenario of SCENARIOS) await load(scenario, 400, 3); // warm-up: JIT, pools, caches
        // Rounds alternate the endpoints so drift on a shared machine hits all of them alike.
        for (let round = 0; round < opts.rounds; round++) {
          for (const scenario of SCENARIOS) {
            results.get(scenario.name)?.push(await load(scenario, opts.requests, opts.seconds));
          }
        }

        const merged = SCENARIOS.map((s) => ({ name: s.name, result: merge(results.get(s.name) ?? []) }));
        const floor = merged[0].result.perSecond;
        const pad = (text: string, width: number) => text.padEnd(width);
        const num = (value: number, digits = 1) => value.toFixed(digits).padStart(9);
        log('');
        log(
          `${pad('endpoint', 42)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}` +
            `${'p99 ms'.padStart(9)}${'errors'.padStart(9)}${'items'.padStart(9)}${'% floor'.padStart(9)}`,
        );
        for (const { name, result } of merged) {
          log(
            `${pad(name, 42)}${String(result.requests).padStart(9)}${num(result.perSecond)}${num(result.p50Ms, 2)}` +
              `${num(result.p99Ms, 2)}${String(result.errors).padStart(9)}${num(result.meanItems)}` +
              `${num((100 * result.perSecond) / floor)}`,
          );
        }
        const ratio = merged[1].result.perSecond / floor;
        log('');
        log(
          `feed / floor throughput: ${(100 * ratio).toFixed(1)} % (target ≥ 30 %) — ${ratio >= 0.3 ? 'PASS' : 'FAIL'}`,
        );
        if (merged.some((m) => m.result.errors > 0)) process.exitCode = 1;
        if (ratio < 0.3) process.exitCode = 1;
      });
    } finally {
      await db.end();
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
