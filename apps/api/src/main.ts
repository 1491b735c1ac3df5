import 'reflect-metadata';
import { hasPendingMigrations, migrateDatabase } from '@perkrank/core';
import { DemoSeeder, seedDemoOnStart } from '@perkrank/demo';
import { AdminUsersService } from '@perkrank/identity';
import { createHttpApp, demoEnabled, runProgram } from '@perkrank/platform';

runProgram('api', async ({ config, logger, db, startedAt, own }) => {
  if (db.isEmbedded) {
    const ran = await migrateDatabase(db.url);
    if (ran.length) logger.info({ migrations: ran }, `applied ${ran.length} migration(s)`);
  } else if (await hasPendingMigrations(db.url)) {
    logger.warn(
      'The database lacks migrations this version needs: run `npm run migration:run` before serving traffic.',
    );
  }
  const jobs = config.WORKER_IN_API ? 'worker' : 'producer';
  const app = own(await createHttpApp({ config, databaseUrl: db.url, logger, jobs }));
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
      `PerkRank is ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${base}`,
      `  API docs  ${base}/docs`,
      `  health    ${base}/health/ready`,
      jobs === 'worker'
        ? '  jobs      run in this process'
        : '  jobs      queued for workers (`npm run start:worker`)',
    ].join('\n'),
  );
  demo?.afterListen(base);
});
