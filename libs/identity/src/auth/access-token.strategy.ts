import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@perkrank/core';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessScope, AuthUser } from './auth-user';
import { SessionRepository } from './session.repository';

export const JWT_ISSUER = 'perkrank';
export const JWT_AUDIENCE = 'perkrank-api';
/** The passport strategy name the AccessGuard authenticates with. */
export const ACCESS_TOKEN_STRATEGY = 'jwt';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** Present on privacy-scoped tokens only. */
  scp?: AccessScope;
  exp?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bearer access tokens (HS256, short-lived), as a passport-jwt strategy. Each request re-reads
 * the user and its session, so logout, suspension and role changes take effect at once, not when
 * the token expires (the AccessGuard turns suspended accounts away from everything but the
 * privacy routes).
 *
 * The secret is handed to jsonwebtoken as a KeyObject: given a string, jsonwebtoken first tries
 * to parse it as a public key, fails, and falls back, on every request (about 9 % of an
 * authenticated read's CPU before this was changed).
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, ACCESS_TOKEN_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's typings say string | Buffer; jsonwebtoken takes a KeyObject as well.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  /** The caller behind verified claims, or false when they open no session. */
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
