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

  /**
   * Claims the key for this request; returns the record's id when this request runs it (the first,
   * or a retry taking over a key whose lease ran out), else undefined.
   *
   * One statement, so two concurrent requests can never both win: an expired key is deleted and
   * inserted afresh; an `in_progress` key of the same request whose lease ran out (its process died
   * before answering) is taken over under the row's lock, which re-checks the lease after a
   * concurrent takeover commits. A takeover gives the record a new id, so the first run, should it
   * still be alive, can no longer complete or release it.
   */
  async claim(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    ttlSeconds: number,
    leaseSeconds: number,
  ): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH expired AS (
         DELETE FROM idempotency_keys WHERE scope = $2 AND key = $3 AND expires_at <= $5
       )
       INSERT INTO idempotency_keys AS k (id, scope, key, request_hash, state, created_at, expires_at, lease_expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $5::timestamptz + make_interval(secs => $6),
               $5::timestamptz + make_interval(secs => $7))
       ON CONFLICT (scope, key) DO UPDATE SET id = EXCLUDED.id, lease_expires_at = EXCLUDED.lease_expires_at
        WHERE k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash
          AND COALESCE(k.lease_expires_at, k.created_at + make_interval(secs => $7)) <= $5
       RETURNING id`,
      [uuidv7(), scope, key, requestHash, now, ttlSeconds, leaseSeconds],
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
