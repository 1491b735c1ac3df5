import { readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { STATE_ENV, TestRunState } from './support/state';

export default async function globalTeardown(): Promise<void> {
  const file = process.env[STATE_ENV];
  if (!file) return;
  const state = JSON.parse(readFileSync(file, 'utf8')) as TestRunState;
  const stop = (globalThis as { __perkrankStop?: () => Promise<void> }).__perkrankStop;
  if (stop) {
    await stop();
  } else {
    const admin = new Client({ connectionString: state.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.template} WITH (FORCE)`);
    await admin.end();
  }
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  else rmSync(file, { force: true });
}
