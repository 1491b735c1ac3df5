import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALLOWED_CROSS_CONTEXT,
  migrationTables,
  scanRepository,
  stringLiterals,
  tableReferences,
  violations,
  type TableReference,
} from './table-ownership';

const ROOT = join(__dirname, '..', '..');
const ARCHITECTURE = join(ROOT, 'docs', 'architecture.md');

const OWNERSHIP = {
  owners: new Map([
    ['users', 'identity'],
    ['member_profiles_v', 'identity'],
    ['campaigns', 'campaigns'],
    ['claims', 'claims'],
  ]),
  views: new Set(['member_profiles_v']),
};
const FILE = 'libs/claims/src/x.repository.ts';
const refsOf = (source: string): TableReference[] =>
  tableReferences(FILE, source, new Map([['User', 'users']]));

describe('the table-ownership scanner', () => {
  it('finds the tables of raw SQL, nested templates included, and skips comments and prose', () => {
    const source = [
      '// SELECT * FROM users (a comment, not a query)',
      'const A = `SELECT c.id FROM claims c JOIN users u ON u.id = c.member_id`;',
      'const B = `WITH x AS (UPDATE campaigns k SET n = 1 RETURNING id) ${flag ? `DELETE FROM users WHERE id = $1` : ""} SELECT 1`;',
      "const C = 'Withdraw from users list';",
      'const D = `SELECT extract(epoch from now()) -- FROM users\n FROM claims`;',
    ].join('\n');
    const refs = refsOf(source).map((r) => `${r.line} ${r.access} ${r.sql}`);
    expect(refs.sort()).toEqual(
      [
        '2 read FROM claims',
        '2 read JOIN users',
        '3 write UPDATE campaigns',
        '3 write DELETE FROM users',
        '6 read FROM claims',
      ].sort(),
    );
  });

  it('flags another library’s table, read or written, and lets its own tables and views pass', () => {
    const source = [
      'const A = `SELECT * FROM claims cl JOIN member_profiles_v u ON u.id = cl.member_id`;',
      'const B = `SELECT display_name FROM users WHERE id = $1`;',
      'const C = `UPDATE campaigns SET inventory_remaining = inventory_remaining + 1 WHERE id = $1`;',
      "const D = `INSERT INTO member_profiles_v (id) VALUES ('x')`;",
    ].join('\n');
    const found = violations(OWNERSHIP, 'claims', refsOf(source), []).map((v) => `${v.sql} → ${v.owner}`);
    expect(found).toEqual([
      'FROM users → identity',
      'UPDATE campaigns → campaigns',
      'INSERT INTO member_profiles_v → identity',
    ]);
  });

  it('flags TypeORM use of another library’s entity and query-builder table names', () => {
    const source = [
      'await manager.update(User, { id }, settings);',
      'constructor(@InjectRepository(User) private readonly users: Repository<User>) {}',
      "db.createQueryBuilder().select('x').from('users', 'u');",
      'const u: User = await load();',
    ].join('\n');
    const found = violations(OWNERSHIP, 'claims', refsOf(source), []).map(
      (v) => `${v.line} ${v.access} ${v.sql}`,
    );
    expect(found.sort()).toEqual([
      '1 write update(User)',
      '2 read InjectRepository(User)',
      "3 read .from('users')",
    ]);
  });

  it('allows exactly the statement an entry names, not another one of the same file', () => {
    const source = [
      'const RESERVE = `UPDATE campaigns c SET inventory_remaining = c.inventory_remaining - 1 WHERE c.id = $1`;',
      'const BACK = `UPDATE campaigns c SET inventory_remaining = c.inventory_remaining + 1 WHERE c.id = $1`;',
    ].join('\n');
    const allowed = [
      {
        file: FILE,
        table: 'campaigns',
        sql: 'UPDATE campaigns',
        statement: 'inventory_remaining - 1',
        why: 'test',
      },
    ];
    expect(violations(OWNERSHIP, 'claims', refsOf(source), allowed).map((v) => v.line)).toEqual([2]);
  });

  it('reads template literals with nested interpolations as separate strings', () => {
    const texts = stringLiterals('const s = `a ${b ? `c ${d}` : "e"} f`;').map((l) => l.text);
    expect(texts.sort()).toEqual(['a   f', 'c  ', 'e'].sort());
  });
});

describe('table ownership in this repository', () => {
  const scan = scanRepository(ROOT);

  it('gives every table and view exactly one owner, and every table the migrations create has one', () => {
    const twice = [...scan.ownership.declaredBy].filter(([, libs]) => libs.length > 1);
    expect(twice).toEqual([]);
    const unowned = [...migrationTables(ROOT)].filter((t) => !scan.ownership.owners.has(t));
    expect(unowned).toEqual([]);
    // Sanity: the scan sees the contexts and their entities.
    expect(scan.ownership.owners.get('users')).toBe('identity');
    expect(scan.ownership.owners.get('campaigns')).toBe('campaigns');
    expect(scan.ownership.owners.get('published_scores_v')).toBe('scores');
  });

  it('finds no library touching another library’s tables outside the allowed statements', () => {
    const report = scan.violations.map(
      (v) => `${v.file}:${v.line} ${v.lib} ${v.access}s ${v.owner}'s table: ${v.sql}`,
    );
    expect(report).toEqual([]);
  });

  it('uses every allowed statement (a stale entry is removed, not kept)', () => {
    expect(ALLOWED_CROSS_CONTEXT.filter((a) => !scan.used.has(a))).toEqual([]);
  });

  it('docs/architecture.md gives each context exactly the tables and views it owns', () => {
    const doc = readFileSync(ARCHITECTURE, 'utf8');
    const section = doc.split(/^## Contexts and the tables they own$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
    const documented = new Map<string, string[]>();
    for (const m of section.matchAll(/^\| `([a-z]+)` +\| ([^|]*)\|/gm)) {
      const owns = m[2].split('(')[0];
      documented.set(m[1], [...owns.matchAll(/`([a-z_]+)`/g)].map((n) => n[1]).sort());
    }
    const owned = new Map<string, string[]>();
    for (const [table, lib] of scan.ownership.owners) owned.set(lib, [...(owned.get(lib) ?? []), table]);
    for (const lib of new Set([...documented.keys(), ...owned.keys()]))
      expect({ lib, tables: documented.get(lib) ?? [] }).toEqual({
        lib,
        tables: (owned.get(lib) ?? []).sort(),
      });
  });

  it('lists the same allowed statements and read models in docs/architecture.md', () => {
    const doc = readFileSync(ARCHITECTURE, 'utf8');
    const section = doc.split(/^### Allowed cross-context statements$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
    // Cells as prettier pads them: a value, then spaces up to the column's width.
    const rows = [...section.matchAll(/^\| `([^`]+)` +\| `([^`]+)` +\| `([^`]+)` +\|/gm)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    expect(rows.sort()).toEqual(ALLOWED_CROSS_CONTEXT.map((a) => `${a.file} ${a.sql} ${a.statement}`).sort());
    for (const view of scan.ownership.views) expect(doc).toContain(`\`${view}\``);
  });
});
