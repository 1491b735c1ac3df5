import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CursorPosition, pgPool, statementName } from '@perkrank/core';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { FeedQuery, PerkRow } from './perk-feed.repository';
import { type CachedPerk, cachedPerk, PerkJsonCache } from './perk-json';

/**
 * The feed clock's sums (migration CampaignFeedClock), as `edits/stock`: read with the caller's
 * session (FEED_MEMBER_READ's `feedClock`) and with the live campaigns.
 */
export const FEED_CLOCK_SQL = `(SELECT sum(k.edits)::text || '/' || sum(k.stock)::text FROM campaign_feed_clock k)`;

/** Above this many published campaigns the feed reads pages in SQL (over its indexes) instead. */
export const MAX_LIVE_CAMPAIGNS = 20_000;

interface Clock {
  edits: bigint;
  stock: bigint;
}

function parseClock(text: unknown): Clock | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  return match ? { edits: BigInt(match[1]), stock: BigInt(match[2]) } : undefined;
}

/** A published campaign as the feed filters it in memory: what its SQL reads, and the serialised rest. */
export interface LiveCampaign {
  id: string;
  version: string;
  /** approved_at in ms, and as the cursor writes it. */
  approvedAt: number;
  minScore: number | null;
  topics: string[];
  countries: string[];
  cityKeys: string[];
  networks: string[];
  locationCountry: string | null;
  locationCityKey: string | null;
  startsAt: number | null;
  endsAt: number | null;
  remaining: number;
  perk: CachedPerk;
}

interface LiveRow extends PerkRow {
  version: string;
  cityKeys: string[];
  locationCityKey: string | null;
}

/** The published campaigns, newest approval first (the feed's order), as of `clock`. */
interface LiveSet {
  clock: Clock;
  /** The app clock's time at the read: ended campaigns were left out as of then. */
  readAt: number;
  /** Undefined when there were more than MAX_LIVE_CAMPAIGNS. */
  campaigns: LiveCampaign[] | undefined;
}

const LIVE_SQL = `
  WITH k AS (SELECT sum(edits)::text AS edits, sum(stock)::text AS stock FROM campaign_feed_clock)
  SELECT k.edits AS "clockEdits", k.stock AS "clockStock", l.*
    FROM k LEFT JOIN LATERAL (
      SELECT c.id, c.xmin::text AS version, c.title, c.description, c.brand_id AS "brandId", b.name AS "brandName",
             c.perk_type AS "perkType", c.perk_terms AS "perkTerms", c.perk_value_minor AS "perkValueMinor",
             c.perk_currency AS "perkCurrency", c.min_score AS "minScore", c.topics, c.networks, c.countries,
             c.cities, c.city_keys AS "cityKeys", c.inventory_remaining AS "remaining",
             c.inventory_per_user AS "perUser", c.starts_at AS "startsAt", c.ends_at AS "endsAt",
             c.claim_ttl_hours AS "claimTtlHours", c.location_venue_name AS "venueName",
             c.location_city AS "city", c.location_country AS "country",
             c.location_city_key AS "locationCityKey", c.location_address AS "address",
             c.disclosure_required AS "disclosureRequired", c.approved_at AS "approvedAt"
        FROM campaigns c JOIN brands_v b ON b.id = c.brand_id
       WHERE c.status = 'approved' AND c.funding_status IN ('not_required', 'funded') AND c.ends_at > $1
       ORDER BY c.approved_at DESC, c.id DESC
       LIMIT $2) l ON true`;

const STOCK_SQL = `
  WITH k AS (SELECT sum(edits)::text AS edits, sum(stock)::text AS stock FROM campaign_feed_clock)
  SELECT k.edits AS "clockEdits", k.stock AS "clockStock", l.id, l.remaining
    FROM k LEFT JOIN LATERAL (
      SELECT c.id, c.inventory_remaining AS remaining FROM campaigns c WHERE c.id = ANY($1::uuid[])) l ON true`;

type Stamped<T> = { clockEdits: string; clockStock: string } & { [K in keyof T]: T[K] | null };

const covers = (held: Clock, wanted: Clock): boolean =>
  wanted.edits <= held.edits && wanted.stock <= held.stock;

/**
 * The published campaigns, in this process's memory, so the feed filters and pages them without a
 * statement of its own. Fresh by construction: each feed request brings the clock's sums as its
 * session read them (after everything it must see had committed), and the set is used only when
 * it was read at those sums or later; otherwise it is read again first — whole after an edit, the
 * stock alone after claims. Reads go to the primary (the clock is written there).
 */
@Injectable()
export class LiveCampaigns {
  private current?: LiveSet;
  private loading?: Promise<LiveSet>;
  private readonly json = new PerkJsonCache();
  /** How often the set was answered from and read again (tests and diagnostics). */
  readonly stats = { served: 0, fullReads: 0, stockReads: 0 };

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The live campaigns as of `clockText` (FEED_MEMBER_READ's feedClock) or later, at app time
   * `now`; undefined when the feed should read in SQL (no clock, too many campaigns, the clock
   * went back in time).
   */
  async at(clockText: unknown, now: Date): Promise<LiveCampaign[] | undefined> {
    const wanted = parseClock(clockText);
    if (!wanted) return undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const set = this.current;
      if (set && covers(set.clock, wanted) && set.readAt <= now.getTime()) {
        if (set.campaigns) this.stats.served++;
        return set.campaigns;
      }
      this.loading ??= this.load(set, wanted, now).finally(() => (this.loading = undefined));
      const loaded = await this.loading;
      if (!this.current || covers(loaded.clock, this.current.clock)) this.current = loaded;
    }
    return undefined;
  }

  private async load(previous: LiveSet | undefined, wanted: Clock, now: Date): Promise<LiveSet> {
    const pool = pgPool(this.db);
    if (previous?.campaigns && previous.clock.edits === wanted.edits && previous.readAt <= now.getTime()) {
      // Only stock changed (claims): read it for the campaigns held.
      const { rows } = await pool.query<Stamped<{ id: string; remaining: number }>>({
        name: statementName(this.db, 'campaigns_live_stock'),
        text: STOCK_SQL,
        values: [previous.campaigns.map((c) => c.id)],
      });
      this.stats.stockReads++;
      const clock = parseClock(`${rows[0].clockEdits}/${rows[0].clockStock}`)!;
      if (clock.edits === previous.clock.edits) {
        const stock = new Map(rows.map((r) => [r.id, r.remaining]));
        const campaigns = previous.campaigns.map((c) => liveCampaign(c, stock.get(c.id) ?? 0));
        if (campaigns.every((c) => stock.has(c.id))) return { clock, readAt: previous.readAt, campaigns };
      }
    }
    const { rows } = await pool.query<Stamped<LiveRow>>({
      name: statementName(this.db, 'campaigns_live'),
      text: LIVE_SQL,
      values: [now, MAX_LIVE_CAMPAIGNS + 1],
    });
    this.stats.fullReads++;
    const clock = parseClock(`${rows[0].clockEdits}/${rows[0].clockStock}`)!;
    if (rows.length > MAX_LIVE_CAMPAIGNS) return { clock, readAt: now.getTime(), campaigns: undefined };
    const at = performance.now();
    const campaigns: LiveCampaign[] = [];
    for (const row of rows) {
      if (row.id === null) continue;
      const full = row as LiveRow;
      let perk = this.json.get(full.id, full.version, full.brandName, at);
      if (!perk) this.json.set(full.id, (perk = cachedPerk(full, at)));
      campaigns.push(
        liveCampaign(
          {
            id: full.id,
            version: full.version,
            approvedAt: full.approvedAt.getTime(),
            minScore: full.minScore,
            topics: full.topics,
            countries: full.countries,
            cityKeys: full.cityKeys,
            networks: full.networks,
            locationCountry: full.country,
            locationCityKey: full.locationCityKey,
            startsAt: full.startsAt === null ? null : full.startsAt.getTime(),
            endsAt: full.endsAt === null ? null : full.endsAt.getTime(),
            perk,
          },
          full.remaining,
        ),
      );
    }
    return { clock, readAt: now.getTime(), campaigns };
  }
}

/** Written out, not spread: every LiveCampaign keeps one shape, which livePage's loop relies on. */
function liveCampaign(c: Omit<LiveCampaign, 'remaining'>, remaining: number): LiveCampaign {
  return {
    id: c.id,
    version: c.version,
    approvedAt: c.approvedAt,
    minScore: c.minScore,
    topics: c.topics,
    countries: c.countries,
    cityKeys: c.cityKeys,
    networks: c.networks,
    locationCountry: c.locationCountry,
    locationCityKey: c.locationCityKey,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    remaining,
    perk: c.perk,
  };
}

const overlaps = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/**
 * The feed statement's WHERE, ORDER BY and LIMIT (perk-feed.repository's feedStatement) over the
 * live campaigns in memory: the same page, the same order. SQL's NULL comparisons are false, so a
 * missing value fails every test it takes part in, as there.
 */
export function livePage(campaigns: readonly LiveCampaign[], query: FeedQuery): LiveCampaign[] {
  const now = query.now.getTime();
  const { member } = query;
  const after: CursorPosition | undefined = query.after;
  const afterAt = after ? Date.parse(after.at) : 0;
  const afterId = after ? after.id.toLowerCase() : '';
  const page: LiveCampaign[] = [];
  for (const c of campaigns) {
    if (page.length >= query.take) break;
    if (after && !(c.approvedAt < afterAt || (c.approvedAt === afterAt && c.id < afterId))) continue;
    if (!(c.endsAt !== null && c.endsAt > now)) continue;
    if (!query.includeLocked) {
      // The cheap comparisons first: the score turns most campaigns away.
      if (!(c.minScore !== null && member.score !== null && c.minScore <= member.score)) continue;
      if (!(c.remaining > 0)) continue;
      if (!(c.startsAt !== null && c.startsAt <= now)) continue;
      if (c.topics.length > 0 && !overlaps(c.topics, member.topics)) continue;
      if (c.countries.length > 0 && (member.countryKey === null || !c.countries.includes(member.countryKey)))
        continue;
      if (c.cityKeys.length > 0 && (member.cityKey === null || !c.cityKeys.includes(member.cityKey)))
        continue;
      if (c.networks.length > 0 && !overlaps(c.networks, member.networks)) continue;
    }
    if (query.topic !== undefined && !c.topics.includes(query.topic)) continue;
    if (
      query.countryKey !== undefined &&
      !(c.countries.includes(query.countryKey) || c.locationCountry === query.countryKey)
    )
      continue;
    if (
      query.cityKey !== undefined &&
      !(c.cityKeys.includes(query.cityKey) || c.locationCityKey === query.cityKey)
    )
      continue;
    page.push(c);
  }
  return page;
}
