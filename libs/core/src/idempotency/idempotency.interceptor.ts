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
import { IDEMPOTENCY_TICKET, IdempotencyTicket } from './idempotency-ticket';

export const IDEMPOTENT = 'perkrank:idempotent';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const TTL_SECONDS = 24 * 3600;
const HTTP_CODE_METADATA = '__httpCode__';

export interface IdempotentOptions {
  /**
   * The handler's own statement may record the key with its answer (IdempotencyTicket): the
   * handler gets the ticket with @IdempotencyTicketParam() and either has its statement record
   * the key or, before doing anything else, takes the key as every other idempotent route does.
   */
  inStatement?: boolean;
}

/** Marks a create endpoint whose first response is stored and replayed for a repeated `Idempotency-Key`. */
export const Idempotent = (options: IdempotentOptions = {}): MethodDecorator =>
  SetMetadata(IDEMPOTENT, options);

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
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT, context.getHandler());
    if (!options) return next.handle();
    const req = context.switchToHttp().getRequest<Request & Caller>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next.handle();
    return from(
      options.inStatement ? this.runWithTicket(context, req, key, next) : this.run(context, req, key, next),
    );
  }

  private async run(
    context: ExecutionContext,
    req: Request & Caller,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const { scope, hash } = this.request(req, key);
    const id = await this.take(context, scope, key, hash);
    return this.answer(context, req, id, next);
  }

  /**
   * `@Idempotent({ inStatement: true })`: the handler gets a ticket instead of a key taken
   * beforehand. Its statement records the key and the answer (nothing is left to do here), or it
   * takes the key first (the answer is recorded here as on every route).
   */
  private async runWithTicket(
    context: ExecutionContext,
    req: Request & Caller & { [IDEMPOTENCY_TICKET]?: IdempotencyTicket },
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    const { scope, hash } = this.request(req, key);
    let taken: string | undefined;
    const ticket = new IdempotencyTicket({
      scope,
      key,
      requestHash: hash,
      now: this.clock.now(),
      ttlSeconds: TTL_SECONDS,
      leaseSeconds: this.config.IDEMPOTENCY_LEASE_SECONDS,
      status: this.successStatus(context, req),
      take: async () => {
        taken = await this.take(context, scope, key, hash);
      },
    });
    req[IDEMPOTENCY_TICKET] = ticket;
    const result = await this.settle(req, () => taken, next);
    if (taken !== undefined) await this.repo.complete(taken, this.successStatus(context, req), result);
    else if (!ticket.recorded) throw new Error('An idempotent handler neither took nor recorded its key.');
    return result;
  }

  /** Who asks and what: keys of different callers never collide; the hash tells requests apart. */
  private request(req: Request & Caller, key: string): { scope: string; hash: string } {
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
    return { scope, hash };
  }

  /** Takes the key for this request (its record's id), or throws the stored answer or the conflict. */
  private async take(context: ExecutionContext, scope: string, key: string, hash: string): Promise<string> {
    const id = await this.repo.claim(
      scope,
      key,
      hash,
      this.clock.now(),
      TTL_SECONDS,
      this.config.IDEMPOTENCY_LEASE_SECONDS,
    );
    if (id) return id;
    const stored = await this.repo.find(scope, key);
    if (!stored) return this.take(context, scope, key, hash); // expired and purged in between
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

  private successStatus(context: ExecutionContext, req: Request): number {
    return (
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK)
    );
  }

  /** Runs the handler with the key taken (`id`) and records its answer. */
  private async answer(
    context: ExecutionContext,
    req: Request & Caller,
    id: string,
    next: CallHandler,
  ): Promise<unknown> {
    const result = await this.settle(req, () => id, next);
    await this.repo.complete(id, this.successStatus(context, req), result);
    return result;
  }

  /**
   * The handler's result; should it fail, the error is recorded as the key's answer (when a key
   * was taken) — rate limits and server errors are worth retrying, so the key is freed for them.
   */
  private async settle(req: Request, taken: () => string | undefined, next: CallHandler): Promise<unknown> {
    return lastValueFrom(
      next.handle().pipe(
        catchError(async (error: unknown) => {
          const id = taken();
          if (id !== undefined) {
            const mapped = toErrorResponse(error, requestIdOf(req));
            if (mapped.status < 500 && mapped.status !== 429)
              await this.repo.complete(id, mapped.status, mapped.body);
            else await this.repo.release(id);
          }
          throw error;
        }),
      ),
      { defaultValue: undefined },
    );
  }
}
