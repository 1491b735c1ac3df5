/**
 * Request-path benchmark: the real application serving `/health/live` (the floor: no database, no
 * auth, no logging), the public model document, and the authenticated reads `GET /v1/me`,
 * `GET /v1/perks` and `GET /v1/me/claims`, each at 16 concurrent keep-alive clients in one run,
 * printed with req/s, p50, p99, server CPU per request and its share of the same process's floor.
 * Targets (issue 17): the authenticated reads ≥ 50 % of the floor, the model document ≥ 80 %.
 *
 *   node -r ./bench/support/register.js bench/http/run.ts [--baseline DIR] [--members N]
 *        [--campaigns N] [--clients N] [--concurrency N] [--seconds S] [--rounds N]
 *
 * Each server runs in its own process (bench/http/serve.ts) on one seeded database. `--baseline
 * DIR` also serves another checkout of the code (e.g. `git archive main | tar -x -C DIR` with a
 * node_modules link) and alternates the two round by round, so a shared, noisy machine hits both
 * alike; the figures are medians over the rounds. Clients are seeded members with real sessions
 * (rows in `sessions`) and access tokens signed with the servers' secret; each first claims a few
 * perks over HTTP so `/v1/me/claims` has rows. Uses DATABASE_URL's server when set (a scratch
 * database is created and dropped), else a throwaway embedded PostgreSQL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { migrateDatabase, uuidv7, withScratchDatabase } from '@perkrank/core';
import { numberFlags } from '../support/bench-app';
import { seed } from '../feed/seed';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface Scenario {
  name: string;
  path: string;
  auth: boolean;
  /** Sends the ETag of a first answer back as If-None-Match (a revalidating client). */
  revalidate?: boolean;
  /** Counts towards the targets: the floor, or a route with a target share of it. */
  target?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'GET /health/live (floor)', path: '/health/live', auth: false },
  { name: 'GET /v1/scoring/model', path: '/v1/scoring/model', auth: false, target: 0.8 },
  {
    name: 'GET /v1/scoring/model (If-None-Match)',
    path: '/v1/scoring/model',
    auth: false,
    revalidate: true,
  },
  { name: 'GET /v1/me', path: '/v1/me', auth: true, target: 0.5 },
  { name: 'GET /v1/perks', path: '/v1/perks', auth: true, target: 0.5 },
  { name: 'GET /v1/me/claims', path: '/v1/me/claims', auth: true },
];

interface Server {
  label: string;
  child: ChildProcess;
  port: number;
}

function startServer(
  label: string,
  root: string,
  env: Record<string, string>,
  profileDir?: string,
): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
    const child = fork(join(__dirname, 'serve.ts'), [], {
      execArgv: [...profile, '-r', join(root, 'bench', 'support', 'register.js')],
      env: { ...process.env, ...env, BENCH_ROOT: root },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('exit', (code) => reject(new Error(`${label} server exited with ${code}`)));
    child.once('message', (message: { port?: number }) => {
      if (typeof message.port === 'number') resolvePromise({ label, child, port: message.port });
    });
  });
}

function cpuOf(server: Server): Promise<number> {
  return new Promise((resolvePromise) => {
    const listener = (message: { cpu?: NodeJS.CpuUsage }) => {
      if (!message.cpu) return;
      server.child.off('message', listener);
      resolvePromise(message.cpu.user + message.cpu.system);
    };
    server.child.on('message', listener);
    server.child.send('cpu');
  });
}

function get(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; etag?: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          etag: res.headers.etag,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** CPU time (µs) used so far by each backend serving this database, by pid, from /proc (Linux). */
async function databaseCpu(db: Client): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const micros = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      micros.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100); // utime + stime, USER_HZ
    } catch {
      // not Linux, or the backend is gone
    }
  }
  return micros;
}

/** What the backends alive at the end used since `before` (a backend that closed meanwhile is lost). */
function databaseCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, micros] of after) sum += micros - (before.get(pid) ?? 0);
  return sum;
}

interface Round {
  perSecond: number;
  cpuMicrosPerRequest: number;
  dbCpuMicrosPerRequest: number;
  latencies: Float64Array;
  errors: number;
  statuses: Set<number>;
}

async function load(
  db: Client,
  server: Server,
  scenario: Scenario,
  tokens: string[],
  concurrency: number,
  seconds: number,
): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let etag: string | undefined;
  if (scenario.revalidate) etag = (await get(agent, server.port, scenario.path, {})).etag;
  const latencies: number[] = [];
  const statuses = new Set<number>();
  let issued = 0;
  let errors = 0;
  const cpuBefore = await cpuOf(server);
  const dbBefore = await databaseCpu(db);
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline) {
      const headers: Record<string, string> = {};
      if (scenario.auth) headers.authorization = `Bearer ${tokens[issued % tokens.length]}`;
      if (etag) headers['if-none-match'] = etag;
      issued++;
      const t0 = process.hrtime.bigint();
      try {
        const res = await get(agent, server.port, scenario.path, headers);
        statuses.add(res.status);
        if (res.status !== 200 && res.status !== 304) errors++;
      } catch {
        errors++;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await cpuOf(server)) - cpuBefore;
  const dbCpu = databaseCpuSince(dbBefore, await databaseCpu(db));
  agent.destroy();
  return {
    perSecond: latencies.length / elapsed,
    cpuMicrosPerRequest: cpu / latencies.length,
    dbCpuMicrosPerRequest: dbCpu / latencies.length,
    latencies: Float64Array.from(latencies),
    errors,
    statuses,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Summary {
  perSecond: number;
  p50: number;
  p99: number;
  cpu: number;
  dbCpu: number;
  errors: number;
  statuses: number[];
}

function summarise(rounds: Round[]): Summary {
  const all = new Float64Array(rounds.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const r of rounds) {
    all.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  all.sort();
  return {
    perSecond: median(rounds.map((r) => r.perSecond)),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    cpu: median(rounds.map((r) => r.cpuMicrosPerRequest)),
    dbCpu: median(rounds.map((r) => r.dbCpuMicrosPerRequest)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    statuses: [...new Set(rounds.flatMap((r) => [...r.statuses]))].sort(),
  };
}

/** Real sessions for the first `clients` seeded members, and access tokens signed with `secret`. */
async function clientTokens(db: Client, clients: number, secret: string, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT md5('member' || g.i)::uuid AS id FROM generate_series(1, $1::int) AS g(i) ORDER BY g.i`,
    [clients],
  );
  const ids = rows.map((r) => r.id);
  const sessions = ids.map(() => randomUUID());
  await db.query(
    `INSERT INTO sessions (id, user_id, created_at) SELECT s, u, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(s, u)`,
    [sessions, ids, now],
  );
  const jwt = new JwtService({ secret });
  return ids.map((id, i) =>
    jwt.sign(
      { sid: sessions[i] },
      { subject: id, issuer: 'perkrank', audience: 'perkrank-api', expiresIn: 3600, jwtid: uuidv7() },
    ),
  );
}

/** Each client claims up to three perks of its feed over HTTP, so its claims list has rows. */
async function claimSome(port: number, tokens: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let claimed = 0;
  for (const token of tokens) {
    const feed = await get(agent, port, '/v1/perks?limit=3', { authorization: `Bearer ${token}` });
    const perks = (JSON.parse(feed.body) as { data: Array<{ id: string }> }).data;
    for (const perk of perks) {
      const status = await new Promise<number>((resolvePromise, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/v1/perks/${perk.id}/claims`,
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolvePromise(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      if (status === 201) claimed++;
    }
  }
  agent.destroy();
  return claimed;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const text = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    if (at < 0) return undefined;
    return args.splice(at, 2)[1];
  };
  const baselineDir = text('baseline');
  const baseline = baselineDir === undefined ? undefined : resolve(baselineDir);
  // --profile DIR: this checkout's server writes a V8 CPU profile there (summarise it with
  // bench/http/profile-summary.ts); --only TEXT: just the endpoints whose name contains TEXT.
  const profileDir = text('profile');
  // --fastify DIR: the adapter measurement. DIR holds @nestjs/platform-fastify (installed outside
  // the project: `npm install --prefix DIR --legacy-peer-deps @nestjs/platform-fastify@12`); the
  // run adds Express and Fastify servers wired alike with Nest's own pieces only (no Express
  // middleware: helmet, body limits, hostile input, request ids, request logs are Express code).
  const fastifyFrom = text('fastify');
  const only = text('only');
  const scenarios = SCENARIOS.filter(
    (s, i) => i === 0 || only === undefined || only.split(',').some((o) => s.name.includes(o)),
  );
  process.argv.splice(2, process.argv.length, ...args);
  const opts = numberFlags({
    members: 10_000,
    campaigns: 1_000,
    clients: 48,
    concurrency: 16,
    seconds: 4,
    rounds: 3,
  });
  const load1 = loadavg().map((l) => l.toFixed(2));
  log(
    `request-path benchmark: ${opts.concurrency} concurrent keep-alive clients, ${opts.rounds} round(s) of ` +
      `${opts.seconds} s per endpoint${baseline ? ` per server (this checkout and ${baseline}, alternating)` : ''}; ` +
      `load average ${load1.join(' ')}`,
  );
  await withScratchDatabase(process.env.DATABASE_URL, async (url) => {
    await migrateDatabase(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    const servers: Server[] = [];
    try {
      const now = new Date();
      const brands = Math.max(10, Math.round(opts.campaigns / 50));
      await seed(
        db,
        {
          members: opts.members,
          campaigns: opts.campaigns,
          otherCampaigns: Math.round(opts.campaigns / 5),
          brands,
        },
        now,
      );
      const secret = randomBytes(32).toString('hex');
      const tokens = await clientTokens(db, opts.clients, secret, now);
      const env = { DATABASE_URL: url, JWT_SECRET: secret };
      servers.push(await startServer('this', resolve(__dirname, '..', '..'), env, profileDir));
      if (baseline) servers.push(await startServer('baseline', baseline, env));
      if (fastifyFrom) {
        const here = resolve(__dirname, '..', '..');
        servers.push(await startServer('express-bare', here, { ...env, BENCH_ADAPTER: 'express-bare' }));
        servers.push(
          await startServer('fastify-bare', here, {
            ...env,
            BENCH_ADAPTER: 'fastify-bare',
            BENCH_FASTIFY_FROM: resolve(fastifyFrom),
          }),
        );
      }
      const claimed = await claimSome(servers[0].port, tokens);
      await db.query('ANALYZE');
      log(
        `seeded ${opts.members.toLocaleString('en')} members, ${opts.campaigns.toLocaleString('en')} live perks; ` +
          `${opts.clients} clients hold ${claimed} claims`,
      );

      const results = new Map<string, Round[]>();
      const key = (server: Server, scenario: Scenario) => `${server.label} ${scenario.name}`;
      for (const server of servers)
        for (const scenario of scenarios) {
          await load(db, server, scenario, tokens, opts.concurrency, 1); // warm-up: JIT, pools, plans
          results.set(key(server, scenario), []);
        }
      for (let round = 0; round < opts.rounds; round++) {
        for (const scenario of scenarios) {
          // Alternate which server goes first, so drift hits both alike.
          const order = round % 2 ? [...servers].reverse() : servers;
          for (const server of order)
            results
              .get(key(server, scenario))
              ?.push(await load(db, server, scenario, tokens, opts.concurrency, opts.seconds));
        }
      }

      let failed = false;
      const num = (value: number, digits = 1) => value.toFixed(digits).padStart(9);
      for (const server of servers) {
        const floor = summarise(results.get(key(server, scenarios[0])) ?? []).perSecond;
        log('');
        log(
          `server: ${server.label === 'this' ? 'this checkout' : server.label === 'baseline' ? `baseline ${baseline}` : server.label}`,
        );
        log(
          `${'endpoint'.padEnd(40)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}` +
            `${'CPU µs'.padStart(9)}${'DB µs'.padStart(9)}${'% floor'.padStart(9)}${'target'.padStart(9)}${'errors'.padStart(8)}  status`,
        );
        for (const scenario of scenarios) {
          const s = summarise(results.get(key(server, scenario)) ?? []);
          const share = s.perSecond / floor;
          const verdict = scenario.target === undefined ? '' : share >= scenario.target ? 'PASS' : 'FAIL';
          if (server.label === 'this' && (verdict === 'FAIL' || s.errors > 0)) failed = true;
          log(
            `${scenario.name.padEnd(40)}${num(s.perSecond)}${num(s.p50, 2)}${num(s.p99, 2)}${num(s.cpu, 0)}${num(s.dbCpu, 0)}` +
              `${num(100 * share)}${(scenario.target ? `≥${100 * scenario.target}% ${verdict}` : '').padStart(9)}` +
              `${String(s.errors).padStart(8)}  ${s.statuses.join(',')}`,
          );
        }
      }
      const pairs = [
        ...(baseline ? [[servers[0], servers[1]]] : []),
        ...(fastifyFrom ? [[servers[servers.length - 1], servers[servers.length - 2]]] : []),
      ];
      for (const [a, b] of pairs) {
        log('');
        log(`${a.label} / ${b.label} (medians; CPU per request, lower is better):`);
        for (const scenario of scenarios) {
          const mine = summarise(results.get(key(a, scenario)) ?? []);
          const base = summarise(results.get(key(b, scenario)) ?? []);
          log(
            `${scenario.name.padEnd(40)} req/s ×${(mine.perSecond / base.perSecond).toFixed(2)}   ` +
              `server CPU/request ×${(mine.cpu / base.cpu).toFixed(2)}   ` +
              `database CPU/request ×${(mine.dbCpu / base.dbCpu).toFixed(2)}`,
          );
        }
      }
      log('');
      log(
        `load average at the end: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      if (failed) process.exitCode = 1;
    } finally {
      for (const server of servers) {
        server.child.removeAllListeners('exit');
        server.child.send('stop');
        await new Promise((r) => server.child.once('exit', r));
      }
      await db.end();
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
