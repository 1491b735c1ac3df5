import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, from, lastValueFrom, Observable } from 'rxjs';
import { AppException } from '../errors/app.exception';
import { toErrorResponse } from '../errors/error-envelope';
import { requestIdOf } from '../http/request-id.middleware';
import { AppConfig } from '../config/config';
import { Clock } from '../time/clock';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENT = 'perkrank:idempotent';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const TTL_SECONDS = 24 * 3600;
const HTTP_CODE_METADATA = '__httpCode__';

/** Marks a create endpoint whose first response is stored and replayed for a repeated `Idempotency-Key`. */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT, true);

/** Carries a stored response back through the exception filter verbatim. */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('idempotent replay');
  }
}

interface Caller {
  user?: { id: string };
  apiKey?: { id: string };
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly repo: IdempotencyRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<Request & Caller>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next.handle();
    return from(this.run(context, req, key, next));
  }

  private async run(
    context: ExecutionContext,
    req: Request & Caller,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length === 0 || key.length > 255) {
      throw new AppException('invalid', 'validation_failed', 'Idempotency-Key must be 1 to 255 characters.', {
        param: IDEMPOTENCY_HEADER,
        details: { fields: { [IDEMPOTENCY_HEADER]: ['must be 1 to 255 characters'] } },
      });
    }
    const scope = req.user
      ? `user:${req.user.id}`
      : req.apiKey
        ? `key:${req.apiKey.id}`
        : `ip:${req.ip ?? ''}`;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl.split('?')[0]}\n${stableStringify(req.body ?? null)}`)
      .digest('hex');

    const id = await this.repo.claim(
      scope,
      key,
      hash,
      this.clock.now(),
      TTL_SECONDS,
      this.config.IDEMPOTENCY_LEASE_SECONDS,
    );
    if (!id) {
      const stored = await this.repo.find(scope, key);
      if (!stored) return this.run(context, req, key, next); // expired and purged in between
      if (stored.requestHash !== hash) {
        throw new AppException(
          'conflict',
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request.',
          {
            param: IDEMPOTENCY_HEADER,
          },
        );
      }
      if (stored.state === 'in_progress') {
        throw new AppException(
          'conflict',
          'idempotency_request_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          {
            param: IDEMPOTENCY_HEADER,
          },
        );
      }
      const res = context.switchToHttp().getResponse<Response>();
      res.setHeader('Idempotent-Replayed', 'true');
      throw new IdempotentReplay(stored.responseStatus ?? 200, stored.responseBody);
    }

    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const result: unknown = await lastValueFrom(
      next.handle().pipe(
        catchError(async (error: unknown) => {
          const mapped = toErrorResponse(error, requestIdOf(req));
          // Rate limits and server errors are worth retrying, so the key is freed for them.
          if (mapped.status < 500 && mapped.status !== 429)
            await this.repo.complete(id, mapped.status, mapped.body);
          else await this.repo.release(id);
          throw error;
        }),
      ),
      { defaultValue: undefined },
    );
    await this.repo.complete(id, status, result);
    return result;
  }
}
