import { Client, type Pool, type PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The pg connections under TypeORM, for the few statements worth a named (prepared) statement —
 * the claim and its eligibility read, which run before every claim of a flash crowd. TypeORM's
 * postgres driver keeps its pool in `master` and a transaction's query runner its client in
 * `databaseConnection`; neither is in its typings, so these two functions are the only places
 * that reach for them (checked at run time, so a TypeORM upgrade that renames them fails loudly).
 */
export function pgPool(dataSource: DataSource): Pool {
  const master = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!master || typeof master.query !== 'function')
    throw new Error('pgPool: the data source is not a connected TypeORM postgres data source');
  return master;
}

/** The pg client a transaction's manager runs on (the manager of `dataSource.transaction(…)`). */
export function pgConnection(manager: EntityManager): PoolClient {
  const runner = manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined;
  if (!runner?.databaseConnection) throw new Error('pgConnection: needs the manager of an open transaction');
  return runner.databaseConnection;
}

const unnamed = new WeakSet<DataSource>();

/**
 * Whether `statementName` names statements on this data source (`DATABASE_PREPARED_STATEMENTS`):
 * off behind a transaction-mode pooler that does not track prepared statements (PgBouncer before
 * 1.21), where the next transaction may land on a server connection that lacks, or already has,
 * the statement. Set once by CoreModule when the data source is created.
 */
export function usePreparedStatements(dataSource: DataSource, enabled: boolean): void {
  if (enabled) unnamed.delete(dataSource);
  else unnamed.add(dataSource);
}

/** `name` for a named (prepared) statement on this data source, or undefined where they are off. */
export function statementName(dataSource: DataSource, name: string): string | undefined {
  return unnamed.has(dataSource) ? undefined : name;
}

/**
 * A pg client on a session of its own, for LISTEN (which needs one): on DATABASE_DIRECT_URL when
 * it is set — behind PgBouncer in transaction mode a pooled connection would lose the LISTEN —
 * else on the application's database URL. Not connected yet.
 */
export function sessionClient(
  directUrl: string | undefined,
  databaseUrl: string,
  applicationName: string,
): Client {
  return new Client({ connectionString: directUrl ?? databaseUrl, application_name: applicationName });
}
