import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { User } from '../users/user.entity';
import type { BrandRole } from './brand-policy';

@Entity('brands')
export class Brand {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 120 })
  name: string;

  @Column('varchar', { length: 2048, nullable: true })
  website: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column('char', { length: 2 })
  country: string;

  /** Null once the creator erased their account (the brand outlives them with its other members). */
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

export type { BrandRole } from './brand-policy';

@Entity('brand_memberships')
@Check('ck_brand_memberships_role', `role IN ('owner', 'manager', 'staff')`)
export class BrandMembership {
  @PrimaryColumn('uuid')
  brandId: string;

  @Index('ix_brand_memberships_user_id')
  @PrimaryColumn('uuid')
  userId: string;

  @Column('varchar', { length: 16 })
  role: BrandRole;

  @Column('uuid', { nullable: true })
  invitedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_brand_memberships_brand' })
  brand?: Brand;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_brand_memberships_user' })
  user?: User;
}
