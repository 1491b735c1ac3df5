/**
 * The table-ownership check (docs/architecture.md "Contexts and the tables they own"): every table
 * and view belongs to the one library whose `@Entity`/`@ViewEntity` (or, for the few tables with no
 * entity, whose declaration in {@link TABLES_WITHOUT_ENTITY}) names it, and a library's SQL touches
 * only its own tables, the read-model views other libraries own, and the statements listed in
 * {@link ALLOWED_CROSS_CONTEXT}.
 *
 * The scanner reads every non-test `.ts` file under `libs/<lib>/src`: the SQL in its string literals
 * (`FROM`, `JOIN`, `INTO`, `UPDATE`, `DELETE FROM`, `TABLE`, `TRUNCATE` followed by a name), the
 * table names given to TypeORM's query builder (`.from('users')`, `.leftJoin('brands', …)`) and
 * the entity classes of other libraries given to TypeORM (`getRepository(User)`,
 * `manager.update(User, …)`, `@InjectRepository(User)`, `forFeature([User])`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Tables created by migrations without an entity class, and the library that owns each. */
export const TABLES_WITHOUT_ENTITY: Readonly<Record<string, string>> = {
  // The pseudonymous interaction store: partitioned by week, written with COPY (no entity fits).
  interactions: 'social',
  interactions_default: 'social',
  interaction_event_ids: 'social',
  // The perk feed's clock: sums of edits and stock changes, written by triggers only (CampaignFeedClock).
  campaign_feed_clock: 'campaigns',
  // TypeORM's record of the view entities' definitions (created by the read-model migration).
  typeorm_metadata: 'core',
};

export type Access = 'read' | 'write';

/**
 * A statement that deliberately touches another library's table. One entry per table a statement
 * reaches: `sql` is the reference as the scanner reports it (`UPDATE campaigns`) and `statement` a
 * fragment of the string literal that holds it, so the entry allows that one statement and not
 * another of the same file.
 */
export interface AllowedStatement {
  file: string;
  table: string;
  sql: string;
  statement: string;
  why: string;
}

const WRITES_OUTBOX =
  "the claim made at once: claim.created's and campaign.sold_out's outbox rows are written by the claim's " +
  'own statement, run on its own, so the campaign row is locked only while that statement runs ' +
  "(notifications' handlers would need a transaction of round trips around it)";

/** The deliberate exceptions; docs/architecture.md "Allowed cross-context statements" lists the same. */
export const ALLOWED_CROSS_CONTEXT: readonly AllowedStatement[] = [
  {
    file: 'libs/claims/src/claims/claim.repository.ts',
    table: 'campaigns',
    sql: 'UPDATE campaigns',
    statement: 'SET inventory_remaining = c.inventory_remaining - 1',
    why: 'the claim: the stock decrement and the claim insert are one statement, so nothing oversells',
  },
  {
    file: 'libs/claims/src/claims/claim.repository.ts',
    table: 'mail_outbox',
    sql: 'INSERT INTO mail_outbox',
    statement: 'created_ep AS (',
    why: WRITES_OUTBOX,
  },
  {
    file: 'libs/claims/src/claims/claim.repository.ts',
    table: 'webhook_events',
    sql: 'INSERT INTO webhook_events',
    statement: 'created_ep AS (',
    why: WRITES_OUTBOX,
  },
  {
    file: 'libs/claims/src/claims/claim.repository.ts',
    table: 'webhook_deliveries',
    sql: 'INSERT INTO webhook_deliveries',
    statement: 'created_ep AS (',
    why: WRITES_OUTBOX,
  },
  {
    file: 'libs/claims/src/claims/claim.repository.ts',
    table: 'webhook_endpoints',
    sql: 'FROM webhook_endpoints',
    statement: 'created_ep AS (',
    why: WRITES_OUTBOX,
  },
];

/** One reference to a table found in a library's source. */
export interface TableReference {
  /** Path from the repository root. */
  file: string;
  line: number;
  table: string;
  access: Access;
  /** What was found, normalised: `UPDATE campaigns`, `getRepository(User)`. */
  sql: string;
  /** The string literal (or source line) it was found in. */
  statement: string;
}

export interface Violation extends TableReference {
  lib: string;
  owner: string;
}

const SQL_KEYWORDS: ReadonlyArray<[RegExp, Access, string]> = [
  [/\bdelete\s+from\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi, 'write', 'DELETE FROM'],
  [/\binsert\s+into\s+"?([a-z_][a-z0-9_]*)"?/gi, 'write', 'INSERT INTO'],
  [
    /\bupdate\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?\s+(?:(?:as\s+)?[a-z_][a-z0-9_]*\s+)?set\b/gi,
    'write',
    'UPDATE',
  ],
  [/\btruncate\s+(?:table\s+)?"?([a-z_][a-z0-9_]*)"?/gi, 'write', 'TRUNCATE'],
  [
    /\b(?:alter|drop|lock)\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi,
    'write',
    'TABLE',
  ],
  [/\bcopy\s+"?([a-z_][a-z0-9_]*)"?\s*(?:\([^)]*\)\s*)?from\b/gi, 'write', 'COPY'],
  [/\bfrom\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi, 'read', 'FROM'],
  [/\bjoin\s+(?:lateral\s+)?"?([a-z_][a-z0-9_]*)"?/gi, 'read', 'JOIN'],
];

/** Query-builder calls that take a table name as their first argument. */
const BUILDER_TABLE =
  /\.(from|into|update|delete|leftJoin\w*|innerJoin\w*|join)\(\s*['"`]([a-z_][a-z0-9_]*)['"`]/g;

/** TypeORM calls that take an entity class: `${call}(Entity` or `forFeature([…, Entity, …])`. */
const ENTITY_CALLS =
  /(?:\bgetRepository|\bInjectRepository|\bcreateQueryBuilder|\.(?:insert|update|delete|softDelete|remove|find\w*|count\w*|exist\w*|save|upsert|increment|decrement|from|into|leftJoin\w*|innerJoin\w*|sum|average|minimum|maximum|clear|preload|create|merge))\(\s*([A-Z][A-Za-z0-9_]*)\b/g;
const FOR_FEATURE = /forFeature\(\s*\[([^\]]*)\]/g;
const WRITE_CALLS =
  /^(?:\.insert|\.update|\.delete|\.softDelete|\.remove|\.save|\.upsert|\.increment|\.decrement|\.into|\.clear)$/;

/**
 * The string literals of a TypeScript source, each with the line it starts on. A template literal's
 * `${…}` parts become a space (their own literals are returned separately).
 */
export function stringLiterals(source: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let line = 1;
  let i = 0;
  /** Open template literals: the text so far and the `${` depth inside the current interpolation. */
  const templates: Array<{ text: string; line: number; braces: number }> = [];
  let inTemplateText = false;
  const n = source.length;
  while (i < n) {
    const ch = source[i];
    if (inTemplateText) {
      const top = templates[templates.length - 1];
      if (ch === '\\') {
        top.text += source.slice(i, i + 2);
        if (source[i + 1] === '\n') line++;
        i += 2;
      } else if (ch === '`') {
        out.push({ text: top.text, line: top.line });
        templates.pop();
        inTemplateText = false;
        i++;
      } else if (ch === '$' && source[i + 1] === '{') {
        top.text += ' ';
        top.braces = 1;
        inTemplateText = false;
        i += 2;
      } else {
        if (ch === '\n') line++;
        top.text += ch;
        i++;
      }
      continue;
    }
    const top = templates[templates.length - 1];
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (source[j] === '\n') line++;
      i = stop;
    } else if (ch === "'" || ch === '"') {
      const start = line;
      let text = '';
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') {
        if (source[i] === '\\') {
          text += source.slice(i, i + 2);
          i += 2;
        } else text += source[i++];
      }
      i++;
      out.push({ text, line: start });
    } else if (ch === '`') {
      templates.push({ text: '', line, braces: 0 });
      inTemplateText = true;
      i++;
    } else if (top && ch === '{') {
      top.braces++;
      i++;
    } else if (top && ch === '}') {
      top.braces--;
      if (top.braces === 0) inTemplateText = true;
      i++;
    } else i++;
  }
  return out;
}

/** The lines of `text` without SQL `--` comments. */
function withoutSqlComments(text: string): string {
  return text.replace(/--[^\n]*/g, '');
}

/** Entity classes (`@Entity('users') export class User`) and view entities of one source file. */
export function declaredTables(source: string): Array<{ table: string; className?: string; view: boolean }> {
  const out: Array<{ table: string; className?: string; view: boolean }> = [];
  const decorator = /@(Entity|ViewEntity)\(\s*['"]([a-z_][a-z0-9_]*)['"][\s\S]*?\bclass\s+([A-Za-z0-9_]+)/g;
  for (const m of source.matchAll(decorator))
    out.push({ table: m[2], className: m[3], view: m[1] === 'ViewEntity' });
  return out;
}

/** Every reference to a table, by SQL text or by query-builder table name, in one source file. */
export function tableReferences(
  file: string,
  source: string,
  entityClasses: ReadonlyMap<string, string> = new Map(),
): TableReference[] {
  const refs: TableReference[] = [];
  for (const literal of stringLiterals(source)) {
    const sql = withoutSqlComments(literal.text);
    if (!/\b(select|insert|update|delete|with|truncate|alter|drop|lock|copy|returning)\b/i.test(sql))
      continue;
    for (const [pattern, access, keyword] of SQL_KEYWORDS) {
      for (const m of sql.matchAll(pattern)) {
        const table = m[1].toLowerCase();
        // Column syntax (`extract(epoch from x)`, `from generate_series(…)`) is not a table.
        const after = sql.slice((m.index ?? 0) + m[0].length).trimStart();
        if (access === 'read' && after.startsWith('(')) continue;
        if (keyword === 'FROM' && /\bdelete\s+$/i.test(sql.slice(0, m.index))) continue;
        const line = literal.line + sql.slice(0, m.index).split('\n').length - 1;
        refs.push({ file, line, table, access, sql: `${keyword} ${table}`, statement: sql });
      }
    }
  }
  const lineOf = (index: number): number => source.slice(0, index).split('\n').length;
  for (const m of source.matchAll(BUILDER_TABLE)) {
    const write = /^(into|update|delete)$/.test(m[1]);
    refs.push({
      file,
      line: lineOf(m.index ?? 0),
      table: m[2],
      access: write ? 'write' : 'read',
      sql: `.${m[1]}('${m[2]}')`,
      statement: m[0],
    });
  }
  for (const m of source.matchAll(ENTITY_CALLS)) {
    const table = entityClasses.get(m[1]);
    if (!table) continue;
    const call = m[0].slice(0, m[0].indexOf('('));
    refs.push({
      file,
      line: lineOf(m.index ?? 0),
      table,
      access: WRITE_CALLS.test(call) ? 'write' : 'read',
      sql: `${call.replace(/^\./, '')}(${m[1]})`,
      statement: m[0],
    });
  }
  for (const m of source.matchAll(FOR_FEATURE)) {
    for (const name of m[1].split(',').map((s) => s.trim())) {
      const table = entityClasses.get(name);
      if (table)
        refs.push({
          file,
          line: lineOf(m.index ?? 0),
          table,
          access: 'write',
          sql: `forFeature(${name})`,
          statement: m[0],
        });
    }
  }
  return refs;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export interface Ownership {
  /** Table or view → the library that owns it. */
  owners: Map<string, string>;
  /** The read-model views among them. */
  views: Set<string>;
  /** Entity class name → its table. */
  entityClasses: Map<string, string>;
  /** Table → every library that declares it (more than one is itself an error). */
  declaredBy: Map<string, string[]>;
  /** Library → its source files (paths from the repository root) and their text. */
  files: Map<string, Array<{ path: string; source: string }>>;
}

/** Reads the libraries under `root/libs` and who owns which table. */
export function readOwnership(root: string): Ownership {
  const owners = new Map<string, string>();
  const views = new Set<string>();
  const entityClasses = new Map<string, string>();
  const declaredBy = new Map<string, string[]>();
  const files = new Map<string, Array<{ path: string; source: string }>>();
  const declare = (table: string, lib: string): void => {
    declaredBy.set(table, [...(declaredBy.get(table) ?? []), lib]);
    owners.set(table, lib);
  };
  for (const lib of readdirSync(join(root, 'libs')).sort()) {
    const src = join(root, 'libs', lib, 'src');
    try {
      if (!statSync(src).isDirectory()) continue;
    } catch {
      continue;
    }
    const libFiles = sourceFiles(src).map((path) => ({
      path: relative(root, path).split('\\').join('/'),
      source: readFileSync(path, 'utf8'),
    }));
    files.set(lib, libFiles);
    for (const { source } of libFiles) {
      for (const { table, className, view } of declaredTables(source)) {
        declare(table, lib);
        if (view) views.add(table);
        if (className) entityClasses.set(className, table);
      }
    }
  }
  for (const [table, lib] of Object.entries(TABLES_WITHOUT_ENTITY)) declare(table, lib);
  return { owners, views, entityClasses, declaredBy, files };
}

/** Tables and views the migrations create (partitions of a table count as that table). */
export function migrationTables(root: string): Set<string> {
  const out = new Set<string>();
  const dir = join(root, 'migrations');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(
      /CREATE\s+(?:UNLOGGED\s+)?(?:TABLE|(?:OR\s+REPLACE\s+)?VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi,
    ))
      out.add(m[1]);
  }
  return out;
}

/** A reference of `lib` to a table another library owns, unless it reads a view (a read model) or is allowed. */
/** True when `allowed` lists this reference. */
export function isAllowed(
  ref: TableReference,
  allowed: readonly AllowedStatement[],
): AllowedStatement | undefined {
  return allowed.find(
    (a) =>
      a.file === ref.file &&
      a.table === ref.table &&
      a.sql === ref.sql &&
      ref.statement.includes(a.statement),
  );
}

export function violations(
  ownership: Pick<Ownership, 'owners' | 'views'>,
  lib: string,
  refs: readonly TableReference[],
  allowed: readonly AllowedStatement[] = ALLOWED_CROSS_CONTEXT,
): Violation[] {
  const out: Violation[] = [];
  for (const ref of refs) {
    const owner = ownership.owners.get(ref.table);
    if (!owner || owner === lib) continue;
    if (ownership.views.has(ref.table) && ref.access === 'read') continue;
    if (isAllowed(ref, allowed)) continue;
    out.push({ ...ref, lib, owner });
  }
  return out;
}

/** Every violation in the repository at `root`. */
export function scanRepository(root: string): {
  ownership: Ownership;
  violations: Violation[];
  used: Set<AllowedStatement>;
} {
  const ownership = readOwnership(root);
  const found: Violation[] = [];
  const used = new Set<AllowedStatement>();
  for (const [lib, libFiles] of ownership.files) {
    for (const { path, source } of libFiles) {
      const refs = tableReferences(path, source, ownership.entityClasses);
      for (const ref of refs) {
        const allowed = isAllowed(ref, ALLOWED_CROSS_CONTEXT);
        if (allowed) used.add(allowed);
      }
      found.push(...violations(ownership, lib, refs));
    }
  }
  return { ownership, violations: found, used };
}
