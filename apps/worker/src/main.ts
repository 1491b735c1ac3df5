import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import {
  JobWorker,
  migrateDatabase,
  NestLogger,
  onShutdown,
  ResolvedDatabase,
  resolveDatabase,
} from '@perkrank/core';
// The worker boots the same composition root as the API, so processors and repositories are the same code.
import { createAppContext, fatal, startRuntime } from '@perkrank/platform';

async function main(): Promise<void> {
  const { config, logger } = startRuntime('worker');
  let app: INestApplicationContext | undefined;
  let db: ResolvedDatabase | undefined;
  const close = async (): Promise<void> => {
    // Running jobs get up to 10 s to finish; the rest are failed and retried by another worker.
    await app?.close();
    await db?.embedded?.stop();
  };
  onShutdown(close, (line) => logger.info(line));
  try {
    db = await resolveDatabase(config, (line) => logger.info(line));
    if (db.embedded) await migrateDatabase(db.url);
    app = await createAppContext(
      // The worker never seeds the demo: it has no demo code in its graph.
      { config, databaseUrl: db.url, logger, jobs: 'worker', demo: false },
      { bufferLogs: true },
    );
    app.useLogger(new NestLogger(app.get(Logger)));
    await app.init();
    const queues = app
      .get(JobWorker)
      .processors()
      .map((p) => p.options.name);
    logger.info({ queues }, `PerkRank worker running ${queues.length} queue(s)`);
  } catch (error) {
    fatal(logger, error, close);
  }
}

void main();
