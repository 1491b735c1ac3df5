/**
 * `npm run bench:cluster`: claims/s and feed requests/s through HAProxy on the `npm run cluster`
 * topology, with one API process and with two, side by side in one run (HAProxy has a second front
 * end that sends everything to the first API process; rounds alternate between the two), and where
 * the CPU time goes: each API process, PostgreSQL (primary and replica), PgBouncer, HAProxy and
 * this client, read from /proc before and after each round.
 *
 *   node --require ./bench/support/register.js bench/cluster/run.ts [--members N] [--units N]
 *        [--feed N] [--concurrency N] [--rounds N]
 *
 * On a machine with fewer cores than processes, two API processes compete with PostgreSQL and each
 * other for the same cores: the scaling ratio says how much a second process buys here, not on
 * separate machines.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { Client } from 'pg';
import { call, type Cluster, log, newPerk, seed, startCluster, stopAll } from '../../test/cluster/support';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

const TICK_MS = 10; // /proc/<pid>/stat counts in clock ticks of 1/100 s on Linux

/** CPU ms of a process (utime + stime), and of its children when they are PostgreSQL backends. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** A postmaster and its backends: backends come and go, so their time is summed while they live. */
function postgresPids(dataDir: string): number[] {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return [pid, ...childrenOf(pid)];
}

type BenchCluster = Cluster & {
  dir: string;
  bouncer: { child: { pid?: number } };
  haproxy: { child: { pid?: number } };
  ports: { single: number };
};

interface Sample {
  [part: string]: number;
}

function sample(cluster: BenchCluster): Sample {
  const s: Sample = {};
  cluster.apis.forEach((a) => (s[a.name] = cpuMs(a.child.pid ?? 0)));
  s.postgres = 0;
  for (const d of ['primary', 'replica'])
    for (const pid of postgresPids(join(cluster.dir, d))) s.postgres += cpuMs(pid);
  // runuser forks PgBouncer: its child is the daemon.
  s.pgbouncer = [cluster.bouncer.child.pid ?? 0, ...childrenOf(cluster.bouncer.child.pid ?? 0)].reduce(
    (t, p) => t + cpuMs(p),
    0,
  );
  s.haproxy = cpuMs(cluster.haproxy.child.pid ?? 0);
  const me = process.cpuUsage();
  s.client = (me.user + me.system) / 1000;
  return s;
}

const diff = (a: Sample, b: Sample): Sample =>
  Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));

interface Round {
  what: 'claims' | 'feed';
  apis: 1 | 2;
  perSecond: number;
  requests: number;
  fiveXX: number;
  p50: number;
  p99: number;
  cpu: Sample;
}

async function main(): Promise<void> {
  const members = option('members', 1000);
  const units = option('units', 400);
  const feedRequests = option('feed', 1500);
  const concurrency = option('concurrency', 32);
  const rounds = option('rounds', 3);
  const cluster = (await startCluster({
    singleFrontend: true,
    env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000', REQUIRE_VERIFIED_EMAIL: 'false', LOG_LEVEL: 'warn' },
  })) as Cluster & {
    dir: string;
    bouncer: { child: { pid?: number } };
    haproxy: { child: { pid?: number } };
    ports: { single: number };
  };
  const db = new Client({ connectionString: cluster.urls.direct });
  await db.connect();
  try {
    const { tokens, brand, owner } = await seed(db, cluster.env.JWT_SECRET, members);
    // Feed members need a topic-free profile and a score (seeded); a few live perks fill the page.
    for (let i = 0; i < 20; i++) await newPerk(db, brand, owner, 1_000_000);
    await db.query('ANALYZE');
    const ports = { 1: cluster.ports.single, 2: cluster.ports.lb } as const;
    log(
      `cluster benchmark: ${members} members, ${units}-unit perks, ${feedRequests} feed requests, ${concurrency} concurrent clients, ` +
        `${rounds} round(s) per variant (+1 warm-up each), alternating one and two API processes`,
    );

    const load = async (
      port: number,
      count: number,
      request: (agent: Agent, i: number) => Promise<number>,
    ) => {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      const latencies: number[] = [];
      let next = 0;
      let fiveXX = 0;
      let lastOk = 0;
      let ok = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            const i = next++;
            const t0 = process.hrtime.bigint();
            const status = await request(agent, i).catch(() => 599);
            const t1 = process.hrtime.bigint();
            latencies.push(Number(t1 - t0) / 1e6);
            if (status >= 500) fiveXX++;
            if (status === 200 || status === 201) {
              ok++;
              lastOk = Number(t1 - started) / 1e9;
            }
          }
        }),
      );
      agent.destroy();
      latencies.sort((a, b) => a - b);
      return {
        ok,
        fiveXX,
        lastOk,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        latencies,
        port,
      };
    };
    const pct = (sorted: number[], p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

    const results: Round[] = [];
    const round = async (what: Round['what'], apis: 1 | 2, keep: boolean): Promise<void> => {
      const before = sample(cluster);
      let r;
      if (what === 'claims') {
        const perk = await newPerk(db, brand, owner, units);
        const order = tokens.map((_, i) => i).sort(() => Math.random() - 0.5);
        r = await load(ports[apis], members, (agent, i) =>
          call(agent, ports[apis], 'POST', `/v1/perks/${perk}/claims`, tokens[order[i]]).then(
            (a) => a.status,
          ),
        );
      } else {
        r = await load(ports[apis], feedRequests, (agent, i) =>
          call(agent, ports[apis], 'GET', '/v1/perks?limit=20', tokens[i % tokens.length]).then(
            (a) => a.status,
          ),
        );
      }
      const cpu = diff(before, sample(cluster));
      if (keep)
        results.push({
          what,
          apis,
          perSecond: what === 'claims' ? r.ok / r.lastOk : r.ok / r.seconds,
          requests: what === 'claims' ? members : feedRequests,
          fiveXX: r.fiveXX,
          p50: pct(r.latencies, 50),
          p99: pct(r.latencies, 99),
          cpu,
        });
    };
    for (const what of ['claims', 'feed'] as const) {
      await round(what, 1, false);
      await round(what, 2, false);
      for (let i = 0; i < rounds; i++) {
        await round(what, 1, true);
        await round(what, 2, true);
      }
    }

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    log(
      '\n| load | API processes | rate (median) | p50 ms | p99 ms | 5xx | CPU ms per request: APIs · PostgreSQL · PgBouncer · HAProxy · client |',
    );
    log('| --- | --- | --- | --- | --- | --- | --- |');
    const ratio: Record<string, number> = {};
    for (const what of ['claims', 'feed'] as const)
      for (const apis of [1, 2] as const) {
        const rs = results.filter((r) => r.what === what && r.apis === apis);
        const rate = median(rs.map((r) => r.perSecond));
        ratio[`${what}${apis}`] = rate;
        const per = (key: (s: Sample) => number) => median(rs.map((r) => key(r.cpu) / r.requests)).toFixed(2);
        log(
          `| ${what === 'claims' ? 'claims/s (sold units over time to sell out)' : 'feed requests/s'} | ${apis} | ${rate.toFixed(0)} | ` +
            `${median(rs.map((r) => r.p50)).toFixed(1)} | ${median(rs.map((r) => r.p99)).toFixed(1)} | ${rs.reduce((t, r) => t + r.fiveXX, 0)} | ` +
            `${per((s) => (s['api-1'] ?? 0) + (s['api-2'] ?? 0))} · ${per((s) => s.postgres)} · ${per((s) => s.pgbouncer)} · ${per((s) => s.haproxy)} · ${per((s) => s.client)} |`,
        );
      }
    log(
      `\nscaling, two API processes over one: claims ×${(ratio.claims2 / ratio.claims1).toFixed(2)}, feed ×${(ratio.feed2 / ratio.feed1).toFixed(2)} ` +
        `(${cpus().length} cores; load average ${loadavg()
          .map((l: number) => l.toFixed(1))
          .join(' ')})`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await cluster.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void stopAll().then(() => process.exit(130)));

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopAll();
    process.exit(1);
  },
);
