import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, keysetPage, preparedQuery } from '@perkrank/core';
import { EntityManager, Repository } from 'typeorm';
import type { SessionRead } from '../auth/session-read';
import { Role, User } from './user.entity';

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as {
    code?: string;
    driverError?: { code?: string; constraint?: string };
    constraint?: string;
  };
  const code = e.code ?? e.driverError?.code;
  const name = e.constraint ?? e.driverError?.constraint;
  return code === UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}

/** One row of UserRepository.meRow. */
export type MeRow = Pick<
  User,
  | 'id'
  | 'email'
  | 'displayName'
  | 'roles'
  | 'status'
  | 'createdAt'
  | 'publicProfile'
  | 'discoverable'
  | 'scoringConsent'
  | 'topics'
  | 'country'
  | 'city'
> & { emailVerified: boolean; brands: Array<{ id: string; name: string; role: string }> };

/**
 * The columns of MeRow beyond the session user's: GET /v1/me has the access check read them in its
 * own statement (SessionRead), PATCH /v1/me reads them after its update (meRow).
 */
export const ME_READ: SessionRead = {
  name: 'me',
  columns: `u.created_at AS "createdAt", u.public_profile AS "publicProfile", u.discoverable,
              u.scoring_consent AS "scoringConsent", u.topics, u.country, u.city,
              coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'role', m.role)
                                        ORDER BY b.created_at DESC, b.id DESC)
                          FROM brand_memberships m JOIN brands b ON b.id = m.brand_id
                         WHERE m.user_id = u.id), '[]'::json) AS brands`,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Inserts a user; returns false when the email is taken (decided by the unique index, race-free). */
  async insert(user: User): Promise<boolean> {
    try {
      await this.users.insert(user);
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) return false;
      throw error;
    }
  }

  /**
   * What GET /v1/me shows, in one round trip: the account's public columns and its brands with
   * the caller's role, newest brand first (as BrandRepository.brandsOf orders them).
   */
  async meRow(id: string): Promise<MeRow | undefined> {
    const rows = await preparedQuery<MeRow>(
      this.users.manager.connection,
      'identity_me',
      `SELECT u.id, u.email, u.display_name AS "displayName", u.roles, u.status,
              u.email_verified_at IS NOT NULL AS "emailVerified", ${ME_READ.columns}
         FROM users u WHERE u.id = $1`,
      [id],
    );
    return rows[0];
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string, options: { withPassword?: boolean } = {}): Promise<User | null> {
    const query = this.users
      .createQueryBuilder('u')
      .where('u.email = :email', { email: normaliseEmail(email) });
    if (options.withPassword) query.addSelect('u.passwordHash');
    return query.getOne();
  }

  async setStatus(
    id: string,
    status: 'active' | 'suspended',
    reason: string | null,
    at: Date | null,
    manager?: EntityManager,
  ): Promise<void> {
    const repo = manager ? manager.getRepository(User) : this.users;
    await repo.update({ id }, { status, suspendedReason: reason, suspendedAt: at });
  }

  async updateProfile(
    id: string,
    changes: { displayName?: string; topics?: string[]; country?: string | null; city?: string | null },
  ): Promise<void> {
    const set: Partial<Pick<User, 'displayName' | 'topics' | 'country' | 'city'>> = {};
    if (changes.displayName !== undefined) set.displayName = changes.displayName;
    if (changes.topics !== undefined) set.topics = changes.topics;
    if (changes.country !== undefined) set.country = changes.country;
    if (changes.city !== undefined) set.city = changes.city;
    if (Object.keys(set).length > 0) await this.users.update({ id }, set);
  }

  /** Gives the account another login email; false when it is taken (the unique index decides). */
  async changeEmail(id: string, email: string): Promise<boolean> {
    try {
      await this.users.update({ id }, { email: normaliseEmail(email) });
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) return false;
      throw error;
    }
  }

  /** Adds a role if missing, in one statement. */
  async addRole(id: string, role: Role, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(User) : this.users;
    await repo
      .createQueryBuilder()
      .update(User)
      .set({ roles: () => `array_append(roles, :role)` })
      .where('id = :id AND NOT (:role = ANY(roles))', { id, role })
      .execute();
  }

  async removeRole(id: string, role: Role, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(User) : this.users;
    await repo
      .createQueryBuilder()
      .update(User)
      .set({ roles: () => `array_remove(roles, :role)` })
      .where('id = :id', { id, role })
      .execute();
  }

  /** Admin listing, newest first, optionally filtered by an email fragment. */
  list(limit: number, cursor: string | undefined, emailContains?: string): Promise<User[]> {
    const query = keysetPage(this.users.createQueryBuilder('u'), 'createdAt', limit, decodeCursor(cursor));
    if (emailContains)
      query.andWhere('u.email LIKE :pattern', {
        pattern: `%${emailContains.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`,
      });
    return query.getMany();
  }
}
