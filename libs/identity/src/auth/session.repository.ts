import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { preparedQuery } from '@perkrank/core';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthUser } from './auth-user';
import { RefreshToken } from './refresh-token.entity';
import type { SessionRead } from './session-read';
import { Session } from './session.entity';

export type RotationOutcome =
  | { kind: 'rotated'; userId: string; sessionId: string }
  | { kind: 'reused'; sessionId: string }
  | { kind: 'invalid' };

const SESSION_USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.roles, u.status,
              u.email_verified_at IS NOT NULL AS "emailVerified"`;
const SESSION_USER_KEYS: readonly string[] = [
  'id',
  'email',
  'displayName',
  'roles',
  'status',
  'emailVerified',
];

@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async createSession(manager: EntityManager, session: Pick<Session, 'id' | 'userId'>): Promise<void> {
    await manager.insert(Session, { ...session, revokedAt: null, revokedReason: null });
  }

  async insertToken(
    manager: EntityManager,
    token: Pick<RefreshToken, 'id' | 'sessionId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<void> {
    await manager.insert(RefreshToken, { ...token, usedAt: null });
  }

  /**
   * Marks a refresh token used, under a row lock so two concurrent refreshes cannot both succeed:
   * the second sees it used and is treated as reuse.
   */
  async consumeToken(
    manager: EntityManager,
    tokenId: string,
    tokenHash: string,
    now: Date,
  ): Promise<RotationOutcome> {
    const rows: Array<{
      session_id: string;
      token_hash: string;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
      user_id: string;
    }> = await manager.query(
      `SELECT t.session_id, t.token_hash, t.expires_at, t.used_at, s.revoked_at, s.user_id
           FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
          WHERE t.id = $1 FOR UPDATE OF t, s`,
      [tokenId],
    );
    const row = rows[0];
    if (!row || row.token_hash !== tokenHash) return { kind: 'invalid' };
    if (row.revoked_at) return { kind: 'invalid' };
    if (row.used_at) return { kind: 'reused', sessionId: row.session_id };
    if (row.expires_at.getTime() <= now.getTime()) return { kind: 'invalid' };
    await manager.update(RefreshToken, { id: tokenId }, { usedAt: now });
    return { kind: 'rotated', userId: row.user_id, sessionId: row.session_id };
  }

  async revokeSession(sessionId: string, reason: string, now: Date, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db.manager).update(
      Session,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: now, revokedReason: reason },
    );
  }

  async revokeAllForUser(userId: string, reason: string, now: Date, manager?: EntityManager): Promise<void> {
    await (manager ?? this.db.manager).update(
      Session,
      { userId, revokedAt: IsNull() },
      { revokedAt: now, revokedReason: reason },
    );
  }

  /**
   * The user behind an access token, if its session is still open. Suspended accounts are
   * returned too (with their status): the AccessGuard lets them reach the privacy routes only.
   * With `read`, its columns come back in `read` from the same statement.
   */
  async findSessionUser(
    userId: string,
    sessionId: string,
    read?: SessionRead,
  ): Promise<{ user: AuthUser; read?: Record<string, unknown> } | undefined> {
    // On every authenticated request: a named prepared statement, planned once per connection.
    const rows = await preparedQuery<Record<string, unknown>>(
      this.db,
      read ? `identity_session_user:${read.name}` : 'identity_session_user',
      `SELECT ${SESSION_USER_COLUMNS}${read ? `, ${read.columns}` : ''}
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND s.revoked_at IS NULL`,
      [userId, sessionId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const user = { sessionId } as AuthUser & Record<string, unknown>;
    for (const key of SESSION_USER_KEYS) user[key] = row[key];
    if (!read) return { user };
    const extra: Record<string, unknown> = {};
    for (const key of Object.keys(row)) if (!SESSION_USER_KEYS.includes(key)) extra[key] = row[key];
    return { user, read: extra };
  }

  /** Drops sessions revoked or idle past the refresh lifetime, with their tokens (maintenance). */
  async purgeEnded(before: Date): Promise<number> {
    await this.db.query('DELETE FROM refresh_tokens WHERE expires_at < $1', [before]);
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM sessions s WHERE (s.revoked_at IS NOT NULL AND s.revoked_at < $1)
          OR (s.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id))
             AND s.created_at < $1`,
      [before],
    );
    return result[1];
  }
}
