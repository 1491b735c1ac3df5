import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, withDatabase } from './embedded-postgres';

/**
 * Runs `work` against a brand-new empty database, dropped afterwards: on the DATABASE_URL server
 * when given, else on a throwaway embedded server. Used by the drift checks, which must compare
 * against "all migrations applied from scratch", never a developer's own database.
 */
export async function withScratchDatabase<T>(
  serverUrl: string | undefined,
  work: (url: string) => Promise<T>,
): Promise<T> {
  if (serverUrl) {
    const name = `perkrank_scratch_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      return await work(withDatabase(serverUrl, name));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-scratch-'));
  chmodSync(dir, 0o755); // as root, the server runs as the `postgres` user, who must reach its data dir
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  try {
    return await work(server.url);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
