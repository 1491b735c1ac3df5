import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig } from '@perkrank/core';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Request } from 'express';
import type { AccessScope, AuthUser } from './auth-user';
import type { SessionRead } from './session-read';
import { SessionRepository } from './session.repository';

export const JWT_ISSUER = 'perkrank';
export const JWT_AUDIENCE = 'perkrank-api';
/** The passport strategy name the AccessGuard authenticates with. */
export const ACCESS_TOKEN_STRATEGY = 'jwt';

/** The caller behind a token, and the columns of the route's SessionRead when it has one. */
export interface SessionCaller {
  user: AuthUser;
  read?: Record<string, unknown>;
}

/** The request as the strategy sees it: the AccessGuard puts the route's SessionRead on it. */
export type StrategyRequest = Request & { [SESSION_READ_SPEC]?: SessionRead };
/** Where the AccessGuard leaves the route's SessionRead for the strategy (not a header: unforgeable). */
export const SESSION_READ_SPEC: unique symbol = Symbol('perkrank.sessionReadSpec');

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
      passReqToCallback: true,
    });
  }

  /**
   * The caller behind verified claims (with the route's SessionRead columns, read by the same
   * statement), or false when they open no session. A database failure is thrown.
   */
  async validate(req: StrategyRequest, claims: AccessClaims): Promise<SessionCaller | false> {
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number') return false;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return false;
    if (claims.scp !== undefined && claims.scp !== 'privacy') return false;
    const found = await this.sessions.findSessionUser(claims.sub, claims.sid, req[SESSION_READ_SPEC]);
    if (!found) return false;
    return claims.scp ? { ...found, user: { ...found.user, scope: claims.scp } } : found;
  }
}
