/**
 * `npm run test:cluster`: PerkRank on the topology of `npm run cluster` (scripts/cluster.js) —
 * PostgreSQL primary + streaming replica, PgBouncer in transaction mode, two API processes behind
 * HAProxy, two workers — under the faults an operator meets:
 *
 *  1. 300 members rush a 25-unit perk through HAProxy across both API processes: exactly 25 claims,
 *     none oversold, no 5xx, every 201 is a claim in the database and every claim there was a 201.
 *  2. The same rush on a second perk while one API process is killed (SIGKILL) mid-rush: the rest
 *     is served by the other; nothing oversold; clients retry what got no answer with the same
 *     Idempotency-Key (past the in-flight lease, IDEMPOTENCY_LEASE_SECONDS, set low here), and then
 *     every claim in the database was answered 201 and every 201 is in the database.
 *  3. A worker is killed (SIGKILL) during a scoring run: the other worker finishes the run, once,
 *     and its scores are published once.
 *  4. The replica is stopped: lag-tolerant reads (feed, perk pages, profiles, the model) fall back
 *     to the primary and nothing answers 5xx.
 *  5. The primary's data is intact: stock and claims agree, one claim per member and perk, and the
 *     replica, started again, catches up to the same counts.
 *
 * Not a Jest suite (it needs Debian's postgresql, pgbouncer and haproxy and takes minutes): it
 * runs with node and exits non-zero on the first failed check.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { Client } from 'pg';

import { type Answer, call, type Handle, log, newPerk, seed, sleep, startCluster, stopAll } from './support';

const MEMBERS = 300;
const UNITS = 25;
const CONCURRENCY = 30;
/** The in-flight lease of an Idempotency-Key: a retry after it takes over a key whose process died. */
const LEASE_SECONDS = 3;

interface Rush {
  outcomes: Array<{
    member: number;
    status: number;
    claimId?: string;
    servedBy: string;
    attempts: number;
    at: number;
  }>;
  fiveXX: number;
  networkErrors: number;
  /** 409 idempotency_request_in_progress: the key is held by a request that died with its process. */
  inProgress: number;
}

/**
 * Every member claims once, CONCURRENCY at a time, with an Idempotency-Key; retries with the same
 * key what never got an answer (a failed connection, a 5xx) or is still held by a request that
 * died with its process (409 idempotency_request_in_progress, until the lease runs out).
 */
async function rush(
  port: number,
  perk: string,
  tokens: string[],
  onAnswer?: (done: number) => void,
): Promise<Rush> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const order = tokens.map((_, i) => i).sort(() => Math.random() - 0.5);
  const result: Rush = { outcomes: [], fiveXX: 0, networkErrors: 0, inProgress: 0 };
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < order.length) {
      const member = order[next++];
      const key = randomUUID();
      let attempts = 0;
      let waits = 0;
      for (;;) {
        attempts++;
        let answer: Answer | undefined;
        try {
          answer = await call(agent, port, 'POST', `/v1/perks/${perk}/claims`, tokens[member], {
            'idempotency-key': key,
          });
        } catch {
          result.networkErrors++;
        }
        if (answer && answer.status >= 500) result.fiveXX++;
        if (answer?.body.error?.code === 'idempotency_request_in_progress' && waits < 4 * LEASE_SECONDS) {
          result.inProgress++;
          waits++;
          await sleep(1000);
          continue;
        }
        if (answer && answer.status < 500) {
          result.outcomes.push({
            member,
            status: answer.status,
            claimId: answer.status === 201 ? String(answer.body.id) : undefined,
            servedBy: answer.servedBy,
            attempts,
            at: Date.now(),
          });
          onAnswer?.(result.outcomes.length);
          break;
        }
        if (attempts >= 5) {
          result.outcomes.push({
            member,
            status: answer?.status ?? 0,
            servedBy: '',
            attempts,
            at: Date.now(),
          });
          break;
        }
        await sleep(200 * attempts);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, one));
  agent.destroy();
  return result;
}

async function claimsOf(db: Client, perk: string) {
  const { rows } = await db.query<{ id: string; member_id: string }>(
    'SELECT id, member_id FROM claims WHERE campaign_id = $1',
    [perk],
  );
  const stock = await db.query<{ total: number; remaining: number }>(
    'SELECT inventory_total AS total, inventory_remaining AS remaining FROM campaigns WHERE id = $1',
    [perk],
  );
  return { rows, ...stock.rows[0] };
}

const countBy = <T>(items: T[], key: (t: T) => string): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});

async function main(): Promise<void> {
  const t0 = Date.now();
  const cluster = await startCluster({
    env: {
      PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
      REGISTER_RATE_LIMIT_PER_HOUR: '10000000',
      REQUIRE_VERIFIED_EMAIL: 'false',
      IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
      LOG_LEVEL: 'info', // the workers' "job started" lines tell which one runs the scoring run
    },
  });
  log(`cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${cluster.url}`);
  const db = new Client({ connectionString: cluster.urls.direct });
  await db.connect();
  const port = cluster.ports.lb;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const { ids, tokens, brand, owner } = await seed(db, cluster.env.JWT_SECRET, MEMBERS);

    // 1. The rush across both API processes.
    const perkA = await newPerk(db, brand, owner, UNITS);
    const a = await rush(port, perkA, tokens);
    const byStatus = countBy(a.outcomes, (o) => String(o.status));
    const byServer = countBy(a.outcomes, (o) => o.servedBy);
    const stockA = await claimsOf(db, perkA);
    log(
      `rush 1: ${JSON.stringify(byStatus)} answers, served by ${JSON.stringify(byServer)}; ${stockA.rows.length} claims, ${stockA.remaining} left; ${a.fiveXX} 5xx`,
    );
    assert.equal(byStatus['201'], UNITS, 'exactly 25 claims answered 201');
    assert.equal(stockA.rows.length, UNITS, 'exactly 25 claims stored');
    assert.equal(stockA.remaining, 0, 'sold out, nothing oversold');
    assert.equal(a.fiveXX + a.networkErrors, 0, 'no 5xx, no failed connection');
    assert.equal(
      Object.keys(byServer).filter((s) => s.startsWith('api')).length,
      2,
      'both API processes served',
    );
    assert.deepEqual(
      new Set(stockA.rows.map((r) => r.id)),
      new Set(a.outcomes.filter((o) => o.status === 201).map((o) => o.claimId)),
      'the stored claims are exactly the 201s',
    );

    // 2. The rush again, on a fresh perk, with api1 killed after the first 10 answers.
    const perkB = await newPerk(db, brand, owner, UNITS);
    let killedAt = -1;
    const b = await rush(port, perkB, tokens, (done) => {
      if (done === 10 && killedAt < 0) {
        cluster.apis[0].child.kill('SIGKILL');
        killedAt = Date.now();
        log('rush 2: api1 killed (SIGKILL) after 10 answers');
      }
    });
    const stockB = await claimsOf(db, perkB);
    const ok = b.outcomes.filter((o) => o.status === 201);
    const stored = new Set(stockB.rows.map((r) => r.id));
    const answered = new Set(ok.map((o) => String(o.claimId)));
    const after = b.outcomes.filter((o) => o.at > killedAt + 50);
    const retried = ok.filter((o) => o.attempts > 1).length;
    log(
      `rush 2: ${JSON.stringify(countBy(b.outcomes, (o) => String(o.status)))} answers (served by ${JSON.stringify(countBy(b.outcomes, (o) => o.servedBy))}); ` +
        `${stockB.rows.length} claims, ${stockB.remaining} left; ${b.fiveXX} 5xx and ${b.networkErrors} failed connections retried with the same Idempotency-Key, ` +
        `${b.inProgress} answers "in progress" waited out; ${retried} of the 201s came on a retry; ` +
        `${stockB.rows.filter((r) => !answered.has(r.id)).length} stored claims without a 201`,
    );
    assert.equal(
      stockB.rows.length + stockB.remaining,
      stockB.total,
      'stock and claims agree: nothing oversold',
    );
    for (const id of answered) assert.ok(stored.has(id), `201 claim ${id} is in the database`);
    for (const id of stored) assert.ok(answered.has(id), `stored claim ${id} was answered 201`);
    assert.equal(ok.length, answered.size, 'each claim answered 201 to one member');
    assert.ok(
      after.every((o) => o.servedBy === 'api2' || o.servedBy === ''),
      'after the kill, api2 serves',
    );
    assert.ok(
      b.outcomes.every((o) => o.status !== 0),
      'every member got an answer',
    );
    assert.equal(
      new Set(stockB.rows.map((r) => r.member_id)).size,
      stockB.rows.length,
      'one claim per member',
    );

    // 3. A worker killed during a scoring run.
    log('scoring: generating a world (through PgBouncer)…');
    const { execFileSync } = await import('node:child_process');
    execFileSync(
      process.execPath,
      [
        'dist/apps/cli/src/main.js',
        'generate:world',
        '--members',
        '300',
        '--actors',
        '4000',
        '--events',
        '250000',
        '--seed',
        '7',
      ],
      {
        env: cluster.env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const admin = await loginAdmin(port, cluster.env.ADMIN_EMAIL, cluster.env.ADMIN_PASSWORD);
    const queued = await call(agent, port, 'POST', '/v1/admin/scoring/runs', admin);
    assert.equal(queued.status, 202, `run queued (${queued.status})`);
    const runId = String(queued.body.id);
    for (const w of cluster.workers) assert.equal(w.child.exitCode, null, `${w.name} runs`);
    // Kill whichever worker took it, as soon as it is running.
    let victim: Handle | undefined;
    for (let i = 0; i < 2400 && !victim; i++) {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM scoring_runs WHERE id = $1', [
        runId,
      ]);
      if (rows[0].status === 'running') {
        victim = cluster.workers.find((w) => jobStarted(w.log));
      }
      if (!victim) await sleep(50);
    }
    assert.ok(victim, 'a worker started the run');
    victim.child.kill('SIGKILL');
    const killedRun = Date.now();
    const phaseAtKill = (await db.query('SELECT phase, progress FROM scoring_runs WHERE id = $1', [runId]))
      .rows[0];
    log(
      `scoring: ${victim.name} killed (SIGKILL) mid-run (${JSON.stringify(phaseAtKill)}); waiting for the other worker to finish it`,
    );
    let final: { status: string } | undefined;
    for (let i = 0; i < 600; i++) {
      final = (await db.query<{ status: string }>('SELECT status FROM scoring_runs WHERE id = $1', [runId]))
        .rows[0];
      if (final.status === 'succeeded' || final.status === 'failed') break;
      await sleep(500);
    }
    const published = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM score_snapshots WHERE run_id = $1) AS snapshots,
                (SELECT count(DISTINCT user_id)::int FROM score_snapshots WHERE run_id = $1) AS members,
                (SELECT count(*)::int FROM member_scores WHERE run_id = $1) AS scores,
                (SELECT count(*)::int FROM member_scores WHERE run_id IS DISTINCT FROM $1) AS others,
                (SELECT count(*)::int FROM scoring_runs WHERE status = 'running') AS running`,
        [runId],
      )
    ).rows[0];
    log(
      `scoring: run ${final?.status} ${((Date.now() - killedRun) / 1000).toFixed(1)} s after the kill; ${JSON.stringify(published)}`,
    );
    const stats = (
      await db.query(
        `SELECT members, nodes, edges, interactions, phases,
                round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds
           FROM scoring_runs WHERE id = $1`,
        [runId],
      )
    ).rows[0];
    log(`scoring: the run that finished: ${JSON.stringify(stats)}`);
    assert.equal(final?.status, 'succeeded', 'the run finished');
    assert.ok(published.scores > 0, 'scores were published');
    assert.equal(published.snapshots, published.members, 'one snapshot per member: published once');
    assert.equal(published.scores, published.members, 'the published scores are this run’s');
    assert.equal(published.others, 0, 'no other run’s scores remain');
    assert.equal(published.running, 0, 'nothing left running');

    // 4. The replica: used while up, and stopped.
    const member = tokens[0];
    // The perk page: it reads its campaign through the replica. (The feed pages from each API
    // process's memory of the live campaigns, refreshed from the primary, so it opens no replica
    // connection.)
    for (let i = 0; i < 6; i++)
      assert.equal((await call(agent, port, 'GET', `/v1/perks/${perkA}`, member)).status, 200);
    const replicaDb = new Client({ connectionString: cluster.urls.replica });
    await replicaDb.connect();
    const onReplica = (
      await replicaDb.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'perkrank-replica'`,
      )
    ).rows[0].n as number;
    await replicaDb.end();
    log(`replica: ${onReplica} connections from the API processes' read pools`);
    assert.ok(onReplica > 0, 'lag-tolerant reads went to the replica');
    const reads = [
      '/v1/perks',
      `/v1/perks/${perkA}`,
      `/v1/profiles/${ids[1]}`,
      '/v1/scoring/model',
      '/v1/perks?includeLocked=true',
    ];
    const readAll = async (): Promise<number[]> => {
      const out: number[] = [];
      for (let round = 0; round < 10; round++)
        for (const path of reads) out.push((await call(agent, port, 'GET', path, member)).status);
      return out;
    };
    const withReplica = await readAll();
    cluster.replica.stop();
    const withoutReplica = await readAll();
    log(
      `replica stopped: ${withoutReplica.length} reads, statuses ${JSON.stringify(countBy(withoutReplica, String))} ` +
        `(with the replica: ${JSON.stringify(countBy(withReplica, String))})`,
    );
    assert.ok(
      withoutReplica.every((s) => s < 500),
      'no lag-tolerant read answered 5xx',
    );
    assert.deepEqual(withoutReplica, withReplica, 'the primary answered each read as the replica did');

    // 5. The primary's data, and the replica catching up to it.
    const check = async (c: Client) =>
      (
        await c.query(
          `SELECT (SELECT count(*)::int FROM claims) AS claims,
                  (SELECT count(*)::int FROM campaigns WHERE inventory_total - inventory_remaining <>
                     (SELECT count(*) FROM claims k WHERE k.campaign_id = campaigns.id AND k.status IN ('reserved','redeemed'))) AS stock_mismatches,
                  (SELECT count(*)::int FROM (SELECT 1 FROM claims GROUP BY campaign_id, member_id HAVING count(*) > 1) d) AS doubles,
                  (SELECT count(*)::int FROM users) AS users,
                  (SELECT count(*)::int FROM member_scores) AS scores`,
        )
      ).rows[0];
    const primary = await check(db);
    assert.equal(primary.stock_mismatches, 0, 'stock agrees with claims on every campaign');
    assert.equal(primary.doubles, 0, 'no member holds two claims on one perk');
    assert.equal(primary.claims, stockA.rows.length + stockB.rows.length);
    cluster.replica.start();
    const { rows: lsn } = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const replicaAgain = new Client({ connectionString: cluster.urls.replica });
    await replicaAgain.connect();
    for (let i = 0; i < 240; i++) {
      const { rows } = await replicaAgain.query<{ caught: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught',
        [lsn[0].lsn],
      );
      if (rows[0].caught) break;
      await sleep(250);
    }
    const replicaCounts = await check(replicaAgain);
    await replicaAgain.end();
    log(`primary: ${JSON.stringify(primary)}; replica after restart: ${JSON.stringify(replicaCounts)}`);
    assert.deepEqual(replicaCounts, primary, 'the replica caught up to the same data');
    log(`\ncluster test passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    await cluster.stop();
  }
}

function jobStarted(file: string): boolean {
  return /"job":"scores\.run"[^\n]*"job started"|"job started"[^\n]*"job":"scores\.run"/.test(
    readFileSync(file, 'utf8'),
  );
}

async function loginAdmin(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  assert.equal(res.status, 200, `admin login (${res.status})`);
  return String(body.accessToken);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void stopAll().then(() => process.exit(130)));

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(
      `\ncluster test FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAll();
    process.exit(1);
  },
);
