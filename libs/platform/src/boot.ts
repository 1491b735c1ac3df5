import type { INestApplication, INestApplicationContext, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrap, NEST_APP_OPTIONS } from '@perkrank/core';
import { AppModule, type AppOptions } from './app.module';

/**
 * The HTTP application, wired by core's bootstrap() (pipes, filter, request ids, OpenAPI, the web
 * app) and initialised, not yet listening. `nest` adds to NEST_APP_OPTIONS (e.g. Nest's log levels).
 */
export async function createHttpApp(
  options: AppOptions,
  nest: NestApplicationOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(options), { ...NEST_APP_OPTIONS, ...nest });
  try {
    return await bootstrap(app);
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** The module graph without HTTP (the worker, CLI commands, benchmarks). */
export function createAppContext(
  options: AppOptions,
  nest: NestApplicationOptions = {},
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(options), nest);
}
