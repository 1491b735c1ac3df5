import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Campaign } from '@perkrank/campaigns';
import { User } from '@perkrank/identity';
import type { ClaimActorType, ClaimEventType, ClaimStatus, CodeKind } from './claim-state';

/** Claims that hold a unit of stock: what the per-member limit counts. */
const HOLDING = `status IN ('reserved', 'redeemed')`;

/**
 * One member's claim on one unit of a campaign. The row is the truth for the per-member limit:
 * `uq_claims_member_slot` lets a member hold at most `perUser` units of a campaign at once,
 * because every holding claim takes a distinct slot in [0, perUser) — see ClaimRepository.reserve.
 */
@Entity('claims')
@Check('ck_claims_status', `status IN ('reserved', 'redeemed', 'expired', 'cancelled', 'revoked')`)
@Check('ck_claims_code_kind', `code_kind IN ('generated', 'pool')`)
@Check('ck_claims_slot', `slot >= 0`)
@Check('ck_claims_redeemed', `(status = 'redeemed') = (redeemed_at IS NOT NULL)`)
// Generated codes are unique everywhere; a brand's pool codes are unique per brand (pool_codes).
@Index('uq_claims_code', ['code'], { unique: true, where: `code_kind = 'generated'` })
// The front desk's lookup: a brand finds exactly one claim per code it types.
@Index('uq_claims_brand_code', ['brandId', 'code'], { unique: true })
@Index('uq_claims_member_slot', ['campaignId', 'memberId', 'slot'], { unique: true, where: HOLDING })
// A claim sent with an Idempotency-Key is made once per key, even when its idempotency record
// was taken over after the first run's process died (ClaimService.claim).
@Index('uq_claims_request_key', ['campaignId', 'memberId', 'requestKey'], {
  unique: true,
  where: `request_key IS NOT NULL`,
})
@Index('ix_claims_member', ['memberId', 'reservedAt', 'id'])
@Index('ix_claims_campaign', ['campaignId', 'reservedAt', 'id'])
// The expiry sweep reads only open reservations, oldest deadline first.
@Index('ix_claims_due', ['expiresAt'], { where: `status = 'reserved'` })
export class Claim {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  campaignId: string;

  /** Copied from the campaign (never changes) so the desk's lookup is one index probe. */
  @Column('uuid')
  brandId: string;

  /** Null once the member erased their account: the brand keeps its counts, not the person. */
  @Column('uuid', { nullable: true })
  memberId: string | null;

  @Column('smallint')
  slot: number;

  /** SHA-256 (hex) of the Idempotency-Key the claim was sent with; null without one. */
  @Column('text', { nullable: true })
  requestKey: string | null;

  /** Normalised (no hyphens, upper case, O→0, I/L→1): what the desk's typing folds to. */
  @Column('varchar', { length: 64 })
  code: string;

  @Column('varchar', { length: 16 })
  codeKind: CodeKind;

  /** Stored; a `reserved` claim past `expiresAt` reads as expired before the sweep moves it. */
  @Column('varchar', { length: 16 })
  status: ClaimStatus;

  /** The member's published score when they claimed. */
  @Column('real')
  scoreAtClaim: number;

  @Column({ type: 'timestamptz', precision: 3 })
  reservedAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  redeemedAt: Date | null;

  /** When the unit went back to stock (cancelled, expired or revoked). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  releasedAt: Date | null;

  /** The post the member made about the perk. */
  @Column('varchar', { length: 2048, nullable: true })
  contentUrl: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  contentSubmittedAt: Date | null;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_claims_campaign' })
  campaign?: Campaign;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_claims_member' })
  member?: User;
}

/**
 * Every transition of a claim, with who made it and when. Append-only: a trigger refuses UPDATE
 * and DELETE, except an erasure clearing `actor_id`/`details` and a campaign deleted with its claims.
 */
@Entity('claim_events')
@Check(
  'ck_claim_events_type',
  `type IN ('reserved', 'redeemed', 'cancelled', 'expired', 'revoked', 'content_submitted')`,
)
@Check('ck_claim_events_actor_type', `actor_type IN ('member', 'brand_user', 'api_key', 'admin', 'system')`)
@Index('ix_claim_events_claim', ['claimId', 'id'])
@Index('ix_claim_events_actor', ['actorId'], { where: 'actor_id IS NOT NULL' })
export class ClaimEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  claimId: string;

  @Column('varchar', { length: 24 })
  type: ClaimEventType;

  @Column('varchar', { length: 16 })
  actorType: ClaimActorType;

  /** The user or API key that acted; null for the system (and after the actor's erasure). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;

  @ManyToOne(() => Claim, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_claim_events_claim' })
  claim?: Claim;
}
