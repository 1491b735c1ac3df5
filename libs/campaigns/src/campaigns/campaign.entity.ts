import { bigintAsNumber } from '@perkrank/core';
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
import { Brand } from '@perkrank/identity';
import type { CampaignState, FundingStatus, ModerationFlag } from '../rules';

export const PERK_TYPES = ['upgrade', 'product', 'experience', 'discount', 'access'] as const;
export type PerkType = (typeof PERK_TYPES)[number];

export const CODE_MODES = ['generated', 'pool'] as const;
export type CodeMode = (typeof CODE_MODES)[number];

/** The live set, the only campaigns the feed reads: every feed index is partial on it. */
const LIVE = `status = 'approved'`;

/**
 * A brand's perk campaign. A draft may be half-filled; the `ck_campaigns_complete` check makes
 * the database refuse any other state without the parts a member needs to see. `claimable` is
 * never stored (see isClaimable): it changes with the clock and the stock, not with a write.
 */
@Entity('campaigns')
@Check(
  'ck_campaigns_status',
  `status IN ('draft', 'pending_review', 'changes_requested', 'rejected', 'approved', 'paused', 'ended', 'removed')`,
)
@Check(
  'ck_campaigns_funding_status',
  `funding_status IN ('not_required', 'unfunded', 'pending', 'funded', 'refunded')`,
)
@Check('ck_campaigns_perk_type', `perk_type IN ('upgrade', 'product', 'experience', 'discount', 'access')`)
@Check('ck_campaigns_codes_mode', `codes_mode IN ('generated', 'pool')`)
// Claims decrement `inventory_remaining` in one conditional statement; this is the last line of defence.
@Check('ck_campaigns_inventory', `inventory_remaining >= 0 AND inventory_remaining <= inventory_total`)
// What was paid for is what can be claimed: a funded campaign's stock never exceeds the paid units.
@Check(
  'ck_campaigns_funded_stock',
  `funding_status <> 'funded' OR (funded_units IS NOT NULL AND inventory_total <= funded_units)`,
)
@Check('ck_campaigns_per_user', `inventory_per_user >= 1 AND inventory_per_user <= inventory_total`)
@Check('ck_campaigns_min_score', `min_score >= 0 AND min_score <= 100`)
@Check('ck_campaigns_window', `ends_at > starts_at`)
@Check('ck_campaigns_claim_ttl', `claim_ttl_hours BETWEEN 1 AND 720`)
@Check(
  'ck_campaigns_complete',
  `status = 'draft' OR (description IS NOT NULL AND perk_type IS NOT NULL AND min_score IS NOT NULL` +
    ` AND inventory_total IS NOT NULL AND inventory_remaining IS NOT NULL AND inventory_per_user IS NOT NULL` +
    ` AND codes_mode IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND claim_ttl_hours IS NOT NULL)`,
)
@Index('ix_campaigns_brand_created', ['brandId', 'createdAt', 'id'])
@Index('ix_campaigns_status_changed', ['status', 'statusChangedAt', 'id'])
@Index('ix_campaigns_live_order', ['approvedAt', 'id'], { where: LIVE })
@Index('ix_campaigns_live_min_score', ['minScore'], { where: LIVE })
@Index('ix_campaigns_live_topics', ['topics'], { type: 'gin', where: LIVE })
@Index('ix_campaigns_live_countries', ['countries'], { type: 'gin', where: LIVE })
@Index('ix_campaigns_live_city_keys', ['cityKeys'], { type: 'gin', where: LIVE })
@Index('ix_campaigns_live_location', ['locationCountry', 'locationCityKey'], { where: LIVE })
// The expiry job's scan: only campaigns that can still end by themselves.
@Index('ix_campaigns_due_to_end', ['endsAt'], { where: `status IN ('approved', 'paused')` })
export class Campaign {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  brandId: string;

  @Column('varchar', { length: 24, default: 'draft' })
  status: CampaignState;

  /** Bumped by every write, so read-check-write sequences (edit, submit) can update conditionally. */
  @Column('integer', { default: 1 })
  version: number;

  @Column('varchar', { length: 120 })
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 16, nullable: true })
  perkType: PerkType | null;

  @Column('text', { nullable: true })
  perkTerms: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  perkValueMinor: number | null;

  @Column('char', { length: 3, nullable: true })
  perkCurrency: string | null;

  @Column('real', { nullable: true })
  minScore: number | null;

  /** Each eligibility list: empty means "no restriction". */
  @Column('text', { array: true, default: () => "'{}'" })
  topics: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  networks: string[];

  /** ISO 3166-1 alpha-2, upper case. */
  @Column('text', { array: true, default: () => "'{}'" })
  countries: string[];

  /** As the brand typed them, for display. */
  @Column('text', { array: true, default: () => "'{}'" })
  cities: string[];

  /** `cityKey()` of each city: what the feed's SQL matches members' cities against. */
  @Column('text', { array: true, default: () => "'{}'" })
  cityKeys: string[];

  @Column('integer', { nullable: true })
  inventoryTotal: number | null;

  @Column('integer', { nullable: true })
  inventoryRemaining: number | null;

  @Column('integer', { nullable: true })
  inventoryPerUser: number | null;

  @Column('varchar', { length: 16, nullable: true })
  codesMode: CodeMode | null;

  /** Codes uploaded for pool mode; kept by the claims context when it adds codes. */
  @Column('integer', { default: 0 })
  codePoolSize: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endsAt: Date | null;

  @Column('integer', { nullable: true })
  claimTtlHours: number | null;

  @Column('varchar', { length: 200, nullable: true })
  locationVenueName: string | null;

  @Column('varchar', { length: 100, nullable: true })
  locationCity: string | null;

  @Column('varchar', { length: 100, nullable: true })
  locationCityKey: string | null;

  @Column('char', { length: 2, nullable: true })
  locationCountry: string | null;

  @Column('varchar', { length: 300, nullable: true })
  locationAddress: string | null;

  @Column('boolean', { default: true })
  disclosureRequired: boolean;

  /** `not_required` while payments are off; the payments context moves it once Stripe is on. */
  @Column('varchar', { length: 16, default: 'not_required' })
  fundingStatus: FundingStatus;

  /** Units the paid Checkout Session covered; set by the payments context with `funded`. */
  @Column('integer', { nullable: true })
  fundedUnits: number | null;

  /** Computed at submit from the submitted content; shown to moderators only. */
  @Column('jsonb', { default: () => "'[]'" })
  moderationFlags: ModerationFlag[];

  /** From "request changes" (or an approval note): what the brand should do. */
  @Column('text', { nullable: true })
  moderationNotes: string | null;

  /** Why a moderator rejected or removed the campaign. */
  @Column('text', { nullable: true })
  moderationReason: string | null;

  /** When the current status was entered: the moderation queue is oldest first by this. */
  @Column({ type: 'timestamptz', precision: 3 })
  statusChangedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  /** First approval: the feed lists newest first by this. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt: Date | null;

  /** The member who drafted it; null once they erased their account (the campaign is the brand's). */
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_campaigns_brand' })
  brand?: Brand;
}
