import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException, IS_PUBLIC } from '@perkrank/core';
import type { Request, Response } from 'express';
import passport from 'passport';
import { ApiKeyService } from '../api-keys/api-key.service';
import { IdentityException } from '../identity.exception';
import type { Role } from '../users/user.entity';
import type { ApiKeyCaller, AuthUser } from './auth-user';
import { ALLOW_API_KEY, PRIVACY_ROUTE, ROLES_METADATA } from './auth.decorators';
import {
  ACCESS_TOKEN_STRATEGY,
  SESSION_READ_SPEC,
  type SessionCaller,
  type StrategyRequest,
} from './access-token.strategy';
import { SESSION_READ, type SessionRead } from './session-read';

type AuthedRequest = StrategyRequest & {
  user?: AuthUser;
  apiKey?: ApiKeyCaller;
  sessionRead?: Record<string, unknown>;
};
/** What passport.authenticate returns (its typings say `any`). */
type Middleware = (req: Request, res: Response, next: (error?: unknown) => void) => void;

/** What the guard needs to know about a route, read once per handler from its decorators. */
interface RouteAccess {
  isPublic: boolean;
  roles: Role[] | undefined;
  allowApiKey: boolean;
  privacyRoute: boolean;
  sessionRead: SessionRead | undefined;
}

/**
 * The global guard: every route needs a bearer token unless it is @Public(); routes marked
 * @AllowApiKey() take a brand's X-Api-Key instead; @Roles() narrows who may call. Suspended
 * accounts and privacy-scoped tokens reach only the @PrivacyRoute() endpoints.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Decorators do not change after boot: each handler's are looked up once. */
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routeOf(context);
    if (route.isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const { roles } = route;

    const header = req.headers['x-api-key'];
    const presentedKey = Array.isArray(header) ? header.join(', ') : header;
    if (presentedKey !== undefined && route.allowApiKey) {
      req.apiKey = await this.apiKeys.authenticate(presentedKey);
      if (roles?.length) throw AppException.forbidden();
      return true;
    }

    if (route.sessionRead) req[SESSION_READ_SPEC] = route.sessionRead;
    const { user, read } = await this.authenticate(req, context.switchToHttp().getResponse<Response>());
    req.user = user;
    if (read) req.sessionRead = read;
    if (!route.privacyRoute) {
      if (user.status === 'suspended')
        throw new IdentityException('account_suspended', 'This account is suspended.');
      if (user.scope === 'privacy')
        throw AppException.forbidden(
          'This token only opens the privacy endpoints (export, erasure, settings).',
        );
    }
    if (roles?.length && !roles.some((role) => user.roles.includes(role))) {
      throw AppException.forbidden('Your account does not have the role this needs.');
    }
    return true;
  }

  /**
   * The bearer token's caller, through passport and the AccessTokenStrategy. Any token that opens
   * no session is 401, as is a failed lookup (an AppException from it passes through as it is).
   */
  private authenticate(req: AuthedRequest, res: Response): Promise<SessionCaller> {
    return new Promise<SessionCaller>((resolve, reject) => {
      const fail = (error: unknown): void =>
        reject(error instanceof AppException ? error : AppException.unauthenticated());
      const middleware = (passport.authenticate as (...args: unknown[]) => Middleware)(
        ACCESS_TOKEN_STRATEGY,
        { session: false },
        (error: unknown, user: SessionCaller | false | undefined) => {
          if (error) fail(error);
          else if (!user) reject(AppException.unauthenticated('A valid bearer access token is required.'));
          else resolve(user);
        },
      );
      middleware(req, res, fail);
    });
  }

  private routeOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (route === undefined) {
      const targets = [handler, context.getClass()];
      route = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets),
        allowApiKey: this.reflector.getAllAndOverride<boolean>(ALLOW_API_KEY, targets) ?? false,
        privacyRoute: this.reflector.getAllAndOverride<boolean>(PRIVACY_ROUTE, targets) ?? false,
        sessionRead: this.reflector.get<SessionRead | undefined>(SESSION_READ, handler),
      };
      this.routes.set(handler, route);
    }
    return route;
  }
}
