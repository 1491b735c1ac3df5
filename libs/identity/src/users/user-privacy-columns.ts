import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './user.entity';

export interface UserPrivacyColumnValues {
  publicProfile: boolean;
  discoverable: boolean;
  scoringConsent: boolean;
}

const COLUMNS = `public_profile AS "publicProfile", discoverable, scoring_consent AS "scoringConsent"`;

/**
 * The privacy columns of `users` and the row locks the privacy flows take on an account. Identity
 * owns the table; `@perkrank/privacy` owns what the columns mean and reads and writes them only
 * through this class.
 */
@Injectable()
export class UserPrivacyColumns {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<UserPrivacyColumnValues | undefined> {
    const rows: UserPrivacyColumnValues[] = await manager.query(
      `SELECT ${COLUMNS} FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0];
  }

  /**
   * Reads the settings under a row lock held until commit. NO KEY UPDATE: it serialises with other
   * changes of the settings and with a consent check (FOR SHARE), but does not hold up inserts that
   * merely reference the user.
   */
  async lock(userId: string, manager: EntityManager): Promise<UserPrivacyColumnValues | undefined> {
    const rows: UserPrivacyColumnValues[] = await manager.query(
      `SELECT ${COLUMNS} FROM users WHERE id = $1 FOR NO KEY UPDATE`,
      [userId],
    );
    return rows[0];
  }

  async save(userId: string, settings: UserPrivacyColumnValues, manager: EntityManager): Promise<void> {
    await manager.update(User, { id: userId }, settings);
  }

  /** Consent in the caller's transaction, locked FOR SHARE so it cannot be withdrawn before commit. */
  async consentLocked(userId: string, manager: EntityManager): Promise<boolean> {
    const rows: Array<{ scoring_consent: boolean }> = await manager.query(
      `SELECT scoring_consent FROM users WHERE id = $1 FOR SHARE`,
      [userId],
    );
    return rows[0]?.scoring_consent === true;
  }

  /** Locks the account row for an erasure; false when it is already gone. */
  async lockForErasure(userId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
    return rows.length > 0;
  }
}
