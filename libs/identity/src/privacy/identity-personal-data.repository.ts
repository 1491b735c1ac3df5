import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiter } from '@perkrank/core';
import { DataSource, EntityManager } from 'typeorm';
import type { BrandRole } from '../brands/brand.entity';

export interface AccountRecord {
  id: string;
  email: string;
  displayName: string;
  dateOfBirth: string | null;
  roles: string[];
  status: string;
  suspendedReason: string | null;
  suspendedAt: Date | null;
  topics: string[];
  country: string | null;
  city: string | null;
  publicProfile: boolean;
  discoverable: boolean;
  scoringConsent: boolean;
  termsAcceptedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionRecord {
  id: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface MembershipRecord {
  brandId: string;
  brandName: string;
  role: BrandRole;
  joinedAt: Date;
}

export interface ApiKeyRecord {
  id: string;
  brandId: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface OwnedBrand {
  id: string;
  name: string;
  /** Members other than the person. */
  others: number;
  /** Owners other than the person. */
  otherOwners: number;
}

/** Stands in for free text that named an erased person; the suspension itself stays. */
export const REDACTED_REASON = '[redacted: it named an erased account]';

/** Reads and erases what identity holds about one person (export and erasure only). */
@Injectable()
export class IdentityPersonalDataRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async account(
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<AccountRecord | undefined> {
    // Every column but the password hash: a credential, not information about the person.
    const rows: AccountRecord[] = await manager.query(
      `SELECT id, email, display_name AS "displayName", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              roles, status, suspended_reason AS "suspendedReason", suspended_at AS "suspendedAt", topics,
              country, city, public_profile AS "publicProfile", discoverable, scoring_consent AS "scoringConsent",
              terms_accepted_at AS "termsAcceptedAt", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0];
  }

  sessions(userId: string): Promise<SessionRecord[]> {
    return this.db.query(
      `SELECT id, created_at AS "createdAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
         FROM sessions WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  memberships(userId: string): Promise<MembershipRecord[]> {
    return this.db.query(
      `SELECT m.brand_id AS "brandId", b.name AS "brandName", m.role, m.created_at AS "joinedAt"
         FROM brand_memberships m JOIN brands b ON b.id = m.brand_id
        WHERE m.user_id = $1 ORDER BY m.created_at, m.brand_id`,
      [userId],
    );
  }

  apiKeysCreated(userId: string): Promise<ApiKeyRecord[]> {
    return this.db.query(
      `SELECT id, brand_id AS "brandId", name, created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM api_keys WHERE created_by = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  /**
   * The brands the person owns, locked until the erasure commits so no member can join a brand
   * that is about to be deleted with its only member.
   */
  async lockOwnedBrands(userId: string, manager: EntityManager): Promise<OwnedBrand[]> {
    const rows: Array<{ id: string; name: string; others: string; other_owners: string }> =
      await manager.query(
        `SELECT b.id, b.name,
              (SELECT count(*) FROM brand_memberships o WHERE o.brand_id = b.id AND o.user_id <> $1) AS others,
              (SELECT count(*) FROM brand_memberships o
                WHERE o.brand_id = b.id AND o.user_id <> $1 AND o.role = 'owner') AS other_owners
         FROM brands b
        WHERE b.id IN (SELECT brand_id FROM brand_memberships WHERE user_id = $1 AND role = 'owner')
        ORDER BY b.id
          FOR UPDATE OF b`,
        [userId],
      );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      others: Number(r.others),
      otherOwners: Number(r.other_owners),
    }));
  }

  /**
   * Deletes the person's account and everything identity keeps about them, and unlinks them from
   * what outlives them. Order: brands they were the only member of (their API keys cascade),
   * references by id (and mentions in free text) in other people's rows, their memberships, sessions with refresh tokens,
   * the failed-login counter that names their email, and last the user row.
   */
  async erase(
    userId: string,
    loginCounterKey: string,
    mentions: string[],
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM brands b
        WHERE b.id IN (SELECT brand_id FROM brand_memberships WHERE user_id = $1)
          AND NOT EXISTS (SELECT 1 FROM brand_memberships o WHERE o.brand_id = b.id AND o.user_id <> $1)`,
      [userId],
    );
    await manager.query('UPDATE brands SET created_by = NULL WHERE created_by = $1', [userId]);
    await manager.query('UPDATE api_keys SET created_by = NULL WHERE created_by = $1', [userId]);
    await manager.query('UPDATE brand_memberships SET invited_by = NULL WHERE invited_by = $1', [userId]);
    // An admin's reason for suspending someone else may name the person ("second account of …").
    await manager.query(
      `UPDATE users SET suspended_reason = $3
        WHERE id <> $1 AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS t(term)
                                    WHERE strpos(lower(suspended_reason), lower(t.term)) > 0)`,
      [userId, mentions, REDACTED_REASON],
    );
    await manager.query('DELETE FROM brand_memberships WHERE user_id = $1', [userId]);
    await manager.query(
      'DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = $1)',
      [userId],
    );
    await manager.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    // The account's counter and its per-client counters (`<key>:ip:<address>`) all name the email.
    await this.rateLimiter.forget(loginCounterKey, manager);
    // Invitations name the invitee's email; the ones they sent keep the brand's record without them.
    await manager.query(
      'DELETE FROM brand_invitations WHERE email = (SELECT email FROM users WHERE id = $1)',
      [userId],
    );
    await manager.query('UPDATE brand_invitations SET invited_by = NULL WHERE invited_by = $1', [userId]);
    await manager.query('DELETE FROM users WHERE id = $1', [userId]);
  }
}
