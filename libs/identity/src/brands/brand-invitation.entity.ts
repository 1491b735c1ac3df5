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
import { Brand, type BrandRole } from './brand.entity';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * An invitation to join a brand's team, addressed to an email rather than an account: it is
 * written the same way whether or not anyone uses that email (the brand learns nothing), and the
 * person becomes a member, with the `brand` role, only when they accept it themselves.
 */
@Entity('brand_invitations')
@Check('ck_brand_invitations_status', `status IN ('pending', 'accepted', 'declined', 'revoked')`)
@Check('ck_brand_invitations_role', `role IN ('manager', 'staff')`)
// One open invitation per brand and email: inviting again hands out the same one.
@Index('uq_brand_invitations_pending', ['brandId', 'email'], { unique: true, where: `status = 'pending'` })
@Index('ix_brand_invitations_email_pending', ['email'], { where: `status = 'pending'` })
export class BrandInvitation {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  brandId: string;

  /** Normalised (lower case, trimmed), as accounts store theirs. */
  @Column('varchar', { length: 320 })
  email: string;

  @Column('varchar', { length: 16 })
  role: Exclude<BrandRole, 'owner'>;

  @Column('varchar', { length: 16 })
  status: InvitationStatus;

  /** Null once the inviter erased their account. */
  @Column('uuid', { nullable: true })
  invitedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  respondedAt: Date | null;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_brand_invitations_brand' })
  brand?: Brand;
}
