import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import {
  hasPendingMigrations,
  migrateDatabase,
  onShutdown,
  ResolvedDatabase,
  resolveDatabase,
} from '@perkrank/core';
import { DemoSeeder, seedDemoOnStart } from '@perkrank/demo';
import { AdminUsersService } from '@perkrank/identity';
import { createHttpApp, demoEnabled, fatal, startRuntime } from '@perkrank/platform';

async function main(): Promise<void> {
  const started = Date.now();
  const { config, logger } = startRuntime('api');
  let app: INestApplication | undefined;
  let db: ResolvedDatabase | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await db?.embedded?.stop();
  };
  onShutdown(close, (line) => logger.info(line));
  try {
    db = await resolveDatabase(config, (line) => logger.info(line));
    if (db.isEmbedded) {
      const ran = await migrateDatabase(db.url);
      if (ran.length) logger.info({ migrations: ran }, `applied ${ran.length} migration(s)`);
    } else if (await hasPendingMigrations(db.url)) {
      logger.warn(
        'The database lacks migrations this version needs: run `npm run migration:run` before serving traffic.',
      );
    }
    const jobs = config.WORKER_IN_API ? 'worker' : 'producer';
    app = await createHttpApp({ config, databaseUrl: db.url, logger, jobs });
    const base = `http://localhost:${config.PORT}`;
    // Before ADMIN_EMAIL: an admin created from the environment must not make the database "not empty".
    // With the demo off (PERKRANK_DEMO=false, NODE_ENV=production) it is not in the module graph.
    const demo = demoEnabled(config) ? await seedDemoOnStart(app.get(DemoSeeder), db, logger) : undefined;
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await app.get(AdminUsersService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
      if (outcome !== 'exists') logger.info(`admin ${config.ADMIN_EMAIL}: ${outcome}`);
    }
    await app.listen(config.PORT);
    // What a person needs, in a few lines (Nest's module and route lines are at debug).
    logger.info(
      [
        `PerkRank is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${base}`,
        `  API docs  ${base}/docs`,
        `  health    ${base}/health/ready`,
        jobs === 'worker'
          ? '  jobs      run in this process'
          : '  jobs      queued for workers (`npm run start:worker`)',
      ].join('\n'),
    );
    demo?.afterListen(base);
  } catch (error) {
    fatal(logger, error, close);
  }
}

void main();
