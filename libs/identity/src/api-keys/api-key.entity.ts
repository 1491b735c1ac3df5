import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Brand } from '../brands/brand.entity';

/**
 * A brand's API key for its property-management system. The key is shown once; only its
 * SHA-256 is kept (keys are 256-bit random, so a slow hash adds nothing). `prefix` finds the row.
 */
@Entity('api_keys')
export class ApiKey {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ix_api_keys_brand_id')
  @Column('uuid')
  brandId: string;

  @Column('varchar', { length: 100 })
  name: string;

  @Index('uq_api_keys_prefix', { unique: true })
  @Column('varchar', { length: 32 })
  prefix: string;

  @Column('text')
  keyHash: string;

  /** Null once the creator erased their account; the key belongs to the brand, not to them. */
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_api_keys_brand' })
  brand?: Brand;
}
