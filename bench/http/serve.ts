/**
 * One benchmark server, in its own process: the real application (bootstrap + listen on loopback)
 * as production runs it — JSON request logs at `info` written to a sink (the cost is paid, the
 * terminal spared), a pool of 10 connections — on DATABASE_URL. Started by bench/http/run.ts as
 *
 *   node -r <root>/bench/support/register.js bench/http/serve.ts
 *
 * where <root> is the checkout whose code is served (BENCH_ROOT): this one, or a baseline copy to
 * compare against in the same run. Sends `{ port }` to the parent once listening, and answers
 * `cpu` with its process.cpuUsage(), so the parent can charge each request its server CPU time.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import {
  AllExceptionsFilter,
  bootstrap,
  createRootLogger,
  createValidationPipe,
  loadConfig,
  NEST_APP_OPTIONS,
  UnexpectedInputInterceptor,
} from '@perkrank/core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface AppModuleClass {
  forRoot(options: unknown): never;
}

/** Where the composition root lives in the served checkout (apps/api today; a lib later). */
function appModule(root: string): AppModuleClass {
  for (const candidate of ['apps/api/src/app.module.ts', 'libs/platform/src/app.module.ts']) {
    const file = join(root, candidate);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(file)) return (require(file) as { AppModule: AppModuleClass }).AppModule;
  }
  throw new Error(`no app.module.ts under ${root}`);
}

async function main(): Promise<void> {
  const root = resolve(process.env.BENCH_ROOT ?? join(__dirname, '..', '..'));
  const url = process.env.DATABASE_URL;
  const secret = process.env.JWT_SECRET;
  if (!url || !secret) throw new Error('DATABASE_URL and JWT_SECRET are required');
  const dataDir = mkdtempSync(join(tmpdir(), 'perkrank-bench-http-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    JWT_SECRET: secret,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    DATABASE_POOL_SIZE: '10',
    // One loopback address stands for every client here: the public budget would answer 429.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
    PERKRANK_DEMO: 'false',
  });
  const logger = createRootLogger({ level: 'info', destination: { write: () => undefined } });
  const AppModule = appModule(root);
  const module = AppModule.forRoot({ config, databaseUrl: url, logger, jobs: 'off' });
  // BENCH_ADAPTER (the adapter measurement, `run.ts --fastify DIR`): `express` is production's
  // bootstrap(); `express-bare` and `fastify-bare` wire only what Nest itself runs (global
  // interceptor, pipe and filter, the module's guards and logging), so the two adapters compare
  // on equal terms.
  const adapter = process.env.BENCH_ADAPTER ?? 'express';
  let app: INestApplication;
  if (adapter === 'express') {
    app = await NestFactory.create(module, NEST_APP_OPTIONS);
    await bootstrap(app);
  } else {
    let httpAdapter: AbstractHttpAdapter | undefined;
    if (adapter === 'fastify-bare') {
      // Installed outside the project (see run.ts --fastify): resolved from there at run time.
      const from = process.env.BENCH_FASTIFY_FROM ?? '';
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { FastifyAdapter } = require(require.resolve('@nestjs/platform-fastify', { paths: [from] })) as {
        FastifyAdapter: new () => AbstractHttpAdapter;
      };
      httpAdapter = new FastifyAdapter();
    }
    app = httpAdapter
      ? await NestFactory.create(module, httpAdapter, { logger: ['error', 'warn'] })
      : await NestFactory.create(module, { logger: ['error', 'warn'] });
    app.useGlobalInterceptors(new UnexpectedInputInterceptor());
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new AllExceptionsFilter());
    await app.init();
  }
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as { keepAliveTimeout: number; address(): AddressInfo };
  server.keepAliveTimeout = 120_000;
  process.on('message', (message: unknown) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'stop')
      void app.close().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  process.send?.({ port: server.address().port });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
