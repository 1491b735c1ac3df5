import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from '../http/request-id.middleware';
import { IdempotentReplay } from '../idempotency/idempotency.interceptor';
import { toErrorResponse } from './error-envelope';

/** The single place where errors become HTTP responses. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (exception instanceof IdempotentReplay) {
      res.status(exception.status).json(exception.body);
      return;
    }
    const requestId = requestIdOf(req, res);
    const mapped = toErrorResponse(exception, requestId);
    if (mapped.unexpected) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, requestId, method: req.method, path: req.path }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (mapped.retryAfter !== undefined)
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(mapped.retryAfter))));
    res.status(mapped.status).json(mapped.body);
  }
}
