import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppException, IS_PUBLIC } from '@perkrank/core';
import type { Request } from 'express';
import { ApiKeyService } from '../api-keys/api-key.service';
import { IdentityException } from '../identity.exception';
import type { Role } from '../users/user.entity';
import type { ApiKeyCaller, AuthUser } from './auth-user';
import { ALLOW_API_KEY, PRIVACY_ROUTE, ROLES_METADATA } from './auth.decorators';

type AuthedRequest = Request & { user?: AuthUser; apiKey?: ApiKeyCaller };

/**
 * The global guard: every route needs a bearer token unless it is @Public(); routes marked
 * @AllowApiKey() take a brand's X-Api-Key instead; @Roles() narrows who may call. Suspended
 * accounts and privacy-scoped tokens reach only the @PrivacyRoute() endpoints.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);

    const presentedKey = req.header('x-api-key');
    if (presentedKey !== undefined && this.reflector.getAllAndOverride<boolean>(ALLOW_API_KEY, targets)) {
      req.apiKey = await this.apiKeys.authenticate(presentedKey);
      if (roles?.length) throw AppException.forbidden();
      return true;
    }

    await (super.canActivate(context) as Promise<boolean>);
    const user = req.user;
    if (user && !this.reflector.getAllAndOverride<boolean>(PRIVACY_ROUTE, targets)) {
      if (user.status === 'suspended')
        throw new IdentityException('account_suspended', 'This account is suspended.');
      if (user.scope === 'privacy')
        throw AppException.forbidden(
          'This token only opens the privacy endpoints (export, erasure, settings).',
        );
    }
    if (roles?.length && !roles.some((role) => user?.roles.includes(role))) {
      throw AppException.forbidden('Your account does not have the role this needs.');
    }
    return true;
  }

  override handleRequest<TUser = AuthUser>(err: unknown, user: TUser | false): TUser {
    if (err) throw err instanceof AppException ? err : AppException.unauthenticated();
    if (!user) throw AppException.unauthenticated('A valid bearer access token is required.');
    return user;
  }
}
