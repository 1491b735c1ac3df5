import type { INestApplication, INestApplicationContext, ModuleMetadata, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { DestinationStream, Logger } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AppConfig,
  bootstrap,
  Clock,
  CoreModule,
  CoreOptions,
  createRootLogger,
  loadConfig,
  NEST_APP_OPTIONS,
} from '@perkrank/core';
import { AppModule } from '@perkrank/platform';
import { createTestDatabase, TestDatabase } from './database';

export interface TestAppOptions {
  /** Extra settings on top of the test defaults (as environment strings). */
  env?: Record<string, string>;
  /** Where JSON log lines go; by default logs are dropped. */
  logDestination?: DestinationStream;
  jobs?: CoreOptions['jobs'];
  jobStopTimeoutMs?: number;
  /** Extra controllers/providers, e.g. a route that throws, or a test job processor. */
  extra?: Pick<ModuleMetadata, 'controllers' | 'providers'>;
  /** Reuse an existing database (a second app on the same data, like a second replica). */
  database?: TestDatabase;
  /** The demo world's modules whatever the configuration says (default: as the API decides). */
  demo?: boolean;
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  dataSource: DataSource;
  clock: Clock;
  config: AppConfig;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '5',
    // Tests register and log in hundreds of members from one address; rate-limit tests set their own.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    REGISTER_RATE_LIMIT_PER_HOUR: '1000000',
    ...env,
  });
}

/**
 * The real application on its own fresh database, wired by the same bootstrap() as main.ts.
 * Only things outside our control are ever faked, never the database.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const config = testConfig(options.env);
  const logger: Logger = createRootLogger({
    level: options.logDestination ? 'debug' : 'silent',
    destination: options.logDestination ?? { write: () => undefined },
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        databaseUrl: db.url,
        logger,
        jobs: options.jobs ?? 'off',
        jobPollingSeconds: 0.5,
        jobStopTimeoutMs: options.jobStopTimeoutMs,
        demo: options.demo,
      }),
    ],
    controllers: options.extra?.controllers ?? [],
    providers: options.extra?.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication(NEST_APP_OPTIONS);
  await bootstrap(app);
  const ownsDatabase = !options.database;
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    clock: app.get(Clock),
    config,
    close: async () => {
      await app.close();
      if (ownsDatabase) await db.drop();
    },
  };
}

export interface TestWorker {
  context: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * A separate worker process's application on the same database: the core job machinery plus
 * the given processors. (A second full AppModule in one process would re-register the global
 * passport strategy, which a real separate process never shares.)
 */
export async function createTestWorker(options: {
  database: TestDatabase;
  providers?: Provider[];
  jobStopTimeoutMs?: number;
}): Promise<TestWorker> {
  const config = testConfig();
  const logger = createRootLogger({ level: 'silent', destination: { write: () => undefined } });
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({
        config,
        databaseUrl: options.database.url,
        logger,
        jobs: 'worker',
        jobPollingSeconds: 0.5,
        jobStopTimeoutMs: options.jobStopTimeoutMs,
      }),
    ],
    providers: options.providers ?? [],
  }).compile();
  const context = await moduleRef.init();
  return { context, close: () => context.close() };
}
