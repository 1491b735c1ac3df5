import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/config';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { createValidationPipe } from '../errors/validation';
import { setupOpenApi } from './openapi';
import { requestIdMiddleware } from './request-id.middleware';
import { findWebDir, serveWebApp } from './web-app';

/** Options for NestFactory.create / createNestApplication: bootstrap() installs the body parsers. */
export const NEST_APP_OPTIONS: NestApplicationOptions = {
  bodyParser: false,
  rawBody: true,
  bufferLogs: true,
};

export const JSON_BODY_LIMIT = '10mb';

function securityHeaders(production: boolean) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

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
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.useLogger(express.get(Logger));
  express.useGlobalPipes(createValidationPipe());
  express.useGlobalFilters(new AllExceptionsFilter());
  express.enableCors({ exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'] });
  setupOpenApi(express);
  serveWebApp(express, findWebDir());
  await express.init();
  return app;
}
