import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../users/user.repository';
import { Brand, BrandMembership, BrandRole } from './brand.entity';

export interface MemberRow {
  userId: string;
  email: string;
  displayName: string;
  role: BrandRole;
  createdAt: Date;
}

export interface BrandWithRole extends Brand {
  role: BrandRole;
}

@Injectable()
export class BrandRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Creates the brand and its owner membership together. */
  async createWithOwner(brand: Brand, ownerId: string): Promise<void> {
    await this.db.transaction(async (manager: EntityManager) => {
      await manager.insert(Brand, brand);
      await manager.insert(BrandMembership, {
        brandId: brand.id,
        userId: ownerId,
        role: 'owner',
        invitedBy: null,
      });
    });
  }

  findById(id: string): Promise<Brand | null> {
    return this.db.getRepository(Brand).findOneBy({ id });
  }

  async roleOf(brandId: string, userId: string): Promise<BrandRole | undefined> {
    const row = await this.db.getRepository(BrandMembership).findOneBy({ brandId, userId });
    return row?.role;
  }

  async brandsOf(userId: string): Promise<BrandWithRole[]> {
    const rows: Array<Brand & { role: BrandRole }> = await this.db.query(
      `SELECT b.id, b.name, b.website, b.country, b.created_by AS "createdBy", b.created_at AS "createdAt", m.role
         FROM brand_memberships m JOIN brands b ON b.id = m.brand_id
        WHERE m.user_id = $1 ORDER BY b.created_at DESC, b.id DESC`,
      [userId],
    );
    return rows;
  }

  /** Adds a member; false when they already are one (the primary key decides). */
  async addMember(
    membership: Pick<BrandMembership, 'brandId' | 'userId' | 'role' | 'invitedBy'>,
    manager?: EntityManager,
  ): Promise<boolean> {
    try {
      await (manager ?? this.db.manager).insert(BrandMembership, membership);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async removeMember(brandId: string, userId: string): Promise<boolean> {
    const result = await this.db.getRepository(BrandMembership).delete({ brandId, userId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Makes `toUserId` the owner and `fromUserId` a manager, in one statement that only acts when
   * the new owner is already a member; false otherwise.
   */
  async transferOwnership(brandId: string, fromUserId: string, toUserId: string): Promise<boolean> {
    const [rows]: [Array<{ user_id: string }>, number] = await this.db.query(
      `UPDATE brand_memberships SET role = CASE WHEN user_id = $3 THEN 'owner' ELSE 'manager' END
        WHERE brand_id = $1 AND user_id IN ($2, $3)
          AND EXISTS (SELECT 1 FROM brand_memberships WHERE brand_id = $1 AND user_id = $3)
          AND EXISTS (SELECT 1 FROM brand_memberships WHERE brand_id = $1 AND user_id = $2 AND role = 'owner')
        RETURNING user_id`,
      [brandId, fromUserId, toUserId],
    );
    return rows.length === 2;
  }

  async members(brandId: string): Promise<MemberRow[]> {
    return this.db.query(
      `SELECT m.user_id AS "userId", u.email, u.display_name AS "displayName", m.role, m.created_at AS "createdAt"
         FROM brand_memberships m JOIN users u ON u.id = m.user_id
        WHERE m.brand_id = $1
        ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, m.created_at`,
      [brandId],
    );
  }
}
