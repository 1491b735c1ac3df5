import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UserPrivacyColumns, type UserPrivacyColumnValues } from '@perkrank/identity';
import { DataSource, EntityManager } from 'typeorm';

export type PrivacySettings = UserPrivacyColumnValues;

/**
 * The privacy settings (columns of `users`: identity owns the table and reads and writes them in
 * `UserPrivacyColumns`, this context owns what they mean) and the transactions the privacy flows
 * run in.
 */
@Injectable()
export class PrivacySettingsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly columns: UserPrivacyColumns,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  find(userId: string, manager: EntityManager = this.db.manager): Promise<PrivacySettings | undefined> {
    return this.columns.find(userId, manager);
  }

  /** Reads the settings under a row lock held until commit (see UserPrivacyColumns.lock). */
  lock(userId: string, manager: EntityManager): Promise<PrivacySettings | undefined> {
    return this.columns.lock(userId, manager);
  }

  save(userId: string, settings: PrivacySettings, manager: EntityManager): Promise<void> {
    return this.columns.save(userId, settings, manager);
  }

  /** Consent in the caller's transaction, locked FOR SHARE so it cannot be withdrawn before commit. */
  consentLocked(userId: string, manager: EntityManager): Promise<boolean> {
    return this.columns.consentLocked(userId, manager);
  }

  /** Locks the account row for an erasure; false when it is already gone. */
  lockForErasure(userId: string, manager: EntityManager): Promise<boolean> {
    return this.columns.lockForErasure(userId, manager);
  }
}
