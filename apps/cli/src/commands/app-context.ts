import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  AppConfig,
  bootstrap,
  createRootLogger,
  migrateDatabase,
  NEST_APP_OPTIONS,
  resolveDatabase,
} from '@perkrank/core';
import type { Logger } from 'pino';
import { AppModule } from '../../../api/src/app.module';

/** Boots the application (no HTTP, no jobs) against the configured database, runs `work`, closes. */
export async function withAppContext<T>(
  config: AppConfig,
  logger: Logger,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const db = await resolveDatabase(config, (line) => logger.info(line));
  try {
    if (db.embedded) await migrateDatabase(db.url);
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, databaseUrl: db.url, logger, jobs: 'off' }),
      {
        logger: ['error', 'warn'],
      },
    );
    try {
      return await work(app);
    } finally {
      await app.close();
    }
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
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: url, logger, jobs: 'off' }), {
    ...NEST_APP_OPTIONS,
    logger: ['error', 'warn'],
  });
  try {
    await bootstrap(app);
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Boots the application context on `url` (an already-migrated scratch database). */
export async function withContextOn<T>(
  config: AppConfig,
  url: string,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const logger = createRootLogger({ level: 'warn' });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: url, logger, jobs: 'off' }),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
