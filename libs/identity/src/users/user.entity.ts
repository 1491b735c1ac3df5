import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type Role = 'influencer' | 'brand' | 'admin';
export type UserStatus = 'active' | 'suspended';

@Entity('users')
@Check('ck_users_status', `status IN ('active', 'suspended')`)
export class User {
  @PrimaryColumn('uuid')
  id: string;

  /** Stored lower-cased: addresses are unique case-insensitively. */
  @Index('uq_users_email', { unique: true })
  @Column('varchar', { length: 320 })
  email: string;

  /** argon2id; only loaded where a password is checked. */
  @Column('text', { select: false })
  passwordHash: string;

  @Column('varchar', { length: 80 })
  displayName: string;

  /** Null only for admins created by the CLI or ADMIN_EMAIL. */
  @Column('date', { nullable: true })
  dateOfBirth: string | null;

  @Column('text', { array: true })
  roles: Role[];

  @Column('varchar', { length: 16, default: 'active' })
  status: UserStatus;

  @Column('text', { nullable: true })
  suspendedReason: string | null;

  @Column('timestamptz', { nullable: true })
  suspendedAt: Date | null;

  /** Profile the perk feed matches campaigns against (topics from @perkrank/reference). */
  @Column('text', { array: true, default: () => "'{}'" })
  topics: string[];

  /** ISO 3166-1 alpha-2. */
  @Column('char', { length: 2, nullable: true })
  country: string | null;

  @Column('varchar', { length: 100, nullable: true })
  city: string | null;

  @Column('boolean', { default: false })
  publicProfile: boolean;

  @Column('boolean', { default: false })
  discoverable: boolean;

  @Column('boolean', { default: false })
  scoringConsent: boolean;

  @Column('timestamptz', { nullable: true })
  termsAcceptedAt: Date | null;

  /** When the member proved they read mail at `email` (the link of the verification mail). */
  @Column('timestamptz', { nullable: true })
  emailVerifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
