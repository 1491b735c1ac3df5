import { Injectable } from '@nestjs/common';
import { AppException, Clock, Page, toPage, decodeCursor } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import { checkEligibility, cityKey, countryKey, type EligibilityMember } from '../rules';
import type { PerkDetailResponse, PerkResponse } from './perk.dto';
import { type FeedMember, feedMemberOf, PerkFeedRepository, type PerkRow } from './perk-feed.repository';
import { perkDetails, placeOf } from './perk-view';

export interface FeedFilters {
  limit: number;
  cursor?: string;
  topic?: string;
  city?: string;
  country?: string;
  includeLocked?: boolean;
}

function perkView(row: PerkRow, member: EligibilityMember, now: Date): PerkResponse {
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
  constructor(
    private readonly feed: PerkFeedRepository,
    private readonly clock: Clock,
  ) {}

  /** `read`: FEED_MEMBER_READ's columns, when the access check read them with the session. */
  async list(
    caller: AuthUser,
    filters: FeedFilters,
    read?: Record<string, unknown>,
  ): Promise<Page<PerkResponse>> {
    const after = decodeCursor(filters.cursor);
    const member = await this.member(caller, read);
    const includeLocked = filters.includeLocked ?? false;
    const now = this.clock.now();
    // Without a score nothing is claimable: no need to ask the database.
    if (member.score === null && !includeLocked) return { data: [], hasMore: false, nextCursor: null };
    const rows = await this.feed.feed({
      now,
      member: keysOf(member),
      includeLocked,
      topic: filters.topic,
      countryKey: filters.country === undefined ? undefined : countryKey(filters.country),
      cityKey: filters.city === undefined ? undefined : cityKey(filters.city),
      after,
      take: filters.limit + 1,
    });
    return toPage(
      rows,
      filters.limit,
      (row) => ({ at: row.approvedAt.toISOString(), id: row.id }),
      (row) => perkView(row, member, now),
    );
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
