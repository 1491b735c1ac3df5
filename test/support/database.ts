import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '@perkrank/core';
import { STATE_ENV, TestRunState } from './state';

export function testRunState(): TestRunState {
  const file = process.env[STATE_ENV];
  if (!file)
    throw new Error(
      'The test database is not set up: run the tests with `npm test` (jest.config.js globalSetup).',
    );
  return JSON.parse(readFileSync(file, 'utf8')) as TestRunState;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database copied from the migrated template: every test file gets its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const state = testRunState();
  const name = `perkrank_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: state.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${state.template}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(state.serverUrl, name),
    name,
    drop: async () => {
      const c = new Client({ connectionString: state.serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
