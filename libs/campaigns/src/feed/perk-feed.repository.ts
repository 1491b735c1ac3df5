import { Injectable } from '@nestjs/common';
import { type CursorPosition, pgPool, ReadReplica, statementName } from '@perkrank/core';
import { createHash } from 'node:crypto';
import type { SessionRead } from '@perkrank/identity';
import type { PerkType } from '../campaigns/campaign.entity';
import type { PerkResponse } from './perk.dto';
import type { PerkColumns, PlaceColumns } from './perk-view';
import { FEED_CLOCK_SQL } from './live-campaigns';

/** What eligibility needs to know about the caller, read in one statement. */
export interface MemberProfileRow {
  score: number | null;
  topics: string[];
  country: string | null;
  city: string | null;
  networks: string[];
}

/** A live campaign as the feed reads it: the response's own fields, plus the flat perk and venue columns. */
export interface PerkRow
  extends
    Omit<PerkResponse, 'brand' | 'perk' | 'location' | 'eligible' | 'reasons'>,
    PerkColumns<PerkType>,
    PlaceColumns {
  brandId: string;
  brandName: string;
  approvedAt: Date;
}

/**
 * memberProfile's row, read by the access check in its own statement (identity's SessionRead) on
 * the feed's routes: `u` is the caller's users row; everything else comes through the owners'
 * read models, as in memberProfile.
 */
export const FEED_MEMBER_READ: SessionRead = {
  name: 'feed_member',
  // The profile's three columns come in one JSON array: one lookup, and JSON parses faster than
  // Postgres arrays do.
  columns: `(SELECT s.score FROM published_scores_v s WHERE s.user_id = u.id) AS "feedScore",
              (SELECT json_build_array(p.topics, p.country, p.city) FROM member_profiles_v p
                WHERE p.id = u.id) AS "feedProfile",
              ARRAY(SELECT DISTINCT a.network FROM verified_social_accounts_v a
                     WHERE a.user_id = u.id) AS "feedNetworks",
              ${FEED_CLOCK_SQL} AS "feedClock"`,
};

/** FEED_MEMBER_READ's columns as MemberProfileRow (undefined when the caller has no profile). */
export function feedMemberOf(read: Record<string, unknown>): MemberProfileRow | undefined {
  const profile = read.feedProfile as [string[] | null, string | null, string | null] | null | undefined;
  if (profile === null || profile === undefined || profile[0] === null) return undefined;
  return {
    score: read.feedScore as number | null,
    topics: profile[0],
    country: profile[1],
    city: profile[2],
    networks: read.feedNetworks as string[],
  };
}

/** The caller as eligibility sees them; keys already normalised by the same functions as campaigns'. */
export interface FeedMember {
  score: number | null;
  topics: readonly string[];
  countryKey: string | null;
  cityKey: string | null;
  networks: readonly string[];
}

export interface FeedQuery {
  now: Date;
  member: FeedMember;
  /** false: only what the member can claim right now; true: every live campaign still running. */
  includeLocked: boolean;
  topic?: string;
  countryKey?: string;
  cityKey?: string;
  after?: CursorPosition;
  /** Rows to fetch (page size + 1). */
  take: number;
}

const PERK_COLUMNS = `
  c.id, c.title, c.description, c.brand_id AS "brandId", b.name AS "brandName",
  c.perk_type AS "perkType", c.perk_terms AS "perkTerms", c.perk_value_minor AS "perkValueMinor",
  c.perk_currency AS "perkCurrency", c.min_score AS "minScore", c.topics, c.networks, c.countries, c.cities,
  c.inventory_remaining AS "remaining", c.inventory_per_user AS "perUser", c.starts_at AS "startsAt",
  c.ends_at AS "endsAt", c.claim_ttl_hours AS "claimTtlHours", c.location_venue_name AS "venueName",
  c.location_city AS "city", c.location_country AS "country", c.location_address AS "address",
  c.disclosure_required AS "disclosureRequired", c.approved_at AS "approvedAt"`;

/**
 * A FeedHit's columns. `xmin` (the transaction that wrote the row version) changes with every
 * write to the campaign, claims included; the brand's name is read as it is now, being another
 * table's.
 */
const HIT_COLUMNS = `c.id, c.xmin::text AS version, b.name AS "brandName", c.inventory_remaining AS "remaining"`;

/** One campaign of a feed page, as feedHits reads it. */
export interface FeedHit {
  id: string;
  /** The campaign row's version (its xmin): equal versions of one campaign hold equal columns. */
  version: string;
  brandName: string;
  remaining: number;
}

export type VersionedPerkRow = PerkRow & { version: string };

/**
 * Published = approved and funded (or funding not required), the SQL twin of isClaimable's first
 * two conditions. `status = 'approved'` stays a literal so the planner can use the partial indexes.
 */
const PUBLISHED = `c.status = 'approved' AND c.funding_status IN ('not_required', 'funded')`;

/** The feed statement's name per text (its shapes are few: which filters are on). */
const FEED_STATEMENTS = new Map<string, string>();

/** The feed statement over `columns`: its text (one per shape of the query) and its values. */
export function feedStatement(columns: string, query: FeedQuery): { text: string; values: unknown[] } {
  const params: unknown[] = [query.now];
  const p = (value: unknown): string => `$${params.push(value)}`;
  const where = [PUBLISHED, 'c.ends_at > $1'];
  if (!query.includeLocked) {
    const { member } = query;
    where.push('c.starts_at <= $1', 'c.inventory_remaining > 0', `c.min_score <= ${p(member.score)}`);
    where.push(`(c.topics = '{}' OR c.topics && ${p(member.topics)}::text[])`);
    where.push(
      member.countryKey === null
        ? `c.countries = '{}'`
        : `(c.countries = '{}' OR c.countries @> ARRAY[${p(member.countryKey)}]::text[])`,
    );
    where.push(
      member.cityKey === null
        ? `c.city_keys = '{}'`
        : `(c.city_keys = '{}' OR c.city_keys @> ARRAY[${p(member.cityKey)}]::text[])`,
    );
    where.push(`(c.networks = '{}' OR c.networks && ${p(member.networks)}::text[])`);
  }
  // Filters name a place or a topic the perk is for: its targeting or, for places, its venue.
  if (query.topic !== undefined) where.push(`c.topics @> ARRAY[${p(query.topic)}]::text[]`);
  if (query.countryKey !== undefined) {
    const country = p(query.countryKey);
    where.push(`(c.countries @> ARRAY[${country}]::text[] OR c.location_country = ${country})`);
  }
  if (query.cityKey !== undefined) {
    const city = p(query.cityKey);
    where.push(`(c.city_keys @> ARRAY[${city}]::text[] OR c.location_city_key = ${city})`);
  }
  if (query.after) {
    where.push(`(c.approved_at, c.id) < (${p(query.after.at)}::timestamptz, ${p(query.after.id)}::uuid)`);
  }
  const text = `SELECT ${columns}
       FROM campaigns c JOIN brands_v b ON b.id = c.brand_id
      WHERE ${where.join('\n          AND ')}
      ORDER BY c.approved_at DESC, c.id DESC
      LIMIT ${p(query.take)}`;
  return { text, values: params };
}

/**
 * The perk feed's reads. Eligibility is filtered here, in SQL over the partial indexes on live
 * campaigns, so a page costs the same with ten campaigns or a hundred thousand; the pure
 * checkEligibility then explains each row (and must agree with this filter — tests check both).
 * Every read here tolerates lag (a claim re-checks everything on the primary), so they go to the
 * read replica when there is one.
 */
@Injectable()
export class PerkFeedRepository {
  constructor(private readonly db: ReadReplica) {}

  /**
   * The member through the owners' read models: identity's profile, scores' published score (it
   * counts only while the member consents: `published_scores_v`), social's verified networks.
   */
  async memberProfile(userId: string): Promise<MemberProfileRow | undefined> {
    const rows: MemberProfileRow[] = await this.db.query(
      `SELECT s.score, u.topics, u.country, u.city,
              ARRAY(SELECT DISTINCT a.network FROM verified_social_accounts_v a
                     WHERE a.user_id = u.id) AS networks
         FROM member_profiles_v u LEFT JOIN published_scores_v s ON s.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  /** The page's campaigns in full (`take` rows, newest first): the statement every feed read made before FeedHits. */
  feed(query: FeedQuery): Promise<PerkRow[]> {
    return this.run<PerkRow>(PERK_COLUMNS, query);
  }

  /**
   * The same page as `feed`, by the same statement but for the select list: each campaign's id,
   * row version, brand name and stock, so the rest can come from PerkJsonCache.
   */
  feedHits(query: FeedQuery): Promise<FeedHit[]> {
    return this.run<FeedHit>(HIT_COLUMNS, query);
  }

  /** Campaigns by id in full, with their row versions (what FeedHits name and the cache lacks). */
  rowsByIds(ids: string[]): Promise<VersionedPerkRow[]> {
    return this.db.read(async (manager) => {
      const { rows } = await pgPool(manager.connection).query<VersionedPerkRow>({
        name: statementName(manager.connection, 'campaigns_feed_rows'),
        text: `SELECT ${PERK_COLUMNS}, c.xmin::text AS version
                 FROM campaigns c JOIN brands_v b ON b.id = c.brand_id
                WHERE c.id = ANY($1::uuid[])`,
        values: [ids],
      });
      return rows;
    });
  }

  private run<T extends object>(columns: string, query: FeedQuery): Promise<T[]> {
    const { text, values } = feedStatement(columns, query);
    // Named (prepared) per shape of the statement (a few dozen at most: which filters are on):
    // planning it, with the partial and GIN indexes to weigh, took longer than running it.
    let name = FEED_STATEMENTS.get(text);
    if (name === undefined) {
      name = `campaigns_feed_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      FEED_STATEMENTS.set(text, name);
    }
    return this.db.read(async (manager) => {
      const { rows } = await pgPool(manager.connection).query<T>({
        name: statementName(manager.connection, name),
        text,
        values,
      });
      return rows;
    });
  }

  /** One published campaign whatever its window and stock (the perk page explains those). */
  async findPublished(id: string): Promise<PerkRow | undefined> {
    const rows: PerkRow[] = await this.db.query(
      `SELECT ${PERK_COLUMNS} FROM campaigns c JOIN brands_v b ON b.id = c.brand_id WHERE c.id = $1 AND ${PUBLISHED}`,
      [id],
    );
    return rows[0];
  }
}
