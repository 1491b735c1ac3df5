import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ApiKeyCaller, AuthUser } from './auth-user';
import type { Role } from '../users/user.entity';

export const ROLES_METADATA = 'perkrank:roles';
export const ALLOW_API_KEY = 'perkrank:allow-api-key';
export const PRIVACY_ROUTE = 'perkrank:privacy-route';

/** The caller must hold one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_METADATA, roles);

/** The route also accepts a brand's `X-Api-Key` instead of a bearer token. */
export const AllowApiKey = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_API_KEY, true);

/**
 * A data-protection route (export, erasure, privacy settings, logout): open to suspended accounts
 * and to privacy-scoped tokens, because suspension must not take away the rights of access and
 * erasure. Every other route refuses both.
 */
export const PrivacyRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PRIVACY_ROUTE, true);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** The caller on routes that take either a user or an API key; exactly one is set. */
export const Caller = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): { user?: AuthUser; apiKey?: ApiKeyCaller } => {
    const req = ctx.switchToHttp().getRequest<{ user?: AuthUser; apiKey?: ApiKeyCaller }>();
    return { user: req.user, apiKey: req.apiKey };
  },
);
