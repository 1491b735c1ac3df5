import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AppException, Clock, decodeCursor, encodeCursor, toPage } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import { checkEligibility, cityKey, countryKey, type EligibilityMember } from '../rules';
import type { PerkDetailResponse, PerkResponse } from './perk.dto';
import {
  type FeedMember,
  feedMemberOf,
  type FeedQuery,
  PerkFeedRepository,
  type PerkRow,
} from './perk-feed.repository';
import { LiveCampaigns, livePage } from './live-campaigns';
import { type CachedPerk, cachedPerk, itemJson, pageJson, PerkJsonCache, withStock } from './perk-json';
import { perkDetails, placeOf } from './perk-view';

export interface FeedFilters {
  limit: number;
  cursor?: string;
  topic?: string;
  city?: string;
  country?: string;
  includeLocked?: boolean;
}

export function perkView(row: PerkRow, member: EligibilityMember, now: Date): PerkResponse {
  const { eligible, reasons } = checkEligibility(row, member, now);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    brand: { id: row.brandId, name: row.brandName },
    perk: perkDetails(row),
    minScore: row.minScore,
    topics: row.topics,
    networks: row.networks,
    countries: row.countries,
    cities: row.cities,
    remaining: row.remaining,
    perUser: row.perUser,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    claimTtlHours: row.claimTtlHours,
    disclosureRequired: row.disclosureRequired,
    location: placeOf(row),
    eligible,
    reasons,
  };
}

/** The influencer's perk feed and perk page: live campaigns with eligibility against their score and profile. */
@Injectable()
export class PerkFeedService {
  private readonly cache = new PerkJsonCache();

  constructor(
    private readonly feed: PerkFeedRepository,
    private readonly live: LiveCampaigns,
    private readonly clock: Clock,
  ) {}

  /**
   * The feed page as its JSON text (the HTTP answer is exactly this). The feed statement reads
   * which campaigns are on the page with their row versions and live stock; each campaign's other
   * columns, already serialised, come from the PerkJsonCache when the version matches, else from
   * one more read by id. Should a campaign change between those two reads, the page is read again
   * the way it was before the cache (the whole rows in one statement).
   *
   * `read`: FEED_MEMBER_READ's columns, when the access check read them with the session.
   */
  async listJson(caller: AuthUser, filters: FeedFilters, read?: Record<string, unknown>): Promise<string> {
    const after = decodeCursor(filters.cursor);
    const member = await this.member(caller, read);
    const includeLocked = filters.includeLocked ?? false;
    const now = this.clock.now();
    // Without a score nothing is claimable: no need to ask the database.
    if (member.score === null && !includeLocked) return pageJson([], false, null);
    const query: FeedQuery = {
      now,
      member: keysOf(member),
      includeLocked,
      topic: filters.topic,
      countryKey: filters.country === undefined ? undefined : countryKey(filters.country),
      cityKey: filters.city === undefined ? undefined : cityKey(filters.city),
      after,
      take: filters.limit + 1,
    };
    const live = read ? await this.live.at(read.feedClock, now) : undefined;
    if (live) {
      const rows = livePage(live, query);
      const hasMore = rows.length > filters.limit;
      const page = hasMore ? rows.slice(0, filters.limit) : rows;
      const items = page.map(({ perk, remaining }) =>
        itemJson(perk.json, remaining, checkEligibility(withStock(perk.campaign, remaining), member, now)),
      );
      const last = page[page.length - 1];
      return pageJson(
        items,
        hasMore,
        hasMore && last ? encodeCursor({ at: last.perk.approvedAt, id: last.id }) : null,
      );
    }
    const hits = await this.feed.feedHits(query);
    const hasMore = hits.length > filters.limit;
    const page = hasMore ? hits.slice(0, filters.limit) : hits;
    const at = performance.now();
    const perks = page.map((hit) => this.cache.get(hit.id, hit.version, hit.brandName, at));
    const missing = page.filter((_, i) => perks[i] === undefined);
    if (missing.length > 0) {
      const read = new Map<string, CachedPerk>();
      for (const row of await this.feed.rowsByIds(missing.map((hit) => hit.id))) {
        const perk = cachedPerk(row, at);
        read.set(row.id, perk);
        this.cache.set(row.id, perk);
      }
      for (let i = 0; i < page.length; i++) {
        const hit = page[i];
        perks[i] ??= read.get(hit.id);
        // The campaign changed (or went) between the two reads: read the page whole.
        if (perks[i]?.version !== hit.version || perks[i]?.brandName !== hit.brandName)
          return this.pageFromRows(await this.feed.feed(query), filters.limit, member, now);
      }
    }
    const items = page.map((hit, i) => {
      const { campaign, json } = perks[i]!;
      return itemJson(json, hit.remaining, checkEligibility(withStock(campaign, hit.remaining), member, now));
    });
    const last = perks[page.length - 1];
    const nextCursor =
      hasMore && last ? encodeCursor({ at: last.approvedAt, id: page[page.length - 1].id }) : null;
    return pageJson(items, hasMore, nextCursor);
  }

  /** The page from whole rows, as JSON (the object mapping, serialised as express would). */
  private pageFromRows(rows: PerkRow[], limit: number, member: EligibilityMember, now: Date): string {
    const page = toPage(
      rows,
      limit,
      (row) => ({ at: row.approvedAt.toISOString(), id: row.id }),
      (row) => perkView(row, member, now),
    );
    return JSON.stringify(page);
  }

  async get(caller: AuthUser, id: string, read?: Record<string, unknown>): Promise<PerkDetailResponse> {
    const [row, member] = await Promise.all([this.feed.findPublished(id), this.member(caller, read)]);
    if (!row) throw CampaignException.campaignNotFound();
    const view = perkView(row, member, this.clock.now());
    return { ...view, eligibility: { eligible: view.eligible, reasons: view.reasons } };
  }

  private async member(caller: AuthUser, read?: Record<string, unknown>): Promise<EligibilityMember> {
    const profile = read ? feedMemberOf(read) : await this.feed.memberProfile(caller.id);
    if (!profile) throw AppException.unauthenticated();
    return {
      score: profile.score,
      topics: profile.topics,
      country: profile.country,
      city: profile.city,
      verifiedNetworks: profile.networks,
    };
  }
}

function keysOf(member: EligibilityMember): FeedMember {
  return {
    score: member.score,
    topics: member.topics,
    countryKey: member.country === null ? null : countryKey(member.country),
    cityKey: member.city === null ? null : cityKey(member.city),
    networks: member.verifiedNetworks,
  };
}
