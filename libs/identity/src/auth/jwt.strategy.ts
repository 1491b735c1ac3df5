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
}

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
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (claims.scp !== undefined && claims.scp !== 'privacy') return false;
    const user = await this.sessions.findSessionUser(claims.sub, claims.sid);
    if (!user) return false;
    return claims.scp ? { ...user, scope: claims.scp } : user;
  }
}
