import './support/aliases';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import {
  EmbeddedPostgresAccessError,
  migrateDatabase,
  startEmbeddedPostgres,
  withDatabase,
} from '@perkrank/core';
import { STATE_ENV, TestRunState } from './support/state';

/**
 * One PostgreSQL for the whole run (embedded unless DATABASE_URL names a server), and one
 * template database with every migration (and the job queue's schema) applied. Each test file
 * then gets its own database copied from the template in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  let serverUrl = process.env.DATABASE_URL;
  let dataDir: string | undefined;
  let embeddedPid: number | undefined;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'perkrank-test-'));
    chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({
      dataDir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    }).catch((error: unknown) => {
      if (!(error instanceof EmbeddedPostgresAccessError)) throw error;
      // One sentence saying what to do (or run the tests against DATABASE_URL), not a stack trace.
      process.stderr.write(`\n[perkrank] ${error.message}\n`);
      process.exit(78);
    });
    serverUrl = server.url;
    (globalThis as { __perkrankStop?: () => Promise<void> }).__perkrankStop = server.stop;
    embeddedPid = process.pid;
  }
  const template = `perkrank_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const templateUrl = withDatabase(serverUrl, template);
  await migrateDatabase(templateUrl);
  const boss = new PgBoss({ connectionString: templateUrl, max: 1, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  const state: TestRunState = { serverUrl, template, dataDir, embeddedPid };
  const file = join(dataDir ?? tmpdir(), `perkrank-test-state-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(state));
  process.env[STATE_ENV] = file;
  process.stderr.write(
    `\n[perkrank] test database ready in ${Date.now() - started} ms (${dataDir ? 'embedded' : 'DATABASE_URL'})\n`,
  );
}
