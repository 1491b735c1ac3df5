import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ValidationFailedException } from '../errors/app.exception';

/**
 * Nest records each handler's parameter decorators under this key as `"<paramtype>:<index>"`.
 * Nest exports these only from its internal entry point, so they are restated here; the
 * hostile-input test fails if they ever change.
 */
const ROUTE_ARGS_METADATA = '__routeArguments__';
/** @Body() (whose DTO refuses unknown properties), @RawBody() or @Req(). */
const READS_BODY = new Set([/* REQUEST */ 0, /* BODY */ 3, /* RAW_BODY */ 12]);
/** @Query() (whose DTO refuses unknown parameters) or @Req(). */
const READS_QUERY = new Set([/* REQUEST */ 0, /* QUERY */ 4]);

interface Reads {
  body: boolean;
  query: boolean;
}

function refuse(names: string[], where: string): ValidationFailedException {
  return new ValidationFailedException(
    Object.fromEntries(names.slice(0, 20).map((name) => [name, [`${name} is not an allowed ${where}`]])),
  );
}

/**
 * Unknown properties are refused everywhere (docs/api.md), including on endpoints that take no body
 * or no query at all (`POST /v1/campaigns/:id/submit {"force": true}`, `GET /v1/me?as=admin`):
 * input the endpoint does not read is a client mistake to report, not to ignore silently. An
 * empty JSON object is what many clients send by default, and passes.
 */
@Injectable()
export class UnexpectedInputInterceptor implements NestInterceptor {
  private readonly reads = new WeakMap<object, Reads>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      const body = req.body as unknown;
      const bodyNames = body && typeof body === 'object' ? Object.keys(body) : [];
      const queryNames = Object.keys(req.query ?? {});
      if (bodyNames.length > 0 || queryNames.length > 0) {
        const reads = this.readsOf(context);
        if (bodyNames.length > 0 && !reads.body) throw refuse(bodyNames, 'property');
        if (queryNames.length > 0 && !reads.query) throw refuse(queryNames, 'query parameter');
      }
    }
    return next.handle();
  }

  private readsOf(context: ExecutionContext): Reads {
    const handler = context.getHandler();
    let known = this.reads.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ??
        {}) as Record<string, unknown>;
      const types = Object.keys(args).map((key) => Number(key.split(':')[0]));
      known = { body: types.some((t) => READS_BODY.has(t)), query: types.some((t) => READS_QUERY.has(t)) };
      this.reads.set(handler, known);
    }
    return known;
  }
}
