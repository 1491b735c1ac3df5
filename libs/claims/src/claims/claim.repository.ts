import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IdempotencyTicket,
  pgConnection,
  pgPool,
  statementName,
  uuidv7,
  type CursorPosition,
} from '@perkrank/core';
import { formatCode } from '../codes';
import { CampaignStock, type PerkColumns, type PlaceColumns } from '@perkrank/campaigns';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { CampaignStatsResponse } from './claim.dto';
import { CLAIM_FACTS, type ClaimFactsRow } from './claim-events';
import type { ClaimActorType, ClaimStatus, CodeKind } from './claim-state';

/** A claim with what every view of it shows: the perk, the brand, the member's name and score. */
export interface ClaimRow extends PerkColumns, PlaceColumns {
  id: string;
  campaignId: string;
  brandId: string;
  memberId: string | null;
  code: string;
  codeKind: CodeKind;
  status: ClaimStatus;
  scoreAtClaim: number;
  reservedAt: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
  releasedAt: Date | null;
  contentUrl: string | null;
  contentSubmittedAt: Date | null;
  brandName: string;
  title: string;
  disclosureRequired: boolean;
  memberName: string | null;
  /** The member's published score now; null without one (no run yet, or consent withdrawn). */
  scoreNow: number | null;
}

/** What POST /v1/perks/:id/claims answers, straight from the statement that made the claim. */
export interface ReservedClaim {
  id: string;
  campaignId: string;
  brandId: string;
  memberId: string;
  /** Units left after this claim (0: it took the last one). */
  remaining: number;
  code: string;
  codeKind: CodeKind;
  status: ClaimStatus;
  scoreAtClaim: number;
  reservedAt: Date;
  expiresAt: Date;
}

export interface ReserveInput {
  claimId: string;
  campaignId: string;
  memberId: string;
  /** The campaign's per-member limit (fixed once the campaign was submitted). */
  perUser: number;
  now: Date;
  /** A generated code, or `pool` to take a free code of the campaign's pool. */
  code: { kind: 'generated'; code: string } | { kind: 'pool'; start: number };
  /** The hash of the request's Idempotency-Key (null without one): one claim per key. */
  requestKey: string | null;
}

export interface ClaimAtOnceInput {
  claimId: string;
  campaignId: string;
  memberId: string;
  now: Date;
  /** The code, should the campaign generate them. */
  code: string;
  /** Where to start looking for a free code, should the campaign hand out pool codes. */
  poolStart: number;
  requestKey: string | null;
  /** The request's Idempotency-Key, recorded with the answer by the statement when it makes the claim. */
  ticket?: IdempotencyTicket;
  /** The member's profile as eligibility compares it: keys made by campaigns' countryKey and cityKey. */
  member: {
    topics: readonly string[];
    countryKey: string | null;
    cityKey: string | null;
    networks: readonly string[];
  };
}

export type ReserveOutcome =
  | { kind: 'reserved'; claim: ReservedClaim }
  /** No row matched: not running, no stock, no score above the threshold, or no free slot. */
  | { kind: 'refused' }
  /** Another claim of the member took the slot this statement chose (they raced). */
  | { kind: 'slot_taken' }
  /** The generated code exists already (a 55-bit collision): draw another. */
  | { kind: 'code_taken' }
  /** The member has a claim of this campaign made with the same Idempotency-Key (an earlier run). */
  | { kind: 'request_taken' }
  /** Stock was left but no unused pool code. */
  | { kind: 'pool_empty' };

export interface ClaimEventRow {
  type: string;
  actorType: ClaimActorType;
  actorId: string | null;
  at: Date;
  details: unknown;
}

export interface Actor {
  type: ClaimActorType;
  id: string | null;
}

/** The claim counts of a campaign's stats, as the API names them (the units come from the campaign). */
export type CampaignClaimStats = Omit<CampaignStatsResponse, 'total' | 'remaining'>;

/** Holding claims: what the per-member limit counts. */
const HOLDING = `('reserved', 'redeemed')`;

const CLAIM_COLUMNS = `
  cl.id, cl.campaign_id AS "campaignId", cl.brand_id AS "brandId", cl.member_id AS "memberId", cl.code,
  cl.code_kind AS "codeKind", cl.status, cl.score_at_claim AS "scoreAtClaim", cl.reserved_at AS "reservedAt",
  cl.expires_at AS "expiresAt", cl.redeemed_at AS "redeemedAt", cl.released_at AS "releasedAt",
  cl.content_url AS "contentUrl", cl.content_submitted_at AS "contentSubmittedAt", b.name AS "brandName",
  c.title, c.perk_type AS "perkType", c.perk_terms AS "perkTerms", c.perk_value_minor AS "perkValueMinor",
  c.perk_currency AS "perkCurrency", c.disclosure_required AS "disclosureRequired",
  c.location_venue_name AS "venueName", c.location_city AS "city", c.location_country AS "country",
  c.location_address AS "address", u.display_name AS "memberName", s.score AS "scoreNow"`;

const CLAIM_FROM = `
  FROM claims cl
  JOIN campaigns_v c ON c.id = cl.campaign_id
  JOIN brands_v b ON b.id = cl.brand_id
  LEFT JOIN member_profiles_v u ON u.id = cl.member_id
  LEFT JOIN published_scores_v s ON s.user_id = cl.member_id`;

const RESERVED_COLUMNS = `id, campaign_id AS "campaignId", brand_id AS "brandId", member_id AS "memberId", code, code_kind AS "codeKind", status,
  score_at_claim AS "scoreAtClaim", reserved_at AS "reservedAt", expires_at AS "expiresAt"`;

/**
 * The CTEs `p` (a free pool code, locked) and `pc` (the code taken for claim $1) of campaign $2:
 * from a random point $6 of the campaign's free-code index, wrapping around once; SKIP LOCKED
 * passes codes another transaction is taking. `when` is the condition for reading one at all
 * (stock was taken, from the CTE `u`).
 */
function poolCodeCtes(when: string): string {
  return `p AS (
  SELECT COALESCE(
    (SELECT id FROM pool_codes WHERE campaign_id = $2 AND claim_id IS NULL AND pick >= $6
      ORDER BY pick LIMIT 1 FOR UPDATE SKIP LOCKED),
    (SELECT id FROM pool_codes WHERE campaign_id = $2 AND claim_id IS NULL AND pick < $6
      ORDER BY pick LIMIT 1 FOR UPDATE SKIP LOCKED)) AS id
   WHERE ${when}
),
pc AS (
  UPDATE pool_codes SET claim_id = $1 FROM p WHERE pool_codes.id = p.id RETURNING pool_codes.code
)`;
}

/**
 * The claim in one statement (docs/architecture.md "The claim: one statement on one hot row"): the
 * campaign's stock is decremented by a conditional UPDATE and the claim inserted from its
 * RETURNING, so stock and claims can never disagree and there is no read-then-write window. The
 * UPDATE's WHERE re-checks, under the campaign row's lock, everything a claim needs: running,
 * funded, in its window, stock left, a published score at or above the threshold, and a free
 * per-member slot.
 *
 * The per-member limit: each holding claim takes a slot in [0, perUser) and `uq_claims_member_slot`
 * is unique over (campaign, member, slot) for holding claims. The slot is the smallest free one as of
 * the statement's snapshot; a racing claim of the same member that committed meanwhile makes the
 * insert fail on the index (slot_taken), never succeed twice. Cancelled or expired claims leave
 * the index, so their slot is free again.
 *
 * A claim sent with an Idempotency-Key carries its hash (`request_key`), unique per campaign and
 * member (`uq_claims_request_key`): a request run again after its idempotency record was taken over
 * (docs/api.md "Idempotency") can never make a second claim; it fails on the index
 * (request_taken) and answers with the first run's claim.
 */
function reserveSql(pool: boolean): string {
  return `
WITH slot AS (
  SELECT min(s)::int AS n
    FROM generate_series(0, $4::int - 1) AS s
   WHERE NOT EXISTS (SELECT 1 FROM claims h
                      WHERE h.campaign_id = $2 AND h.member_id = $3 AND h.slot = s AND h.status IN ${HOLDING})
),
-- The published score (only while the member consents, as in the perk feed).
score AS (SELECT s.score FROM published_scores_v s WHERE s.user_id = $3),
u AS (
  UPDATE campaigns c SET inventory_remaining = c.inventory_remaining - 1
   WHERE c.id = $2 AND c.status = 'approved' AND c.funding_status IN ('not_required', 'funded')
     AND c.starts_at <= $5 AND c.ends_at > $5 AND c.inventory_remaining > 0
     AND (SELECT n FROM slot) IS NOT NULL
     AND (SELECT score FROM score) >= c.min_score
  RETURNING c.id, c.brand_id, c.claim_ttl_hours, c.inventory_remaining
),${
    pool
      ? `
${poolCodeCtes('EXISTS (SELECT 1 FROM u)')},`
      : ''
  }
ins AS (
  -- Without a pool code the code is NULL and the NOT NULL constraint undoes the whole statement.
  INSERT INTO claims (id, campaign_id, brand_id, member_id, slot, code, code_kind, status, score_at_claim,
                      reserved_at, expires_at, request_key)
  SELECT $1, u.id, u.brand_id, $3, (SELECT n FROM slot), ${pool ? '(SELECT code FROM pc)' : '$6'},
         '${pool ? 'pool' : 'generated'}', 'reserved', (SELECT score FROM score), $5,
         $5::timestamptz + make_interval(hours => u.claim_ttl_hours), $7::text
    FROM u
  RETURNING ${RESERVED_COLUMNS}
),
ev AS (
  INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at)
  SELECT id, 'reserved', 'member', $3, $5 FROM ins
)
SELECT ins.*, (SELECT inventory_remaining FROM u) AS remaining FROM ins`;
}

/** An instant as JSON carries it in JavaScript (`Date#toJSON`): UTC, milliseconds, `Z`. */
const isoJson = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The whole claim in one statement, run on its own (autocommit: no BEGIN, no COMMIT round trip,
 * the campaign row's lock held only while the statement runs and commits). The reserve statement
 * above, plus what a claim needs decided and written with it:
 *
 * - eligibility, the SQL twin of checkEligibility as the perk feed filters it (score threshold,
 *   window, stock, topics, location, networks), with the member's profile as the access check read
 *   it (FEED_MEMBER_READ); it is never looser than checkEligibility, so a claim it takes the rules
 *   allow, and a claim it refuses goes the explaining way (ClaimService), which decides for itself;
 * - the per-member slot, with the limit read under the row's lock from the campaign itself;
 * - a generated code or a pool code, as the campaign's `codes_mode` says;
 * - the rows `claim.created` makes (notifications' NotificationHandlers.onClaimCreated): the
 *   member's confirmation mail and, for each enabled endpoint of the brand subscribed to it, the
 *   webhook event and its delivery; and when it took the last unit those of `campaign.sold_out`
 *   (onSoldOut: the mail to the brand's owner and managers, the webhook with the campaign as it
 *   is now). It writes notifications' tables, one of the allowed cross-context statements
 *   (docs/architecture.md): as events published in a transaction they cost a BEGIN, two or five
 *   statements and a COMMIT, while the crowd queues on the row lock. Their contents are pinned
 *   against the handlers' by test/claims/claim-outbox.e2e-spec.ts.
 *
 * No row: refused (the caller explains why). A unique or not-null violation (slot, code, request
 * key, empty pool, a record of the Idempotency-Key) or a deadlock undoes the whole statement, and
 * the caller takes the explaining way too. With an Idempotency-Key the statement also records it as
 * completed with the answer (IdempotencyTicket): the claim and its answer are kept together or not
 * at all.
 */
const CLAIM_AT_ONCE = `
WITH slot AS (
  -- The smallest free slot: among 0..(slots held), one is free. The limit is checked in u.
  SELECT min(s)::int AS n
    FROM generate_series(0, (SELECT count(*)::int FROM claims h
                              WHERE h.campaign_id = $2 AND h.member_id = $3 AND h.status IN ${HOLDING})) AS s
   WHERE NOT EXISTS (SELECT 1 FROM claims h
                      WHERE h.campaign_id = $2 AND h.member_id = $3 AND h.slot = s AND h.status IN ${HOLDING})
),
score AS (SELECT s.score FROM published_scores_v s WHERE s.user_id = $3),
u AS (
  UPDATE campaigns c SET inventory_remaining = c.inventory_remaining - 1
   WHERE c.id = $2 AND c.status = 'approved' AND c.funding_status IN ('not_required', 'funded')
     AND c.starts_at <= $4 AND c.ends_at > $4 AND c.inventory_remaining > 0
     AND (SELECT n FROM slot) < c.inventory_per_user
     AND (SELECT score FROM score) >= c.min_score
     AND (c.topics = '{}' OR c.topics && $8::text[])
     AND (c.countries = '{}' OR c.countries @> ARRAY[$9::text])
     AND (c.cities = '{}' OR c.city_keys @> ARRAY[$10::text])
     AND (c.networks = '{}' OR c.networks && $11::text[])
  RETURNING c.id, c.brand_id, c.claim_ttl_hours, c.codes_mode, c.inventory_remaining, c.inventory_total, c.title,
            c.status, c.moderation_notes, c.moderation_reason, c.starts_at, c.ends_at
),
${poolCodeCtes("EXISTS (SELECT 1 FROM u WHERE u.codes_mode = 'pool')")},
ins AS (
  -- A pool campaign without a free code inserts a NULL code: the NOT NULL constraint undoes it all.
  INSERT INTO claims (id, campaign_id, brand_id, member_id, slot, code, code_kind, status, score_at_claim,
                      reserved_at, expires_at, request_key)
  SELECT $1, u.id, u.brand_id, $3, (SELECT n FROM slot),
         CASE WHEN u.codes_mode = 'pool' THEN (SELECT code FROM pc) ELSE $5 END, u.codes_mode, 'reserved',
         (SELECT score FROM score), $4, $4::timestamptz + make_interval(hours => u.claim_ttl_hours), $7::text
    FROM u
  RETURNING ${RESERVED_COLUMNS}
),
ev AS (
  INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at)
  SELECT id, 'reserved', 'member', $3, $4 FROM ins
),
confirmation AS (
  INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
  SELECT $13, 'claim_confirmation', m.id,
         jsonb_build_object('claimId', ins.id, 'campaignId', ins."campaignId", 'code', ins.code,
                            'codeKind', ins."codeKind", 'expiresAt', ${isoJson('ins."expiresAt"')}),
         'queued', $4, $4
    FROM ins JOIN member_profiles_v m ON m.id = ins."memberId"
),
created_ep AS (
  SELECT e.id FROM webhook_endpoints e JOIN u ON e.brand_id = u.brand_id
   WHERE e.status = 'enabled' AND 'claim.created' = ANY(e.events)
),
created_ev AS (
  INSERT INTO webhook_events (id, brand_id, type, data, created_at)
  SELECT $14, ins."brandId", 'claim.created',
         jsonb_build_object('id', ins.id, 'object', 'claim', 'campaignId', ins."campaignId", 'brandId', ins."brandId",
                            'code', CASE WHEN ins."codeKind" = 'generated' THEN $12 ELSE ins.code END,
                            'status', ins.status, 'reservedAt', ${isoJson('ins."reservedAt"')},
                            'expiresAt', ${isoJson('ins."expiresAt"')}, 'redeemedAt', NULL, 'releasedAt', NULL,
                            'contentUrl', NULL),
         $4
    FROM ins WHERE EXISTS (SELECT 1 FROM created_ep)
  RETURNING id
),
created_del AS (
  INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
  SELECT gen_random_uuid(), created_ep.id, created_ev.id, 'pending', 0, $4, $4 FROM created_ep, created_ev
),
-- The last unit: campaign.sold_out's rows, the campaign as the UPDATE left it.
sold_out AS (SELECT u.* FROM u, ins WHERE u.inventory_remaining = 0),
sold_out_mail AS (
  INSERT INTO mail_outbox (id, kind, user_id, params, status, next_attempt_at, created_at)
  SELECT gen_random_uuid(), 'campaign_sold_out', m.user_id,
         jsonb_build_object('campaignId', sold_out.id, 'brandId', sold_out.brand_id), 'queued', $4, $4
    FROM sold_out JOIN brand_members_v m ON m.brand_id = sold_out.brand_id AND m.role IN ('owner', 'manager')
),
sold_out_ep AS (
  SELECT e.id FROM webhook_endpoints e JOIN sold_out ON e.brand_id = sold_out.brand_id
   WHERE e.status = 'enabled' AND 'campaign.sold_out' = ANY(e.events)
),
sold_out_ev AS (
  INSERT INTO webhook_events (id, brand_id, type, data, created_at)
  SELECT $15, sold_out.brand_id, 'campaign.sold_out',
         jsonb_build_object('id', sold_out.id, 'object', 'campaign', 'brandId', sold_out.brand_id,
                            'title', sold_out.title, 'status', sold_out.status,
                            'moderationNotes', sold_out.moderation_notes,
                            'moderationReason', sold_out.moderation_reason,
                            'startsAt', ${isoJson('sold_out.starts_at')}, 'endsAt', ${isoJson('sold_out.ends_at')},
                            'inventoryTotal', sold_out.inventory_total,
                            'inventoryRemaining', sold_out.inventory_remaining),
         $4
    FROM sold_out WHERE EXISTS (SELECT 1 FROM sold_out_ep)
  RETURNING id
),
sold_out_del AS (
  INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
  SELECT gen_random_uuid(), sold_out_ep.id, sold_out_ev.id, 'pending', 0, $4, $4 FROM sold_out_ep, sold_out_ev
),
-- With an Idempotency-Key: the key, recorded as completed with the answer (createdView's JSON).
answer AS (
  ${IdempotencyTicket.recordSql(
    16,
    '$4',
    'ins',
    `jsonb_build_object('id', ins.id, 'campaignId', ins."campaignId",
                        'code', CASE WHEN ins."codeKind" = 'generated' THEN $12 ELSE ins.code END,
                        'status', CASE WHEN ins.status = 'reserved' AND NOT ($4 < ins."expiresAt") THEN 'expired'
                                       ELSE ins.status END,
                        'reservedAt', ${isoJson('ins."reservedAt"')}, 'expiresAt', ${isoJson('ins."expiresAt"')},
                        'scoreAtClaim', ins."scoreAtClaim")`,
  )}
)
SELECT ins.*, (SELECT inventory_remaining FROM u) AS remaining FROM ins`;

const RESERVE_GENERATED = reserveSql(false);
const RESERVE_POOL = reserveSql(true);

function pgError(error: unknown): { code?: string; constraint?: string } | undefined {
  if (error instanceof QueryFailedError) return error.driverError as { code?: string; constraint?: string };
  // Straight from pg (the prepared claim statement): a DatabaseError carries the same fields.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string')
    return error as { code?: string; constraint?: string };
  return undefined;
}

/** Units per campaign of the claims given (what their release gives back). */
function unitsByCampaign(
  claims: ReadonlyArray<{ campaignId: string }>,
): Array<{ campaignId: string; units: number }> {
  const units = new Map<string, number>();
  for (const { campaignId } of claims) units.set(campaignId, (units.get(campaignId) ?? 0) + 1);
  return [...units].sort(([a], [b]) => (a < b ? -1 : 1)).map(([campaignId, n]) => ({ campaignId, units: n }));
}

/**
 * Claims, their events and the campaign stock they move. Every change of a claim is one statement;
 * the units a released claim gives back go to campaigns' CampaignStock in the same transaction.
 */
@Injectable()
export class ClaimRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stock: CampaignStock,
  ) {}

  /** Runs `work` in one transaction: a change and the events it publishes commit together. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.retryDeadlock(() => this.db.transaction(work));
  }

  /**
   * Reserves a unit, in the caller's transaction when `manager` is given (its connection runs the
   * prepared statement). A failed statement aborts that transaction: the caller rolls it back on
   * any outcome but `reserved`.
   */
  async reserve(input: ReserveInput, manager?: EntityManager): Promise<ReserveOutcome> {
    const { code } = input;
    const params = [
      input.claimId,
      input.campaignId,
      input.memberId,
      input.perUser,
      input.now,
      code.kind === 'generated' ? code.code : code.start,
      input.requestKey,
    ];
    try {
      // A named (prepared) statement: pg parses and plans it once per connection instead of on
      // every claim, which is most of a claim's database time when a crowd arrives (unless a
      // transaction-mode pooler that does not track prepared statements sits in between).
      const client = manager ? pgConnection(manager) : pgPool(this.db);
      const { rows } = await client.query<ReservedClaim>({
        name: statementName(
          this.db,
          code.kind === 'generated' ? 'claims_reserve_generated' : 'claims_reserve_pool',
        ),
        text: code.kind === 'generated' ? RESERVE_GENERATED : RESERVE_POOL,
        values: params,
      });
      const claim = rows[0];
      return claim ? { kind: 'reserved', claim } : { kind: 'refused' };
    } catch (error) {
      const pg = pgError(error);
      if (pg?.code === '23505' && pg.constraint === 'uq_claims_member_slot') return { kind: 'slot_taken' };
      if (pg?.code === '23505' && pg.constraint === 'uq_claims_request_key') return { kind: 'request_taken' };
      if (
        pg?.code === '23505' &&
        (pg.constraint === 'uq_claims_code' || pg.constraint === 'uq_claims_brand_code')
      )
        return { kind: 'code_taken' };
      if (pg?.code === '23502' && code.kind === 'pool') return { kind: 'pool_empty' };
      throw error;
    }
  }

  /**
   * The claim in one statement on its own (CLAIM_AT_ONCE): the claim it made, or undefined when it
   * made none — refused, or undone by a unique or not-null violation — and the caller explains.
   */
  async claimAtOnce(input: ClaimAtOnceInput): Promise<ReservedClaim | undefined> {
    const { member } = input;
    try {
      const { rows } = await pgPool(this.db).query<ReservedClaim>({
        name: statementName(this.db, 'claims_claim_at_once'),
        text: CLAIM_AT_ONCE,
        values: [
          input.claimId,
          input.campaignId,
          input.memberId,
          input.now,
          input.code,
          input.poolStart,
          input.requestKey,
          member.topics,
          member.countryKey,
          member.cityKey,
          member.networks,
          formatCode(input.code),
          uuidv7(),
          uuidv7(),
          uuidv7(),
          ...IdempotencyTicket.values(input.ticket),
        ],
      });
      return rows[0];
    } catch (error) {
      const pg = pgError(error);
      // A unique or not-null violation, or a deadlock (the explaining way's transaction retries those).
      if (pg?.code === '23505' || pg?.code === '23502' || pg?.code === '40P01') return undefined;
      throw error;
    }
  }

  /** The member's claim of the campaign made by a request with this Idempotency-Key hash, if any. */
  async findByRequestKey(
    campaignId: string,
    memberId: string,
    requestKey: string,
  ): Promise<Omit<ReservedClaim, 'remaining'> | undefined> {
    const rows: Array<Omit<ReservedClaim, 'remaining'>> = await this.db.query(
      `SELECT ${RESERVED_COLUMNS} FROM claims WHERE campaign_id = $1 AND member_id = $2 AND request_key = $3`,
      [campaignId, memberId, requestKey],
    );
    return rows[0];
  }

  /** How many units of the campaign the member holds (reserved or redeemed claims). */
  async holdingCount(campaignId: string, memberId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM claims WHERE campaign_id = $1 AND member_id = $2 AND status IN ${HOLDING}`,
      [campaignId, memberId],
    );
    return rows[0]?.n ?? 0;
  }

  async findForMember(id: string, memberId: string): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] = await this.db.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM} WHERE cl.id = $1 AND cl.member_id = $2`,
      [id, memberId],
    );
    return rows[0];
  }

  /** The member's claims, newest first; `limit + 1` rows so the caller knows whether more exist. */
  listForMember(memberId: string, limit: number, after: CursorPosition | undefined): Promise<ClaimRow[]> {
    const params: unknown[] = [memberId, limit + 1];
    const keyset = after ? `AND (cl.reserved_at, cl.id) < ($3::timestamptz, $4::uuid)` : '';
    if (after) params.push(after.at, after.id);
    return this.db.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM}
        WHERE cl.member_id = $1 ${keyset}
        ORDER BY cl.reserved_at DESC, cl.id DESC LIMIT $2`,
      params,
    );
  }

  /** The claim a brand's front desk asked for, by code or (QR token) by id; only the brand's own. */
  async findForBrand(
    brandId: string,
    by: { code: string; kind?: CodeKind } | { id: string },
  ): Promise<ClaimRow | undefined> {
    const rows: ClaimRow[] =
      'id' in by
        ? await this.db.query(`SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM} WHERE cl.brand_id = $1 AND cl.id = $2`, [
            brandId,
            by.id,
          ])
        : await this.db.query(
            `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM}
              WHERE cl.brand_id = $1 AND cl.code = $2 ${by.kind ? 'AND cl.code_kind = $3' : ''}`,
            by.kind ? [brandId, by.code, by.kind] : [brandId, by.code],
          );
    return rows[0];
  }

  /** A campaign's claims for its brand, newest first, optionally in one stored status. */
  listForCampaign(
    campaignId: string,
    limit: number,
    after: CursorPosition | undefined,
    status: ClaimStatus | undefined,
  ): Promise<ClaimRow[]> {
    const params: unknown[] = [campaignId, limit + 1];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const where = ['cl.campaign_id = $1'];
    if (status) where.push(`cl.status = ${p(status)}`);
    if (after) where.push(`(cl.reserved_at, cl.id) < (${p(after.at)}::timestamptz, ${p(after.id)}::uuid)`);
    return this.db.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM}
        WHERE ${where.join(' AND ')}
        ORDER BY cl.reserved_at DESC, cl.id DESC LIMIT $2`,
      params,
    );
  }

  /** Counts by status as of `now`: an overdue reservation counts as expired before the sweep. */
  async stats(campaignId: string, now: Date): Promise<CampaignClaimStats> {
    const rows: CampaignClaimStats[] = await this.db.query(
      `SELECT count(*)::int AS claimed,
              count(*) FILTER (WHERE status = 'reserved' AND expires_at > $2)::int AS reserved,
              count(*) FILTER (WHERE status = 'redeemed')::int AS redeemed,
              count(*) FILTER (WHERE status = 'expired' OR (status = 'reserved' AND expires_at <= $2))::int AS expired,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status = 'revoked')::int AS revoked,
              count(*) FILTER (WHERE content_url IS NOT NULL)::int AS "contentSubmitted"
         FROM claims WHERE campaign_id = $1`,
      [campaignId, now],
    );
    return rows[0];
  }

  /**
   * Cancels the member's open reservation and returns its unit, in one statement; false when it is
   * no longer open (redeemed, expired, …) — the caller reads it again to say why.
   */
  async cancel(
    id: string,
    memberId: string,
    now: Date,
    manager: EntityManager,
  ): Promise<ClaimFactsRow | undefined> {
    const claim = await this.changeOne(
      manager,
      {
        set: `status = 'cancelled', released_at = $3`,
        where: `id = $1 AND member_id = $2 AND status = 'reserved' AND expires_at > $3`,
        event: `'cancelled', 'member', $2, $3, NULL`,
      },
      [id, memberId, now],
    );
    if (claim) await this.stock.release(manager, [{ campaignId: claim.campaignId, units: 1 }]);
    return claim;
  }

  /** Redeems an open reservation of the brand; false when it is no longer open (two desks raced). */
  async redeem(
    id: string,
    brandId: string,
    now: Date,
    actor: Actor,
    manager: EntityManager,
  ): Promise<ClaimFactsRow | undefined> {
    return this.changeOne(
      manager,
      {
        set: `status = 'redeemed', redeemed_at = $3`,
        where: `id = $1 AND brand_id = $2 AND status = 'reserved' AND expires_at > $3`,
        event: `'redeemed', $4, $5, $3, NULL`,
      },
      [id, brandId, now, actor.type, actor.id],
    );
  }

  /** Records the member's post about a redeemed perk (the latest URL wins; each is an event). */
  async submitContent(
    id: string,
    memberId: string,
    url: string,
    now: Date,
    manager: EntityManager,
  ): Promise<ClaimFactsRow | undefined> {
    return this.changeOne(
      manager,
      {
        set: `content_url = $3, content_submitted_at = $4`,
        where: `id = $1 AND member_id = $2 AND status = 'redeemed'`,
        event: `'content_submitted', 'member', $2, $4, jsonb_build_object('url', $3::text)`,
      },
      [id, memberId, url, now],
    );
  }

  /**
   * Expires up to `batch` overdue reservations and returns their units, in one statement. Rows a
   * desk or a member is changing right now are skipped (SKIP LOCKED) and re-checked next run.
   */
  async expireDue(now: Date, batch: number, manager: EntityManager): Promise<ClaimFactsRow[]> {
    const expired: ClaimFactsRow[] = await manager.query(
      `WITH due AS (
           SELECT id AS due_id FROM claims WHERE status = 'reserved' AND expires_at <= $1
            ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ),
         x AS (
           UPDATE claims SET status = 'expired', released_at = $1 FROM due
            WHERE claims.id = due.due_id AND claims.status = 'reserved'
           RETURNING ${CLAIM_FACTS}, id
         ),
         ev AS (
           INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at)
           SELECT id, 'expired', 'system', NULL, $1 FROM x
         )
         SELECT * FROM x`,
      [now, batch],
    );
    await this.stock.release(manager, unitsByCampaign(expired));
    return expired;
  }

  /**
   * Revokes the campaign's open reservations and returns their units, in the caller's transaction
   * (the one that removed the campaign). Overdue ones are left to the expiry sweep, which keeps the
   * two from ever locking the same rows.
   */
  async revokeOpen(
    campaignId: string,
    now: Date,
    actor: Actor,
    reason: string,
    manager: EntityManager,
  ): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH r AS (
         UPDATE claims SET status = 'revoked', released_at = $2
          WHERE campaign_id = $1 AND status = 'reserved' AND expires_at > $2
         RETURNING id
       ),
       ev AS (
         INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at, details)
         SELECT id, 'revoked', $3, $4, $2, jsonb_build_object('reason', $5::text) FROM r
       )
       SELECT count(*)::int AS n FROM r`,
      [campaignId, now, actor.type, actor.id, reason],
    );
    const n = rows[0]?.n ?? 0;
    await this.stock.release(manager, [{ campaignId, units: n }]);
    return n;
  }

  /** A claim's events, oldest first. */
  events(claimId: string): Promise<ClaimEventRow[]> {
    return this.db.query(
      `SELECT type, actor_type AS "actorType", actor_id AS "actorId", at, details
         FROM claim_events WHERE claim_id = $1 ORDER BY id`,
      [claimId],
    );
  }

  /** Every claim of the member with its events (the export of personal data). */
  async exportFor(memberId: string): Promise<Array<ClaimRow & { events: ClaimEventRow[] }>> {
    const claims: ClaimRow[] = await this.db.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM} WHERE cl.member_id = $1 ORDER BY cl.reserved_at, cl.id`,
      [memberId],
    );
    return Promise.all(claims.map(async (claim) => ({ ...claim, events: await this.events(claim.id) })));
  }

  /**
   * Erasure: the member's open reservations are cancelled (units back), then their claims keep
   * only what the brand's counts need — no member, no post URL — and every event loses the actor
   * and details that point at them (the trigger allows exactly that, in a declared redaction).
   */
  async eraseMember(memberId: string, now: Date, manager: EntityManager): Promise<void> {
    const cancelled: Array<{ campaignId: string }> = await manager.query(
      `WITH x AS (
         UPDATE claims SET status = 'cancelled', released_at = $2
          WHERE member_id = $1 AND status = 'reserved'
         RETURNING id, campaign_id
       ),
       ev AS (
         INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at, details)
         SELECT id, 'cancelled', 'system', NULL, $2, '{"reason": "member_erased"}'::jsonb FROM x
       )
       SELECT campaign_id AS "campaignId" FROM x`,
      [memberId, now],
    );
    await this.stock.release(manager, unitsByCampaign(cancelled));
    await manager.query(`SELECT set_config('perkrank.claim_events_redaction', 'on', true)`);
    await manager.query(
      `UPDATE claim_events SET actor_id = NULL, details = NULL
        WHERE actor_id = $1 OR (type = 'content_submitted' AND claim_id IN (SELECT id FROM claims WHERE member_id = $1))`,
      [memberId],
    );
    await manager.query(
      `UPDATE claims SET member_id = NULL, content_url = NULL, content_submitted_at = NULL, request_key = NULL
        WHERE member_id = $1`,
      [memberId],
    );
  }

  /** Clears a brand user's or API key's id from the events they made (their erasure). */
  async redactActor(actorId: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT set_config('perkrank.claim_events_redaction', 'on', true)`);
    await manager.query(`UPDATE claim_events SET actor_id = NULL WHERE actor_id = $1`, [actorId]);
  }

  /** Deadlocks can only come from a campaign's removal racing a cancel or a sweep; retry the transaction. */
  /**
   * One claim's conditional change and its event, in one statement: the changed claim, or
   * undefined when the condition no longer holds (nothing changed, no event). `event` is the
   * SQL for the event's type, actor type, actor id, time and details, in that order.
   */
  private async changeOne(
    manager: EntityManager,
    change: { set: string; where: string; event: string },
    params: unknown[],
  ): Promise<ClaimFactsRow | undefined> {
    const rows: ClaimFactsRow[] = await manager.query(
      `WITH x AS (
         UPDATE claims SET ${change.set} WHERE ${change.where}
         RETURNING ${CLAIM_FACTS}, id
       ),
       ev AS (
         INSERT INTO claim_events (claim_id, type, actor_type, actor_id, at, details)
         SELECT id, ${change.event} FROM x
       )
       SELECT * FROM x`,
      params,
    );
    return rows[0];
  }

  private async retryDeadlock<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= 3 || pgError(error)?.code !== '40P01') throw error;
      }
    }
  }
}
