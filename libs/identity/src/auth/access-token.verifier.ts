import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessScope, AuthUser } from './auth-user';
import type { SessionRead } from './session-read';
import { SessionRepository } from './session.repository';

/** The caller behind a token, and the columns of the route's SessionRead when it has one. */
export interface SessionCaller {
  user: AuthUser;
  read?: Record<string, unknown>;
}

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
/** `<scheme> <credentials>`, as passport-jwt's header parser read it (the scheme in any case). */
const AUTH_HEADER = /(\S+)\s+(\S+)/;
const VERIFY = {
  algorithms: ['HS256' as const],
  issuer: JWT_ISSUER,
  audience: JWT_AUDIENCE,
  ignoreExpiration: false,
};

/**
 * Bearer access tokens (HS256, short-lived). Each request re-reads the user and its session, so
 * logout, suspension and role changes take effect at once, not when the token expires (the
 * AccessGuard turns suspended accounts away from everything but the privacy routes).
 *
 * This is what the passport-jwt strategy did, without passport's per-request machinery: the same
 * header parsing, the same jsonwebtoken checks (signature with the secret held as a KeyObject, so
 * no key is parsed per request; algorithm, issuer, audience, expiry), the same claim checks.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
  ) {}

  /** The bearer token of an Authorization header, or undefined when there is none. */
  static tokenOf(header: string | string[] | undefined): string | undefined {
    if (typeof header !== 'string') return undefined;
    const match = AUTH_HEADER.exec(header);
    return match && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
  }

  /**
   * The caller behind a token (with `read`'s columns), or false for any token that does not open a session (bad
   * signature, wrong issuer or audience, expired, malformed claims, revoked session). A database
   * failure is thrown.
   */
  async authenticate(token: string, read?: SessionRead): Promise<SessionCaller | false> {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims & object>(token, VERIFY);
    } catch {
      return false;
    }
    return this.validate(claims, read);
  }

  async validate(claims: AccessClaims, read?: SessionRead): Promise<SessionCaller | false> {
    // jsonwebtoken checks exp only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number') return false;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return false;
    if (claims.scp !== undefined && claims.scp !== 'privacy') return false;
    const found = await this.sessions.findSessionUser(claims.sub, claims.sid, read);
    if (!found) return false;
    return claims.scp ? { ...found, user: { ...found.user, scope: claims.scp } } : found;
  }
}
