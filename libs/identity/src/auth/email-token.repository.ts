import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { uuidv7 } from '@perkrank/core';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EmailToken, EmailTokenPurpose } from './email-token.entity';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const TOKEN_SHAPE = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

/** Single-use mailed tokens: issued with a lifetime, consumed once under a row lock. */
@Injectable()
export class EmailTokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Stores a new token (only its hash) and returns it; earlier unused ones of the purpose lapse. */
  async issue(
    manager: EntityManager,
    userId: string,
    purpose: EmailTokenPurpose,
    now: Date,
    ttlMs: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    const id = uuidv7();
    const token = `${id}.${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + ttlMs);
    await manager.query(
      `UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose, now],
    );
    await manager.insert(EmailToken, {
      id,
      userId,
      purpose,
      tokenHash: sha256(token),
      expiresAt,
      usedAt: null,
      createdAt: now,
    });
    return { token, expiresAt };
  }

  /** Marks the token used and returns its user; undefined when unknown, used, expired or of another purpose. */
  async consume(
    manager: EntityManager,
    token: string,
    purpose: EmailTokenPurpose,
    now: Date,
  ): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const rows: Array<{ user_id: string }> = await manager.query(
      `WITH used AS (
         UPDATE email_tokens SET used_at = $4
          WHERE id = $1 AND token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $4
          RETURNING user_id
       )
       SELECT user_id FROM used`,
      [token.split('.')[0], sha256(token), purpose, now],
    );
    return rows[0]?.user_id;
  }

  async markVerified(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE users SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL`,
      [userId, now],
    );
  }

  async setPasswordHash(manager: EntityManager, userId: string, hash: string, now: Date): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, [
      userId,
      hash,
      now,
    ]);
  }

  /** Drops tokens that can no longer be used (maintenance). */
  async purge(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM email_tokens WHERE expires_at < $1 OR used_at < $1`,
      [before],
    );
    return result[1];
  }
}
