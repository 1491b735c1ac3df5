import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Campaign } from '@perkrank/campaigns';

/**
 * Codes a brand uploaded for a pool-mode campaign. A code is handed to one claim and never again:
 * the member who cancelled has seen it. `pick` is a random position so that claims start their
 * search for a free code at a random point (see ClaimRepository.reserve), not at the table's start.
 */
@Entity('pool_codes')
// Unique per brand, not per campaign: the front desk types a code and must find one claim.
@Index('uq_pool_codes_brand_code', ['brandId', 'code'], { unique: true })
@Index('ix_pool_codes_free', ['campaignId', 'pick'], { where: 'claim_id IS NULL' })
export class PoolCode {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @Column('uuid')
  brandId: string;

  /** Normalised like a typed code (normalisePoolCode). */
  @Column('varchar', { length: 64 })
  code: string;

  @Column('integer')
  pick: number;

  @Column('uuid', { nullable: true })
  claimId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_pool_codes_campaign' })
  campaign?: Campaign;
}
