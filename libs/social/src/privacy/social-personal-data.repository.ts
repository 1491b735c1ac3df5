import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface SocialAccountRecord {
  id: string;
  network: string;
  handle: string;
  nativeId: string | null;
  status: string;
  verifiedAt: Date | null;
  followers: number | null;
  following: number | null;
  posts: number | null;
  lastSyncedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Reads and erases one member's social accounts (export and erasure only). */
@Injectable()
export class SocialPersonalDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  accounts(userId: string, manager: EntityManager = this.db.manager): Promise<SocialAccountRecord[]> {
    // Not the verification token (a one-time secret) nor the connector's sync cursors.
    return manager.query(
      `SELECT id, network, handle, native_id AS "nativeId", status, verified_at AS "verifiedAt",
              followers, following, posts, last_synced_at AS "lastSyncedAt",
              created_at AS "createdAt", updated_at AS "updatedAt"
         FROM social_accounts WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  /** Deletes their accounts and forgets them as the admin who verified other people's accounts. */
  async erase(userId: string, manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM social_accounts WHERE user_id = $1', [userId]);
    await manager.query('UPDATE social_accounts SET verified_by = NULL WHERE verified_by = $1', [userId]);
  }
}
