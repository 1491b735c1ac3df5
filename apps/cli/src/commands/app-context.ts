import type { INestApplication, INestApplicationContext, LogLevel } from '@nestjs/common';
import { AppConfig, createRootLogger, migrateDatabase, resolveDatabase } from '@perkrank/core';
import { createAppContext, createHttpApp } from '@perkrank/platform';
import type { Logger } from 'pino';

/** Nest's own lines: a command prints what it did, so only trouble. */
const NEST_LOGS: LogLevel[] = ['error', 'warn'];

export interface ContextOptions {
  /** The demo world's modules (its seeder, the synthetic-world writer), whatever the configuration says. */
  demo?: boolean;
}

/** Boots the application (no HTTP, no jobs) against the configured database, runs `work`, closes. */
export async function withAppContext<T>(
  config: AppConfig,
  logger: Logger,
  work: (app: INestApplicationContext) => Promise<T>,
  options: ContextOptions = {},
): Promise<T> {
  const db = await resolveDatabase(config, (line) => logger.info(line));
  try {
    if (db.embedded) await migrateDatabase(db.url);
    return await withContext(config, db.url, logger, work, options);
  } finally {
    await db.embedded?.stop();
  }
}

/** Boots the full HTTP application on `url` without listening (OpenAPI generation). */
export async function withHttpApp<T>(
  config: AppConfig,
  url: string,
  work: (app: INestApplication) => Promise<T>,
): Promise<T> {
  const logger = createRootLogger({ level: 'warn' });
  const app = await createHttpApp(
    { config, databaseUrl: url, logger, jobs: 'off', demo: false },
    { logger: NEST_LOGS },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Boots the application context on `url` (an already-migrated scratch database). */
export function withContextOn<T>(
  config: AppConfig,
  url: string,
  work: (app: INestApplicationContext) => Promise<T>,
  options: ContextOptions = {},
): Promise<T> {
  return withContext(config, url, createRootLogger({ level: 'warn' }), work, options);
}

async function withContext<T>(
  config: AppConfig,
  url: string,
  logger: Logger,
  work: (app: INestApplicationContext) => Promise<T>,
  options: ContextOptions,
): Promise<T> {
  const app = await createAppContext(
    { config, databaseUrl: url, logger, jobs: 'off', demo: options.demo ?? false },
    { logger: NEST_LOGS },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
