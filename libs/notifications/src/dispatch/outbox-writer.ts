import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import type { MailKind } from '../mail/mail-kinds';

/**
 * Writes mails and webhook events in the caller's transaction (the transactional outbox): they
 * exist exactly when the change that caused them committed. A trigger wakes the dispatcher on
 * commit (NOTIFY perkrank_outbox).
 */
@Injectable()
export class OutboxWriter {
  async mailToUser(
    manager: EntityManager,
    kind: MailKind,
    userId: string,
    params: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
       SELECT $1, $2, u.id, $4, 'queued', $5, $5 FROM member_profiles_v u WHERE u.id = $3`,
      [uuidv7(), kind, userId, params, now],
    );
  }

  /** Like mailToUser, unless this member already has a mail of this kind about `claimId`. */
  async mailToUserOncePerClaim(
    manager: EntityManager,
    kind: MailKind,
    userId: string,
    claimId: string,
    params: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
       SELECT $1, $2::varchar, u.id, $4, 'queued', $5, $5 FROM member_profiles_v u
        WHERE u.id = $3 AND NOT EXISTS (
          SELECT 1 FROM mail_outbox m WHERE m.user_id = $3 AND m.kind = $2::varchar AND m.params->>'claimId' = $6::text)`,
      [uuidv7(), kind, userId, { ...params, claimId }, now, claimId],
    );
  }

  async mailToUsers(
    manager: EntityManager,
    kind: MailKind,
    userIds: readonly string[],
    params: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), $1, u.id, $3, 'queued', $4, $4 FROM member_profiles_v u WHERE u.id = ANY($2::uuid[])`,
      [kind, userIds, params, now],
    );
  }

  /** To the brand's owner and managers (the people who run its campaigns). */
  async mailToBrandManagers(
    manager: EntityManager,
    kind: MailKind,
    brandId: string,
    params: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), $1, m.user_id, $3, 'queued', $4, $4
         FROM brand_members_v m WHERE m.brand_id = $2 AND m.role IN ('owner', 'manager')`,
      [kind, brandId, { ...params, brandId }, now],
    );
  }

  /** To an address that may have no account (an invitation); the member's settings apply if it has one. */
  async mailToAddress(
    manager: EntityManager,
    kind: MailKind,
    address: string,
    params: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mail_outbox (id, kind, user_id, to_address, params, status, next_attempt_at, created_at)
       VALUES ($1, $2, (SELECT id FROM member_profiles_v WHERE email = lower($3)), lower($3), $4, 'queued', $5, $5)`,
      [uuidv7(), kind, address.trim(), params, now],
    );
  }

  /**
   * The brand's event and one delivery per enabled endpoint subscribed to its type, in one
   * statement; nothing at all when no endpoint listens (the common case costs one index probe).
   */
  async webhookEvent(
    manager: EntityManager,
    brandId: string,
    type: string,
    data: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `WITH ep AS (
         SELECT id FROM webhook_endpoints WHERE brand_id = $1 AND status = 'enabled' AND $2 = ANY(events)
       ),
       ev AS (
         INSERT INTO webhook_events (id, brand_id, type, data, created_at)
         SELECT $3, $1, $2, $4, $5 WHERE EXISTS (SELECT 1 FROM ep)
         RETURNING id
       )
       INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
       SELECT gen_random_uuid(), ep.id, ev.id, 'pending', 0, $5, $5 FROM ep, ev`,
      [brandId, type, uuidv7(), data, now],
    );
  }
}
