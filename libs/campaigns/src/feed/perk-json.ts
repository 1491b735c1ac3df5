import type { Eligibility, EligibilityCampaign } from '../rules';
import type { PerkRow } from './perk-feed.repository';
import { perkDetails, placeOf } from './perk-view';

/**
 * A feed item's JSON, cut around the two parts that change without the campaign's row version
 * changing with them: the stock (`remaining` — a claim rewrites the row, but the feed reads the
 * stock live with every page anyway) and the caller's eligibility. The rest is serialised once per
 * row version. `head + remaining + tail + eligibility` is, to the byte, JSON.stringify of the
 * PerkResponse the object mapping (perkView) builds: same fields, same order (the spec checks).
 */
export interface PerkJson {
  /** `{"id":…,"cities":[…],"remaining":` */
  head: string;
  /** `,"perUser":…,"location":…,"eligible":` */
  tail: string;
}

const j = JSON.stringify;

/**
 * The string as one flat run of characters. A template literal of many parts is a tree of
 * concatenations that V8 walks again every time it is copied; the fragments are copied into every
 * page, so they are flattened once.
 */
const flat = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

export function perkJson(row: PerkRow): PerkJson {
  return {
    head: flat(
      `{"id":${j(row.id)},"title":${j(row.title)},"description":${j(row.description)},` +
        `"brand":${j({ id: row.brandId, name: row.brandName })},"perk":${j(perkDetails(row))},` +
        `"minScore":${j(row.minScore)},"topics":${j(row.topics)},"networks":${j(row.networks)},` +
        `"countries":${j(row.countries)},"cities":${j(row.cities)},"remaining":`,
    ),
    tail: flat(
      `,"perUser":${j(row.perUser)},"startsAt":${j(row.startsAt)},"endsAt":${j(row.endsAt)},` +
        `"claimTtlHours":${j(row.claimTtlHours)},"disclosureRequired":${j(row.disclosureRequired)},` +
        `"location":${j(placeOf(row))},"eligible":`,
    ),
  };
}

/** One item of the page: the cut JSON around its live stock and the caller's eligibility. */
export function itemJson(json: PerkJson, remaining: number, { eligible, reasons }: Eligibility): string {
  return `${json.head}${j(remaining)}${json.tail}${eligible ? 'true' : 'false'},"reasons":${j(reasons)}}`;
}

/** A Page<PerkResponse>'s JSON from its items' JSON, as JSON.stringify writes the object. */
export function pageJson(items: string[], hasMore: boolean, nextCursor: string | null): string {
  return `{"data":[${items.join(',')}],"hasMore":${hasMore ? 'true' : 'false'},"nextCursor":${j(nextCursor)}}`;
}

/** What the feed keeps of a campaign row version. */
export interface CachedPerk {
  version: string;
  brandName: string;
  /** What checkEligibility reads, but the stock (read with every page). */
  campaign: Omit<EligibilityCampaign, 'remaining'>;
  /** The cursor's position after this row. */
  approvedAt: string;
  json: PerkJson;
  /** performance.now() when cached. */
  at: number;
}

/**
 * The campaign as checkEligibility takes it, with the stock read now. Written out, not spread: a
 * spread object has a shape of its own that made each check about six times slower.
 */
export function withStock(c: CachedPerk['campaign'], remaining: number): EligibilityCampaign {
  return {
    minScore: c.minScore,
    topics: c.topics,
    countries: c.countries,
    cities: c.cities,
    networks: c.networks,
    remaining,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
  };
}

export function cachedPerk(row: PerkRow & { version: string }, at: number): CachedPerk {
  return {
    version: row.version,
    brandName: row.brandName,
    campaign: {
      minScore: row.minScore,
      topics: row.topics,
      countries: row.countries,
      cities: row.cities,
      networks: row.networks,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
    },
    approvedAt: row.approvedAt.toISOString(),
    json: perkJson(row),
    at,
  };
}

/**
 * Serialised campaign row versions, by campaign id, in this process. An entry is used only when
 * the feed statement just read the same row version (xmin) and brand name: a write to the
 * campaign, from any process, gives its row a new version, so nothing here is ever served stale —
 * the cache saves parsing and serialising the wide columns, not the read. Bounded: the oldest
 * entries go first past `max`, and entries are dropped after `maxAgeMs`, so a transaction id that
 * has wrapped around (2^32 transactions later) can never match an old entry.
 */
export class PerkJsonCache {
  private readonly entries = new Map<string, CachedPerk>();

  constructor(
    private readonly max = 20_000,
    private readonly maxAgeMs = 3_600_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The entry for exactly this row version and brand name, if cached and young enough. */
  get(id: string, version: string, brandName: string, now: number): CachedPerk | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (now - entry.at > this.maxAgeMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.version === version && entry.brandName === brandName ? entry : undefined;
  }

  set(id: string, entry: CachedPerk): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
