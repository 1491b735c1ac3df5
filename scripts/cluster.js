#!/usr/bin/env node
// `npm run cluster`: PerkRank as it runs past one machine, on this one. Debian's PostgreSQL runs a
// primary and a streaming replica (pg_basebackup -R), PgBouncer pools the primary in transaction
// mode, migrations run through PgBouncer, two API processes (WORKER_IN_API=false) and two workers
// start, and HAProxy balances the API processes on /health/ready. Prints the URL; Ctrl-C or
// SIGTERM stops everything and removes the data folder (a throwaway topology, fsync off).
//
//   npm run cluster [-- --apis N --workers N --keep]
//
// Installs postgresql, pgbouncer and haproxy with apt-get when missing (as .ci/run installs
// Chromium). As root, PostgreSQL and PgBouncer run as Debian's `postgres` user. The test
// (test/cluster/run.ts) and the benchmark (bench/cluster) start it through startCluster().
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { createServer } = require('node:net');
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');

const root = join(__dirname, '..');
/** Clusters being started or running in this process: a signal stops them all, even mid-start. */
const active = new Set();
const isRoot = process.getuid?.() === 0;

function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

/** apt-get install when a piece is missing (Debian packages only). */
function ensurePackages(log) {
  const missing = [];
  if (!pgBinDir()) missing.push('postgresql');
  if (!existsSync('/usr/sbin/pgbouncer')) missing.push('pgbouncer');
  if (!existsSync('/usr/sbin/haproxy')) missing.push('haproxy');
  if (!missing.length) return;
  if (!isRoot)
    throw new Error(
      `missing Debian packages: ${missing.join(' ')} (apt-get install -y ${missing.join(' ')})`,
    );
  log(`installing ${missing.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command as the postgres user when we are root (initdb and postgres refuse root). */
function asPg(cmd, args) {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function run(cmd, args, options = {}) {
  const [c, a] = asPg(cmd, args);
  const result = spawnSync(c, a, { encoding: 'utf8', ...options });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

async function waitFor(what, check, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function httpOk(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the programs when the sources are newer than the last build (as scripts/run.js does). */
function ensureBuilt(log) {
  const stamp = join(root, 'dist', '.build-stamp');
  const fresh =
    existsSync(join(root, 'dist', 'apps', 'api', 'src', 'main.js')) &&
    existsSync(stamp) &&
    Math.max(...['apps', 'libs', 'migrations'].map((d) => newestSource(join(root, d)))) <=
      statSync(stamp).mtimeMs;
  if (fresh) return;
  log('building PerkRank (nest build)…');
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  writeFileSync(stamp, new Date().toISOString());
}

/**
 * Starts the topology. Returns handles to each process (so tests can kill one), the URLs, and
 * stop(). `env` adds settings to every PerkRank process.
 */
async function startCluster(options = {}) {
  const apis = options.apis ?? 2;
  const workers = options.workers ?? 2;
  const log = options.log ?? ((line) => process.stderr.write(`[cluster] ${line}\n`));
  ensurePackages(log);
  if (options.build !== false) ensureBuilt(log);
  const bin = pgBinDir();
  const dir = mkdtempSync('/tmp/perkrank-cluster-');
  chmodSync(dir, 0o755);
  if (isRoot)
    chownSync(
      dir,
      Number(run('id', ['-u', 'postgres']).trim()),
      Number(run('id', ['-g', 'postgres']).trim()),
    );
  const children = [];
  const state = { stopped: false };

  const spawnLogged = (name, cmd, args, env) => {
    const out = join(dir, `${name}.log`);
    const [c, a] = cmd === 'pg' ? asPg(args[0], args.slice(1)) : [cmd, args];
    const child = spawn(c, a, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
    child.stdout.on('data', (d) => appendFileSync(out, d));
    child.stderr.on('data', (d) => appendFileSync(out, d));
    const handle = {
      name,
      child,
      log: out,
      exited: new Promise((r) => child.once('exit', (code, signal) => r({ code, signal }))),
    };
    children.push(handle);
    return handle;
  };

  const stop = async () => {
    if (state.stopped) return;
    state.stopped = true;
    active.delete(stop);
    for (const h of [...children].reverse())
      if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGTERM');
    await Promise.race([
      Promise.all(children.map((h) => h.exited)),
      new Promise((r) => setTimeout(r, 15_000)),
    ]);
    for (const h of children)
      if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
    for (const pg of ['replica', 'primary'])
      if (existsSync(join(dir, pg, 'postmaster.pid')))
        spawnSync(...asPg(join(bin, 'pg_ctl'), ['-D', join(dir, pg), '-m', 'fast', '-w', 'stop']), {
          stdio: 'ignore',
        });
    if (!(options.keep ?? process.env.CLUSTER_KEEP === '1')) rmSync(dir, { recursive: true, force: true });
  };

  active.add(stop);
  try {
    const [pgPort, replicaPort, bouncerPort, lbPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    /** How the tools reach the primary: over TCP, as perkrank. */
    const primary = ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'perkrank'];
    /** psql on the primary: `flag` is how it runs `sql` (-qc quiet, -tAc a bare value). */
    const psql = (database, flag, sql) => run(join(bin, 'psql'), [...primary, '-d', database, flag, sql]);
    const primaryDir = join(dir, 'primary');
    const replicaDir = join(dir, 'replica');
    log(`PostgreSQL (${bin}): primary on ${pgPort}, replica on ${replicaPort}; data in ${dir}`);
    run(join(bin, 'initdb'), [
      '-D',
      primaryDir,
      '-U',
      'perkrank',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    appendFileSync(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${pgPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        // Lean: a shared two-core machine. A throwaway topology: no fsync.
        'shared_buffers = 32MB',
        'max_connections = 80',
        'fsync = off',
        'full_page_writes = off',
        'synchronous_commit = off',
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        'hot_standby_feedback = on',
        '',
      ].join('\n'),
    );
    appendFileSync(join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    run(join(bin, 'pg_ctl'), ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
    psql('postgres', '-qc', 'CREATE DATABASE perkrank');
    run(join(bin, 'pg_basebackup'), ['-c', 'fast', ...primary, '-D', replicaDir, '-R', '-X', 'stream']);
    appendFileSync(join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    run(join(bin, 'pg_ctl'), ['-D', replicaDir, '-l', join(dir, 'replica.log'), '-w', 'start']);

    // PgBouncer, transaction mode, in front of the primary.
    const ini = join(dir, 'pgbouncer.ini');
    writeFileSync(join(dir, 'userlist.txt'), '"perkrank" ""\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        `perkrank = host=127.0.0.1 port=${pgPort} dbname=perkrank`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${bouncerPort}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${join(dir, 'userlist.txt')}`,
        'pool_mode = transaction',
        `default_pool_size = ${options.bouncerPoolSize ?? 20}`,
        'max_client_conn = 500',
        'admin_users = perkrank',
        'ignore_startup_parameters = extra_float_digits,options',
        '',
      ].join('\n'),
    );
    if (isRoot) execFileSync('chown', ['postgres', ini, join(dir, 'userlist.txt')]);
    const bouncer = spawnLogged('pgbouncer', 'pg', ['/usr/sbin/pgbouncer', ini]);
    const pooled = `postgres://perkrank@127.0.0.1:${bouncerPort}/perkrank`;
    const direct = `postgres://perkrank@127.0.0.1:${pgPort}/perkrank`;
    const replica = `postgres://perkrank@127.0.0.1:${replicaPort}/perkrank`;
    await waitFor('PgBouncer', async () => {
      const r = spawnSync(join(bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(bouncerPort),
        '-d',
        'perkrank',
      ]);
      return r.status === 0;
    });

    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: pooled,
      DATABASE_DIRECT_URL: direct,
      DATABASE_REPLICA_URL: replica,
      DATABASE_POOL_SIZE: String(options.poolSize ?? 6),
      WORKER_IN_API: 'false',
      DATABASE_PREPARED_STATEMENTS: 'false', // Debian's PgBouncer (1.18) does not track them
      TRUST_PROXY: 'true',
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: process.env.PSEUDONYM_KEY ?? randomBytes(32).toString('hex'),
      ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'admin@cluster.localhost',
      ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? randomBytes(9).toString('hex'),
      PUBLIC_URL: `http://127.0.0.1:${lbPort}`,
      ...options.env,
    };
    log('migrations (through PgBouncer)…');
    execFileSync(process.execPath, [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'migration:run'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });

    const apiPorts = [];
    const apiHandles = [];
    for (let i = 0; i < apis; i++) {
      const port = await freePort();
      apiPorts.push(port);
      apiHandles.push(
        spawnLogged(`api-${i + 1}`, process.execPath, [join(root, 'dist', 'apps', 'api', 'src', 'main.js')], {
          ...env,
          PORT: String(port),
        }),
      );
    }
    const workerHandles = [];
    for (let i = 0; i < workers; i++)
      workerHandles.push(
        spawnLogged(
          `worker-${i + 1}`,
          process.execPath,
          [join(root, 'dist', 'apps', 'worker', 'src', 'main.js')],
          env,
        ),
      );
    for (const port of apiPorts)
      await waitFor(`the API on ${port}`, () => httpOk(`http://127.0.0.1:${port}/health/ready`), 120_000);
    // A worker has started once its outbox LISTEN connection (direct, so visible here) is open.
    await waitFor(
      `${workers} workers`,
      () => {
        const listening = psql(
          'perkrank',
          '-tAc',
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'perkrank-outbox-listen'",
        );
        return Number(listening.trim()) >= workers;
      },
      120_000,
    );
    const dead = children.filter((h) => h.child.exitCode !== null || h.child.signalCode !== null);
    if (dead.length)
      throw new Error(`exited during start-up: ${dead.map((h) => `${h.name} (log ${h.log})`).join(', ')}`);

    const cfg = join(dir, 'haproxy.cfg');
    // The benchmark also gets a front end with the first API process alone, to compare one and two.
    const singlePort = options.singleFrontend ? await freePort() : undefined;
    writeFileSync(cfg, haproxyConfig(lbPort, apiPorts, singlePort));
    const haproxy = spawnLogged('haproxy', '/usr/sbin/haproxy', ['-db', '-f', cfg]);
    const url = `http://127.0.0.1:${lbPort}`;
    await waitFor('HAProxy', () => httpOk(`${url}/health/ready`));

    return {
      url,
      dir,
      env,
      bin,
      urls: { pooled, direct, replica },
      ports: {
        primary: pgPort,
        replica: replicaPort,
        bouncer: bouncerPort,
        lb: lbPort,
        single: singlePort,
        apis: apiPorts,
      },
      apis: apiHandles,
      workers: workerHandles,
      bouncer,
      haproxy,
      /** Stops (-m fast) or starts the replica, for fault tests. */
      replica: {
        stop: () => run(join(bin, 'pg_ctl'), ['-D', replicaDir, '-m', 'fast', '-w', 'stop']),
        start: () =>
          run(join(bin, 'pg_ctl'), ['-D', replicaDir, '-l', join(dir, 'replica.log'), '-w', 'start']),
      },
      /** Stops every process and PostgreSQL, and removes the data folder (unless keep). */
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function haproxyConfig(port, apiPorts, singlePort) {
  const servers = (ports) =>
    ports.map((p, i) => `  server api${i + 1} 127.0.0.1:${p} check inter 1s fall 3 rise 1`);
  const backend = (name, ports) => [
    `backend ${name}`,
    '  balance roundrobin',
    '  http-response set-header X-Served-By %s',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    ...servers(ports),
  ];
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    // A saturated API process answers its health check late, not never: only a silent one is down.
    '  timeout check 5s',
    '  option forwardfor',
    '  option redispatch',
    // Only what is safe for any request: a connection that never reached a server is retried on
    // another; a request a server received is never re-sent (it may have been carried out).
    '  retries 3',
    '  retry-on conn-failure',
    'frontend perkrank',
    `  bind 127.0.0.1:${port}`,
    '  default_backend api',
    ...backend('api', apiPorts),
    ...(singlePort
      ? [
          'frontend perkrank-single',
          `  bind 127.0.0.1:${singlePort}`,
          '  default_backend api-single',
          ...backend('api-single', apiPorts.slice(0, 1)),
        ]
      : []),
    '',
  ].join('\n');
}

/** Stops every cluster this process started (signal handlers of the scripts that start one). */
async function stopAll() {
  await Promise.all([...active].map((stop) => stop()));
}

module.exports = { startCluster, stopAll, haproxyConfig };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const num = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('[cluster] stopping…\n');
    stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  startCluster({ apis: num('apis', 2), workers: num('workers', 2), keep: argv.includes('--keep') }).then(
    (cluster) => {
      process.stdout.write(
        `\nPerkRank cluster ready: ${cluster.url}\n` +
          `  HAProxy → ${cluster.apis.length} API processes (${cluster.ports.apis.join(', ')}), ${cluster.workers.length} workers\n` +
          `  PgBouncer (transaction mode) ${cluster.urls.pooled}\n` +
          `  primary ${cluster.urls.direct}\n  replica ${cluster.urls.replica}\n` +
          `  admin: ${cluster.env.ADMIN_EMAIL} / ${cluster.env.ADMIN_PASSWORD}\n` +
          `  logs in ${cluster.dir}\nCtrl-C stops everything.\n`,
      );
    },
    (error) => {
      process.stderr.write(`[cluster] ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
