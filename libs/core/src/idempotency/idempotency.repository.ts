import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { uuidv7 } from '../ids/uuid7';

export interface StoredRequest {
  id: string;
  requestHash: string;
  state: 'in_progress' | 'completed';
  responseStatus: number | null;
  responseBody: unknown;
}

@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Claims the key for this request; returns the id when this request is the first, else undefined. */
  async claim(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    ttlSeconds: number,
  ): Promise<string | undefined> {
    // An expired key is free again: delete it in the same statement so two retries cannot both win.
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH expired AS (
         DELETE FROM idempotency_keys WHERE scope = $2 AND key = $3 AND expires_at <= $5
       )
       INSERT INTO idempotency_keys (id, scope, key, request_hash, state, created_at, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $5::timestamptz + make_interval(secs => $6))
       ON CONFLICT (scope, key) DO NOTHING RETURNING id`,
      [uuidv7(), scope, key, requestHash, now, ttlSeconds],
    );
    return rows[0]?.id;
  }

  async find(scope: string, key: string): Promise<StoredRequest | undefined> {
    const rows: StoredRequest[] = await this.db.query(
      `SELECT id, request_hash AS "requestHash", state, response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return rows[0];
  }

  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $2, response_body = $3 WHERE id = $1`,
      [id, status, JSON.stringify(body ?? null)],
    );
  }

  async release(id: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE id = $1', [id]);
  }

  async purgeExpired(now: Date): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      'DELETE FROM idempotency_keys WHERE expires_at <= $1',
      [now],
    );
    return result[1];
  }

  /**
   * Erasure: the person's own stored requests, and any other caller's stored response that
   * mentions one of `terms` (their id, email, handles), matched case-insensitively.
   */
  async deleteForPerson(scope: string, terms: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM idempotency_keys
        WHERE scope = $1
           OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS t(term)
                       WHERE t.term <> '' AND strpos(lower(response_body::text), lower(t.term)) > 0)`,
      [scope, terms],
    );
  }
}
