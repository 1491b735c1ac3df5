import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../config/config';
import { AppException } from '../errors/app.exception';
import { ApiUnmeteredMark } from '../http/api-docs';
import { IS_PUBLIC } from '../http/public.decorator';
import { RateLimiter } from './rate-limiter.service';

export const REQUEST_RATE = 'perkrank:request-rate';

/** A stricter per-address budget for one public route, on top of the public one. */
export interface RequestRateRule {
  /** Bucket name, e.g. `register`. */
  name: string;
  limit: (config: AppConfig) => number;
  windowSeconds: number;
}

/** Adds a per-address request budget to a route (e.g. registration: a few per hour). */
export const RequestRate = (rule: RequestRateRule): MethodDecorator => SetMetadata(REQUEST_RATE, rule);

/** Exempts a public route from the request budget (health probes, signed Stripe webhooks, token-guarded ingest). */
export const SkipRequestRate = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUEST_RATE, false), ApiUnmeteredMark());

/**
 * Request-rate limits on every public (unauthenticated) route, counted per client address in
 * Postgres, so every API replica shares one count: PUBLIC_RATE_LIMIT_PER_MINUTE for each route
 * together, and a route's own @RequestRate on top. Over either: 429 rate_limited with Retry-After.
 * The address is Express's `req.ip`: set TRUST_PROXY behind a reverse proxy, or every client
 * shares the proxy's address.
 */
@Injectable()
export class RequestRateGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const rule = this.reflector.getAllAndOverride<RequestRateRule | false | undefined>(REQUEST_RATE, targets);
    if (rule === false) return true;
    const ip = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    const general = await this.limiter.take(
      `rate:public:${ip}`,
      this.config.PUBLIC_RATE_LIMIT_PER_MINUTE,
      60,
    );
    if (!general.allowed) throw AppException.rateLimited(general.retryAfter);
    if (rule) {
      const own = await this.limiter.take(
        `rate:${rule.name}:${ip}`,
        rule.limit(this.config),
        rule.windowSeconds,
      );
      if (!own.allowed) throw AppException.rateLimited(own.retryAfter);
    }
    return true;
  }
}
