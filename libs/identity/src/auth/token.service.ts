import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock, uuidv7 } from '@perkrank/core';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IdentityException } from '../identity.exception';
import type { AccessScope } from './auth-user';
import { JWT_AUDIENCE, JWT_ISSUER } from './access-token.strategy';
import { SessionRepository } from './session.repository';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const TOKEN_SHAPE = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

/**
 * Access tokens are short-lived JWTs naming the user and the session; refresh tokens are opaque
 * `<id>.<secret>` strings, single-use, rotated on every refresh within one session (family).
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Opens a new session for the user and returns its first token pair. */
  async openSession(userId: string): Promise<TokenPair> {
    return this.sessions.transaction(async (manager) => {
      const sessionId = uuidv7();
      await this.sessions.createSession(manager, { id: sessionId, userId });
      return this.issue(manager, userId, sessionId);
    });
  }

  /**
   * Opens a session that carries only a privacy-scoped access token and no refresh token: it
   * reaches the @PrivacyRoute() endpoints (also for a suspended account) and simply expires.
   */
  async openPrivacySession(userId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const sessionId = uuidv7();
    await this.sessions.transaction((manager) =>
      this.sessions.createSession(manager, { id: sessionId, userId }),
    );
    return {
      accessToken: await this.signAccess(userId, sessionId, 'privacy'),
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
    };
  }

  /**
   * Rotates a refresh token. A token presented twice means it leaked (or a client raced itself):
   * the whole session is revoked and both parties must log in again.
   */
  async rotate(refreshToken: string, isSuspended: (userId: string) => Promise<boolean>): Promise<TokenPair> {
    if (!TOKEN_SHAPE.test(refreshToken)) throw invalidToken();
    const [tokenId] = refreshToken.split('.');
    const now = this.clock.now();
    const outcome = await this.sessions.transaction(async (manager) => {
      const result = await this.sessions.consumeToken(manager, tokenId, sha256(refreshToken), now);
      if (result.kind === 'reused')
        await this.sessions.revokeSession(result.sessionId, 'refresh_token_reused', now, manager);
      if (result.kind !== 'rotated') return result;
      if (await isSuspended(result.userId)) return { kind: 'suspended' as const };
      return { kind: 'rotated' as const, pair: await this.issue(manager, result.userId, result.sessionId) };
    });
    switch (outcome.kind) {
      case 'rotated':
        return outcome.pair;
      case 'reused':
        throw new IdentityException(
          'refresh_token_reused',
          'This refresh token was already used. The session has been ended for your safety; log in again.',
        );
      case 'suspended':
        throw new IdentityException('account_suspended', 'This account is suspended.');
      case 'invalid':
        throw invalidToken();
    }
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.sessions.revokeSession(sessionId, reason, this.clock.now());
  }

  private async issue(manager: EntityManager, userId: string, sessionId: string): Promise<TokenPair> {
    const id = uuidv7();
    const refreshToken = `${id}.${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await this.sessions.insertToken(manager, { id, sessionId, tokenHash: sha256(refreshToken), expiresAt });
    const accessToken = await this.signAccess(userId, sessionId);
    return { accessToken, refreshToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS };
  }

  private signAccess(userId: string, sessionId: string, scope?: AccessScope): Promise<string> {
    return this.jwt.signAsync(scope ? { sid: sessionId, scp: scope } : { sid: sessionId }, {
      subject: userId,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      jwtid: uuidv7(),
    });
  }
}

function invalidToken(): IdentityException {
  return new IdentityException('invalid_refresh_token', 'The refresh token is invalid, expired or revoked.');
}
