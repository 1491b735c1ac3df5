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
/** Handlers that read the body: @Body() (the DTO refuses unknown properties), @RawBody() or @Req(). */
const READS_BODY = new Set([/* REQUEST */ 0, /* BODY */ 3, /* RAW_BODY */ 12]);

/**
 * Unknown properties are refused everywhere (docs/api.md), including on endpoints that take no body at
 * all (`POST /v1/campaigns/:id/submit {"force": true}`): a body there is a client mistake to
 * report, not to ignore. An empty object is what many clients send by default, and passes.
 */
@Injectable()
export class NoBodyInterceptor implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const body = context.switchToHttp().getRequest<Request>().body as unknown;
      const names = body && typeof body === 'object' ? Object.keys(body) : [];
      if (names.length > 0 && !this.readsBody(context)) {
        throw new ValidationFailedException(
          Object.fromEntries(
            names.slice(0, 20).map((name) => [name, [`${name} is not an allowed property`]]),
          ),
        );
      }
    }
    return next.handle();
  }

  private readsBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let known = this.takesBody.get(handler);
    if (known === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ??
        {}) as Record<string, unknown>;
      known = Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])));
      this.takesBody.set(handler, known);
    }
    return known;
  }
}
