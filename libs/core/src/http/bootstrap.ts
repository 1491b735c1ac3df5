import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/config';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { createValidationPipe } from '../errors/validation';
import { NestLogger } from '../logging/nest-logger';
import { jsonBodyParsers, rejectHostileInput } from './hostile-input';
import { UnexpectedInputInterceptor } from './unexpected-input.interceptor';
import { setupOpenApi } from './openapi';
import { requestIdMiddleware } from './request-id.middleware';
import { corsOptions, noStore, securityHeaders } from './security-headers';
import { findWebDir, serveWebApp } from './web-app';

/** Options for NestFactory.create / createNestApplication: bootstrap() installs the body parsers. */
export const NEST_APP_OPTIONS: NestApplicationOptions = {
  bodyParser: false,
  bufferLogs: true,
};

/**
 * The one place that wires an application for HTTP: main.ts and every API test call it, so tests
 * exercise production wiring (pipes, filter, request ids, logging, OpenAPI).
 */
export async function bootstrap(app: INestApplication): Promise<INestApplication> {
  const express = app as NestExpressApplication;
  const config = app.get(AppConfig);
  express.disable('x-powered-by');
  express.set('trust proxy', config.TRUST_PROXY);
  express.use(requestIdMiddleware);
  express.use(securityHeaders(config.isProduction));
  express.use(noStore);
  const cors = corsOptions(config.corsOrigins);
  if (cors) express.enableCors(cors);
  // Body limits per route, then the one check for hostile input, before any guard or pipe.
  for (const parser of jsonBodyParsers({ ingestToken: config.INGEST_TOKEN })) express.use(parser);
  express.use(rejectHostileInput);
  express.useLogger(new NestLogger(express.get(Logger)));
  express.useGlobalInterceptors(new UnexpectedInputInterceptor());
  express.useGlobalPipes(createValidationPipe());
  express.useGlobalFilters(new AllExceptionsFilter());
  setupOpenApi(express);
  serveWebApp(express, findWebDir());
  await express.init();
  return app;
}
