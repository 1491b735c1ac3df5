import type { TestApp } from './app';

/**
 * Every row of every table in the `public` schema as text (one line per row, `table: (…)`), found
 * through information_schema so tables added later are covered without changing the tests.
 */
export async function dumpPublicTables(t: TestApp): Promise<string[]> {
  const tables: Array<{ table_name: string }> = await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  const lines: string[] = [];
  for (const { table_name: table } of tables) {
    const rows: Array<{ row: string }> = await t.dataSource.query(
      `SELECT t::text AS row FROM public."${table.replace(/"/g, '""')}" t`,
    );
    for (const { row } of rows) lines.push(`${table}: ${row}`);
  }
  return lines;
}

/** The dumped lines that mention any of `needles`, case-insensitively. */
export function linesMentioning(lines: string[], needles: string[]): string[] {
  const wanted = needles.filter((n) => n.length > 0).map((n) => n.toLowerCase());
  return lines.filter((line) => wanted.some((n) => line.toLowerCase().includes(n)));
}
