import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@perkrank/core';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessScope, AuthUser } from './auth-user';
import { SessionRepository } from './session.repository';

export const JWT_ISSUER = 'perkrank';
export const JWT_AUDIENCE = 'perkrank-api';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** Present on privacy-scoped tokens only. */
  scp?: AccessScope;
  exp?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bearer access tokens (HS256, short-lived). Each request re-reads the user and its session, so
 * logout, suspension and role changes take effect at once, not when the token expires (the
 * AccessGuard turns suspended accounts away from everything but the privacy routes).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<AuthUser | false> {
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number') return false;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return false;
    if (claims.scp !== undefined && claims.scp !== 'privacy') return false;
    const user = await this.sessions.findSessionUser(claims.sub, claims.sid);
    if (!user) return false;
    return claims.scp ? { ...user, scope: claims.scp } : user;
  }
}
