import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { pgPool, statementName } from './pg-pool';

/**
 * Runs one statement on the request path as a named prepared statement, straight on the
 * DataSource's pg pool: Postgres parses and plans it once per connection instead of on every
 * call, and TypeORM's query runner (created and released per `DataSource.query`) is skipped.
 * For hot, fixed reads only (the access-token session check); everything else goes through
 * TypeORM. Rows come back parsed by the same pg type parsers `DataSource.query` uses.
 */
export async function preparedQuery<T extends QueryResultRow>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const result = await pgPool(db).query<T>({ name: statementName(db, name), text, values });
  return result.rows;
}
