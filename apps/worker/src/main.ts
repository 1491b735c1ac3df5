import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { JobWorker, migrateDatabase, NestLogger } from '@perkrank/core';
// The worker boots the same composition root as the API, so processors and repositories are the same code.
import { createAppContext, runProgram } from '@perkrank/platform';

runProgram('worker', async ({ config, logger, db, own }) => {
  if (db.embedded) await migrateDatabase(db.url);
  const app = own(
    await createAppContext(
      // The worker never seeds the demo: it has no demo code in its graph.
      { config, databaseUrl: db.url, logger, jobs: 'worker', demo: false },
      { bufferLogs: true },
    ),
  );
  app.useLogger(new NestLogger(app.get(Logger)));
  await app.init();
  const queues = app
    .get(JobWorker)
    .processors()
    .map((p) => p.options.name);
  logger.info({ queues }, `PerkRank worker running ${queues.length} queue(s)`);
});
