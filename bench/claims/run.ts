/**
 * Claim flash-crowd benchmark: 2,000 scored members rush a 500-unit perk, 64 concurrent clients,
 * over HTTP against the real application (bootstrap + listen on loopback, production logging) —
 * and, side by side in the same run on fresh perks, the same claim done as one raw SQL statement
 * through `pg` with 64 connections. Reports successful claims/s (units sold over the time to sell
 * out), p50/p99 latency of every request, oversold units (must be 0) and 5xx answers (must be 0).
 * Target (issue 17): the HTTP path sells at ≥ 60 % of the raw SQL rate.
 *
 *   node --require ./bench/support/register.js bench/claims/run.ts [--members N] [--units N]
 *        [--concurrency N] [--rounds N]
 *
 * Members are seeded in bulk SQL; their bearer tokens are real sessions signed by the app's own
 * JWT service (registering 2,000 accounts would mostly benchmark argon2). Uses DATABASE_URL's
 * server when set (a scratch database is created and dropped), else a throwaway embedded PostgreSQL.
 */
import { Agent } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Client, Pool } from 'pg';
import { generateCode } from '@perkrank/claims';
import { migrateDatabase, uuidv7, withScratchDatabase } from '@perkrank/core';
import { withBenchHttpApp } from '../support/bench-app';
import { benchRequest } from '../support/bench-http';
import { insertLivePerk, insertSessions, seedCrowd } from '../../test/support/bulk-seed';

interface Options {
  members: number;
  units: number;
  concurrency: number;
  rounds: number;
}

function options(argv: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const parsed = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} needs a positive integer`);
    return parsed;
  };
  return {
    members: value('members', 2_000),
    units: value('units', 500),
    concurrency: value('concurrency', 64),
    rounds: value('rounds', 3),
  };
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** One flash crowd: every member asks once; `attempt(i)` makes member i's claim. */
interface CrowdResult {
  requests: number;
  succeeded: number;
  refused: number;
  serverErrors: number;
  /** Seconds from the first request to the last successful answer. */
  sellOutSeconds: number;
  seconds: number;
  latenciesMs: number[];
}

type Outcome = 'claimed' | 'refused' | 'error';

async function crowd(
  members: number,
  concurrency: number,
  attempt: (i: number) => Promise<Outcome>,
): Promise<CrowdResult> {
  // Members arrive in a shuffled order, as a crowd would.
  const order = Array.from({ length: members }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const latencies: number[] = [];
  let next = 0;
  let succeeded = 0;
  let refused = 0;
  let serverErrors = 0;
  let lastSuccess = 0;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const member = order[next++];
      const t0 = process.hrtime.bigint();
      const outcome = await attempt(member);
      const t1 = process.hrtime.bigint();
      latencies.push(Number(t1 - t0) / 1e6);
      if (outcome === 'claimed') {
        succeeded++;
        lastSuccess = Number(t1 - started) / 1e9;
      } else if (outcome === 'refused') refused++;
      else serverErrors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    requests: order.length,
    succeeded,
    refused,
    serverErrors,
    sellOutSeconds: lastSuccess,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    latenciesMs: latencies.sort((a, b) => a - b),
  };
}

/**
 * The raw twin of a claim, the same work as the HTTP path in one statement and so one transaction:
 * ClaimRepository.reserve for a generated code (the per-member slot, the consented score, the
 * conditional stock decrement, the claim and its event) plus what the claim.created domain event
 * writes in that transaction — the member's confirmation mail in mail_outbox and, for each enabled
 * endpoint of the brand subscribed to claim.created, the webhook event and its delivery. Not in
 * it: authentication (with the member's profile read by the session check), HTTP and JSON — the
 * cost the request path adds. The HTTP path's own statement (ClaimRepository.claimAtOnce) does a
 * little more than this twin: it also checks the profile rules (topics, place, networks), reads the
 * limit and code mode from the campaign and writes campaign.sold_out's rows with the last unit.
 */
const RAW_CLAIM = `
WITH slot AS (
  SELECT min(s)::int AS n FROM generate_series(0, $4::int - 1) AS s
   WHERE NOT EXISTS (SELECT 1 FROM claims h WHERE h.campaign_id = $2 AND h.member_id = $3 AND h.slot = s
                        AND h.status IN ('reserved', 'redeemed'))
),
score AS (SELECT s.score FROM member_scores s JOIN users m ON m.id = s.user_id AND m.scoring_consent
           WHERE s.user_id = $3),
u AS (
  UPDATE campaigns c SET inventory_remaining = c.inventory_remaining - 1
   WHERE c.id = $2 AND c.status = 'approved' AND c.funding_status IN ('not_required', 'funded')
     AND c.starts_at <= $5 AND c.ends_at > $5 AND c.inventory_remaining > 0
     AND (SELECT n FROM slot) IS NOT NULL AND (SELECT score FROM score) >= c.min_score
  RETURNING c.id, c.brand_id, c.claim_ttl_hours
),
ins AS (
  INSERT INTO claims (id, campaign_id, brand_id, member_id, slot, code, code_kind, status, score_at_claim,
                      reserved_at, expires_at)
  SELECT $1, u.id, u.brand_id, $3, (SELECT n FROM slot), $6, 'generated', 'reserved', (SELECT score FROM score),
         $5, $5::timestamptz + make_interval(hours => u.claim_ttl_hours)
    FROM u
  RETURNING id, brand_id, expires_at
),
ev AS (INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at) SELECT id, 'reserved', 'member', $3, $5 FROM ins),
mail AS (
  INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
  SELECT $7, 'claim_confirmation', $3,
         jsonb_build_object('claimId', ins.id, 'campaignId', $2::uuid, 'code', $6::text, 'codeKind', 'generated',
                            'expiresAt', ins.expires_at),
         'queued', $5, $5
    FROM ins
),
ep AS (
  SELECT e.id FROM webhook_endpoints e, ins
   WHERE e.brand_id = ins.brand_id AND e.status = 'enabled' AND 'claim.created' = ANY(e.events)
),
wev AS (
  INSERT INTO webhook_events (id, brand_id, type, data, created_at)
  SELECT $8, ins.brand_id, 'claim.created',
         jsonb_build_object('id', ins.id, 'campaignId', $2::uuid, 'memberId', $3::uuid, 'code', $6::text,
                            'codeKind', 'generated', 'status', 'reserved', 'reservedAt', $5::timestamptz,
                            'expiresAt', ins.expires_at, 'redeemedAt', NULL, 'releasedAt', NULL, 'contentUrl', NULL),
         $5
    FROM ins WHERE EXISTS (SELECT 1 FROM ep)
  RETURNING id
),
del AS (
  INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
  SELECT gen_random_uuid(), ep.id, wev.id, 'pending', 0, $5, $5 FROM ep, wev
)
SELECT id FROM ins`;

const BRAND = '00000000-0000-7000-8000-0000000000b1';
const OWNER = '00000000-0000-7000-8000-0000000000a1';

const seed = (db: Client, members: number, now: Date): Promise<string[]> =>
  seedCrowd(db, {
    prefix: 'member',
    domain: 'bench.example',
    members,
    score: 50,
    scoreSpread: 50,
    modelVersion: 'bench',
    publicAndVerified: false,
    brand: { id: BRAND, name: 'Bench Hotel', ownerId: OWNER },
    now,
  });

const newPerk = (db: Client, units: number, now: Date): Promise<string> =>
  insertLivePerk(db, { id: uuidv7(), brandId: BRAND, ownerId: OWNER, units, now });

async function audit(
  db: Client,
  campaignId: string,
): Promise<{ claims: number; remaining: number; total: number }> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM claims WHERE campaign_id = c.id) AS claims,
            c.inventory_remaining AS remaining, c.inventory_total AS total
       FROM campaigns c WHERE c.id = $1`,
    [campaignId],
  );
  return rows[0] as { claims: number; remaining: number; total: number };
}

function withApp<T>(url: string, work: (app: INestApplication, port: number) => Promise<T>): Promise<T> {
  return withBenchHttpApp(url, { poolSize: 20 }, work);
}

/** Real sessions (rows in `sessions`) and access tokens signed by the application's JWT service. */
async function tokensFor(app: INestApplication, db: Client, ids: string[], now: Date): Promise<string[]> {
  const sessions = await insertSessions(db, ids, now);
  const jwt = app.get(JwtService, { strict: false });
  return Promise.all(
    ids.map((id, i) =>
      jwt.signAsync(
        { sid: sessions[i] },
        { subject: id, issuer: 'perkrank', audience: 'perkrank-api', expiresIn: 3600, jwtid: uuidv7() },
      ),
    ),
  );
}

interface Row {
  name: string;
  result: CrowdResult;
  oversold: number;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  log(
    `claim flash-crowd benchmark: ${opts.members.toLocaleString('en')} members, ${opts.units}-unit perk, ` +
      `${opts.concurrency} concurrent clients, ${opts.rounds} round(s) per path (+1 warm-up each)`,
  );
  await withScratchDatabase(process.env.DATABASE_URL, async (url) => {
    await migrateDatabase(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    const pool = new Pool({ connectionString: url, max: opts.concurrency });
    pool.on('error', () => undefined); // an idle connection closed as the scratch server stops
    try {
      const now = new Date();
      const members = await seed(db, opts.members, now);
      // The brand listens for claim.created: each claim also writes a webhook event and its delivery.
      await db.query(
        `INSERT INTO webhook_endpoints (id, brand_id, url, events, secret, status, consecutive_failures, created_at, updated_at)
         VALUES ($1, $2, 'https://hooks.bench.example/perkrank', ARRAY['claim.created'], 'whsec_bench', 'enabled', 0, $3, $3)`,
        [uuidv7(), BRAND, now],
      );
      await db.query('ANALYZE');
      await withApp(url, async (app, port) => {
        const tokens = await tokensFor(app, db, members, now);
        // Idle keep-alive sockets must not be closed under a request between rounds (ECONNRESET).
        (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 120_000;

        const viaHttp = async (campaignId: string): Promise<CrowdResult> => {
          const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
          try {
            return await crowd(opts.members, opts.concurrency, async (i) => {
              try {
                const { status } = await benchRequest(
                  agent,
                  port,
                  'POST',
                  `/v1/perks/${campaignId}/claims`,
                  tokens[i],
                );
                if (status === 201) return 'claimed';
                return status >= 500 ? 'error' : 'refused';
              } catch {
                return 'error'; // a failed connection counts with the 5xx
              }
            });
          } finally {
            agent.destroy();
          }
        };
        const viaSql = async (campaignId: string): Promise<CrowdResult> =>
          crowd(opts.members, opts.concurrency, async (i) => {
            try {
              const { rows } = await pool.query({
                name: 'bench_claim',
                text: RAW_CLAIM,
                values: [uuidv7(), campaignId, members[i], 1, new Date(), generateCode(), uuidv7(), uuidv7()],
              });
              return rows.length > 0 ? 'claimed' : 'refused';
            } catch {
              return 'error';
            }
          });

        const rows: Row[] = [];
        const run = async (name: string, path: (id: string) => Promise<CrowdResult>, keep: boolean) => {
          const campaignId = await newPerk(db, opts.units, now);
          const result = await path(campaignId);
          const { claims, remaining, total } = await audit(db, campaignId);
          // Stock and claims must agree exactly; any unit sold beyond the total is oversold.
          if (claims + remaining !== total)
            throw new Error(`${name}: ${claims} claims + ${remaining} left ≠ ${total}`);
          if (keep) rows.push({ name, result, oversold: Math.max(0, claims - total) });
        };
        await run('http', viaHttp, false); // warm-up: JIT, pools, plans
        await run('sql', viaSql, false);
        // Alternate so drift on a shared machine hits both paths alike.
        for (let round = 0; round < opts.rounds; round++) {
          await run('http', viaHttp, true);
          await run('sql', viaSql, true);
        }
        const summary = (name: string) => {
          const mine = rows.filter((r) => r.name === name);
          const sold = mine.reduce((n, r) => n + r.result.succeeded, 0);
          const sellOut = mine.reduce((n, r) => n + r.result.sellOutSeconds, 0);
          const seconds = mine.reduce((n, r) => n + r.result.seconds, 0);
          const requests = mine.reduce((n, r) => n + r.result.requests, 0);
          const latencies = mine.flatMap((r) => r.result.latenciesMs).sort((a, b) => a - b);
          return {
            name,
            sold,
            claimsPerSecond: sold / sellOut,
            requestsPerSecond: requests / seconds,
            p50: pct(latencies, 50),
            p99: pct(latencies, 99),
            oversold: mine.reduce((n, r) => n + r.oversold, 0),
            serverErrors: mine.reduce((n, r) => n + r.result.serverErrors, 0),
            refused: mine.reduce((n, r) => n + r.result.refused, 0),
          };
        };
        const http = summary('http');
        const sql = summary('sql');
        const pad = (text: string, width: number) => text.padStart(width);
        log('');
        log(
          `${'path'.padEnd(28)}${pad('sold', 7)}${pad('claims/s', 10)}${pad('req/s', 9)}${pad('p50 ms', 9)}` +
            `${pad('p99 ms', 9)}${pad('refused', 9)}${pad('oversold', 10)}${pad('5xx', 6)}`,
        );
        for (const s of [
          { ...http, label: 'HTTP POST /v1/perks/:id/claims' },
          { ...sql, label: 'raw SQL (one statement)' },
        ]) {
          log(
            `${s.label.padEnd(28)}${pad(String(s.sold), 7)}${pad(s.claimsPerSecond.toFixed(0), 10)}` +
              `${pad(s.requestsPerSecond.toFixed(0), 9)}${pad(s.p50.toFixed(2), 9)}${pad(s.p99.toFixed(2), 9)}` +
              `${pad(String(s.refused), 9)}${pad(String(s.oversold), 10)}${pad(String(s.serverErrors), 6)}`,
          );
        }
        const ratio = http.claimsPerSecond / sql.claimsPerSecond;
        const ok = ratio >= 0.6 && http.oversold === 0 && sql.oversold === 0 && http.serverErrors === 0;
        log('');
        log(
          `HTTP / raw SQL claims per second: ${(100 * ratio).toFixed(1)} % (target ≥ 60 %); oversold ` +
            `${http.oversold + sql.oversold}, 5xx ${http.serverErrors} — ${ok ? 'PASS' : 'FAIL'}`,
        );
        if (!ok) process.exitCode = 1;
      });
    } finally {
      await pool.end();
      await db.end();
    }
  });
}

// The webhook benchmark reuses the crowd, the seed and the tokens; it imports this file.
export { crowd, newPerk, seed, tokensFor, pct, type CrowdResult };

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
