import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/config';
import { EmbeddedDatabase, embeddedPassword, startEmbeddedPostgres, withDatabase } from './embedded-postgres';

export const EMBEDDED_DATABASE = 'perkrank';

export interface ResolvedDatabase {
  url: string;
  /** Set when this process started the embedded server and must stop it. */
  embedded?: EmbeddedDatabase;
  /** True for the embedded default (running here or in a sibling process). */
  isEmbedded: boolean;
}

/** The port of an embedded server another PerkRank process already runs on this data dir. */
function runningEmbeddedPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  const port = Number(portLine);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function ensureDatabaseExists(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR — joined when another
 * PerkRank process (the API, say, while you run the CLI) already runs it, started otherwise.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, isEmbedded: false };
  const runningPort = runningEmbeddedPort(config.dataDir);
  if (runningPort) {
    const password = encodeURIComponent(embeddedPassword(config.dataDir));
    const url = `postgres://postgres:${password}@127.0.0.1:${runningPort}/${EMBEDDED_DATABASE}`;
    log(`Using the embedded PostgreSQL already running on port ${runningPort}`);
    return { url, isEmbedded: true };
  }
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  await ensureDatabaseExists(embedded.url, EMBEDDED_DATABASE);
  log(
    `Embedded PostgreSQL started on port ${embedded.port} (data in ${config.dataDir}) in ${Date.now() - started} ms`,
  );
  return { url: withDatabase(embedded.url, EMBEDDED_DATABASE), embedded, isEmbedded: true };
}
