import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildOpenApiDocument,
  migrateDatabase,
  pendingSchemaChanges,
  resolveDatabase,
  withScratchDatabase,
} from '@perkrank/core';
import { DataSource } from 'typeorm';
import { withContextOn, withHttpApp } from './app-context';
import type { Command } from './command';

const MIGRATIONS_DIR = join(process.cwd(), 'migrations');
const OPENAPI_FILE = join(process.cwd(), 'openapi.json');

export const migrationRun: Command = {
  name: 'migration:run',
  usage: 'migration:run',
  summary: 'Apply pending migrations to DATABASE_URL (or the embedded database)',
  async run({ config, logger }) {
    const db = await resolveDatabase(config, (line) => logger.info(line));
    try {
      const ran = await migrateDatabase(db.url);
      process.stdout.write(
        ran.length
          ? `Applied ${ran.length} migration(s):\n${ran.map((n) => `  ${n}`).join('\n')}\n`
          : 'No pending migrations.\n',
      );
      return 0;
    } finally {
      await db.embedded?.stop();
    }
  },
};

/** The SQL that would make a from-scratch migrated database match the entities. */
async function schemaDiff(
  serverUrl: string | undefined,
  config: Parameters<Command['run']>[0]['config'],
): Promise<{ up: string[]; down: string[] }> {
  return withScratchDatabase(serverUrl, async (url) => {
    await migrateDatabase(url);
    return withContextOn(config, url, (app) => pendingSchemaChanges(app.get(DataSource)));
  });
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const quote = (sql: string): string =>
    '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const body = (queries: string[]): string =>
    queries.map((q) => `    await queryRunner.query(${quote(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
  }
}
`;
}

/** Rewrites migrations/index.ts from the files in the folder, oldest first. */
export function writeMigrationIndex(): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const [ts, name] = f.replace(/\.ts$/, '').split('-');
    return { file: f.replace(/\.ts$/, ''), className: `${name}${ts}` };
  });
  writeFileSync(
    join(MIGRATIONS_DIR, 'index.ts'),
    `/** Every migration, oldest first. Maintained by \`npm run migration:generate -- <Name>\`; never edit a landed migration. */
${entries.map((e) => `import { ${e.className} } from './${e.file}';`).join('\n')}

export const migrations: Array<new () => unknown> = [${entries.map((e) => e.className).join(', ')}];
`,
  );
}

export const migrationGenerate: Command = {
  name: 'migration:generate',
  usage: 'migration:generate <PascalCaseName>',
  summary: 'Write a migration with the SQL that brings the schema in line with the entities',
  arguments: [{ name: 'PascalCaseName', description: 'the migration’s name, e.g. AddCampaigns' }],
  async run({ config, positionals }) {
    const name = positionals[0];
    if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      process.stderr.write(
        'Give the migration a PascalCase name: npm run migration:generate -- AddCampaigns\n',
      );
      return 64;
    }
    const { up, down } = await schemaDiff(config.DATABASE_URL, config);
    if (up.length === 0) {
      process.stdout.write('The entities and migrations agree: nothing to generate.\n');
      return 0;
    }
    const timestamp = Date.now();
    const file = join(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
    writeFileSync(file, migrationSource(`${name}${timestamp}`, up, down));
    writeMigrationIndex();
    process.stdout.write(`Wrote ${file} (${up.length} statement(s)). Review it, then commit it.\n`);
    return 0;
  },
};

export const migrationCheck: Command = {
  name: 'migration:check',
  usage: 'migration:check',
  summary: 'Fail when the entities and the migrations have drifted apart (CI)',
  async run({ config }) {
    const { up } = await schemaDiff(config.DATABASE_URL, config);
    if (up.length === 0) {
      process.stdout.write('migration:check: entities and migrations agree.\n');
      return 0;
    }
    process.stderr.write(
      `migration:check: the entities need SQL no migration has. Run \`npm run migration:generate -- <Name>\`.\n${up.map((q) => `  ${q}`).join('\n')}\n`,
    );
    return 1;
  },
};

async function currentOpenApi(config: Parameters<Command['run']>[0]['config']): Promise<string> {
  return withScratchDatabase(config.DATABASE_URL, async (url) => {
    await migrateDatabase(url);
    return withHttpApp(config, url, (app) =>
      Promise.resolve(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`),
    );
  });
}

export const openapiWrite: Command = {
  name: 'openapi:write',
  usage: 'openapi:write',
  summary: 'Write the served OpenAPI document to openapi.json',
  async run({ config }) {
    writeFileSync(OPENAPI_FILE, await currentOpenApi(config));
    process.stdout.write(`Wrote ${OPENAPI_FILE}\n`);
    return 0;
  },
};

export const openapiCheck: Command = {
  name: 'openapi:check',
  usage: 'openapi:check',
  summary: 'Fail when openapi.json differs from the document the API serves (CI)',
  async run({ config }) {
    const served = await currentOpenApi(config);
    const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (served === committed) {
      process.stdout.write('openapi:check: openapi.json matches the served document.\n');
      return 0;
    }
    process.stderr.write(
      'openapi:check: openapi.json is stale. Run `npm run openapi:write` and commit the result.\n',
    );
    return 1;
  },
};
