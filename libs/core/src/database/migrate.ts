import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 7_150_001;

/**
 * Runs pending migrations, each in its own transaction, under an advisory lock so an API and a
 * worker starting together do not race. The lock is taken in a transaction held open on its own
 * connection (not a session lock), so it also holds through PgBouncer in transaction mode.
 * Returns the names that ran.
 */
export async function runMigrations(dataSource: DataSource, url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'perkrank-migration-lock' });
  await lock.connect();
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query('COMMIT').catch(() => undefined);
    await lock.end();
  }
}

/** SQL that would bring the schema in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}

/** Applies every pending migration to the database at `url` (start-up of the embedded default, CLI). */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource, url);
  } finally {
    await dataSource.destroy();
  }
}

/** True when the database at `url` lacks migrations this build has. */
export async function hasPendingMigrations(url: string): Promise<boolean> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    return await dataSource.showMigrations();
  } finally {
    await dataSource.destroy();
  }
}
