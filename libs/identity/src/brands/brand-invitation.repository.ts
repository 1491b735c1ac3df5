import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { uuidv7 } from '@perkrank/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { BrandRole } from './brand.entity';
import type { InvitationStatus } from './brand-invitation.entity';

export interface InvitationRow {
  id: string;
  brandId: string;
  brandName: string;
  email: string;
  role: Exclude<BrandRole, 'owner'>;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  respondedAt: Date | null;
}

const COLUMNS = `i.id, i.brand_id AS "brandId", b.name AS "brandName", i.email, i.role, i.status, i.invited_by AS "invitedBy",
  i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.responded_at AS "respondedAt"`;

@Injectable()
export class BrandInvitationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * The brand's open invitation for `email`, made now or handed out again (a re-invite renews its
   * expiry and role) in one statement, so two racing invites leave one invitation.
   */
  async upsertPending(
    invite: { brandId: string; email: string; role: Exclude<BrandRole, 'owner'>; invitedBy: string },
    now: Date,
    expiresAt: Date,
    manager: EntityManager,
  ): Promise<InvitationRow> {
    const [row]: InvitationRow[] = await manager.query(
      `WITH i AS (
         INSERT INTO brand_invitations AS i (id, brand_id, email, role, status, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)
         ON CONFLICT (brand_id, email) WHERE status = 'pending'
           DO UPDATE SET role = EXCLUDED.role, expires_at = EXCLUDED.expires_at, invited_by = EXCLUDED.invited_by
         RETURNING *)
       SELECT ${COLUMNS} FROM i JOIN brands b ON b.id = i.brand_id`,
      [uuidv7(), invite.brandId, invite.email, invite.role, invite.invitedBy, now, expiresAt],
    );
    return row;
  }

  /** Open, unexpired invitations of a brand, newest first. */
  pendingOfBrand(brandId: string, now: Date): Promise<InvitationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM brand_invitations i JOIN brands b ON b.id = i.brand_id
        WHERE i.brand_id = $1 AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC`,
      [brandId, now],
    );
  }

  /** Open, unexpired invitations addressed to `email`, newest first. */
  pendingFor(email: string, now: Date): Promise<InvitationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM brand_invitations i JOIN brands b ON b.id = i.brand_id
        WHERE i.email = $1 AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC`,
      [email, now],
    );
  }

  /**
   * Answers an open, unexpired invitation addressed to `email` in one conditional statement (two
   * racing answers cannot both win); undefined when there is none to answer.
   */
  async respond(
    id: string,
    email: string,
    to: Extract<InvitationStatus, 'accepted' | 'declined'>,
    now: Date,
    manager: EntityManager,
  ): Promise<InvitationRow | undefined> {
    const rows: InvitationRow[] = await manager.query(
      `WITH i AS (
         UPDATE brand_invitations SET status = $3, responded_at = $4
          WHERE id = $1 AND email = $2 AND status = 'pending' AND expires_at > $4 RETURNING *)
       SELECT ${COLUMNS} FROM i JOIN brands b ON b.id = i.brand_id`,
      [id, email, to, now],
    );
    return rows[0];
  }

  /** Withdraws an open invitation of the brand; false when there is none. */
  async revoke(brandId: string, id: string, now: Date): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      `UPDATE brand_invitations SET status = 'revoked', responded_at = $3
        WHERE id = $1 AND brand_id = $2 AND status = 'pending'`,
      [id, brandId, now],
    );
    return result[1] > 0;
  }
}
