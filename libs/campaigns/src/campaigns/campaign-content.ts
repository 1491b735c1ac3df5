/**
 * Translations between the API's nested campaign shape and the flat columns: request → column
 * changes, columns → the rules' input, columns → the response. No I/O.
 */
import { cityKey, isClaimable, type SubmissionInput } from '../rules';
import type { CampaignResponse } from './campaign.dto';
import type { CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import type { Campaign } from './campaign.entity';
import type { CampaignContent } from './campaign.repository';

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/** The columns a create or edit request sets; parts it leaves out stay as they are. */
export function contentChanges(input: CreateCampaignDto | UpdateCampaignDto): CampaignContent {
  const changes: CampaignContent = {};
  if (defined(input.title)) changes.title = input.title;
  if (defined(input.description)) changes.description = input.description;

  const { perk, eligibility, inventory, codes, schedule, location } = input;
  if (perk) {
    if (defined(perk.type)) changes.perkType = perk.type;
    if (defined(perk.terms)) changes.perkTerms = perk.terms === '' ? null : perk.terms;
    if (defined(perk.valueMinor)) changes.perkValueMinor = perk.valueMinor;
    if (defined(perk.currency)) changes.perkCurrency = perk.currency;
  }
  if (eligibility) {
    if (defined(eligibility.minScore)) changes.minScore = eligibility.minScore;
    if (defined(eligibility.topics)) changes.topics = eligibility.topics;
    if (defined(eligibility.networks)) changes.networks = eligibility.networks;
    if (defined(eligibility.countries)) changes.countries = eligibility.countries;
    if (defined(eligibility.cities)) {
      changes.cities = eligibility.cities;
      changes.cityKeys = [...new Set(eligibility.cities.map(cityKey))];
    }
  }
  if (inventory) {
    // Only editable campaigns change, and nothing can have been claimed before approval.
    if (defined(inventory.total)) {
      changes.inventoryTotal = inventory.total;
      changes.inventoryRemaining = inventory.total;
    }
    if (defined(inventory.perUser)) changes.inventoryPerUser = inventory.perUser;
  }
  if (codes && defined(codes.mode)) changes.codesMode = codes.mode;
  if (schedule) {
    if (defined(schedule.startsAt)) changes.startsAt = new Date(schedule.startsAt);
    if (defined(schedule.endsAt)) changes.endsAt = new Date(schedule.endsAt);
  }
  if (defined(input.claimTtlHours)) changes.claimTtlHours = input.claimTtlHours;
  if (location === null) {
    Object.assign(changes, {
      locationVenueName: null,
      locationCity: null,
      locationCityKey: null,
      locationCountry: null,
      locationAddress: null,
    });
  } else if (location) {
    Object.assign(changes, {
      locationVenueName: location.venueName,
      locationCity: location.city,
      locationCityKey: cityKey(location.city),
      locationCountry: location.country,
      locationAddress: location.address ?? null,
    });
  }
  if (defined(input.disclosureRequired)) changes.disclosureRequired = input.disclosureRequired;
  return changes;
}

const given = <T>(value: T | null): T | undefined => value ?? undefined;

/** The campaign as the pure rules read it (draft validation, submission checks). */
export function submissionInput(c: Campaign): SubmissionInput {
  return {
    description: c.description,
    perk: { type: c.perkType, valueMinor: c.perkValueMinor, currency: c.perkCurrency },
    eligibility: { minScore: given(c.minScore), topics: c.topics, countries: c.countries },
    inventory: { total: given(c.inventoryTotal), perUser: given(c.inventoryPerUser) },
    codes: { mode: c.codesMode, poolSize: c.codePoolSize },
    schedule: { startsAt: given(c.startsAt), endsAt: given(c.endsAt) },
    claimTtlHours: given(c.claimTtlHours),
    location: c.locationCountry === null ? null : { country: c.locationCountry },
  };
}

export function locationView(c: Campaign): CampaignResponse['location'] {
  if (c.locationVenueName === null || c.locationCity === null || c.locationCountry === null) return null;
  return {
    venueName: c.locationVenueName,
    city: c.locationCity,
    country: c.locationCountry,
    address: c.locationAddress,
  };
}

export function campaignView(c: Campaign, now: Date): CampaignResponse {
  const claimable =
    c.startsAt !== null &&
    c.endsAt !== null &&
    c.inventoryRemaining !== null &&
    isClaimable(
      {
        status: c.status,
        fundingStatus: c.fundingStatus,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        remaining: c.inventoryRemaining,
      },
      now,
    );
  return {
    id: c.id,
    brandId: c.brandId,
    status: c.status,
    title: c.title,
    description: c.description,
    perk: { type: c.perkType, terms: c.perkTerms, valueMinor: c.perkValueMinor, currency: c.perkCurrency },
    eligibility: {
      minScore: c.minScore,
      topics: c.topics,
      networks: c.networks,
      countries: c.countries,
      cities: c.cities,
    },
    inventory: { total: c.inventoryTotal, remaining: c.inventoryRemaining, perUser: c.inventoryPerUser },
    codes: { mode: c.codesMode, poolSize: c.codePoolSize },
    schedule: { startsAt: c.startsAt, endsAt: c.endsAt },
    claimTtlHours: c.claimTtlHours,
    location: locationView(c),
    disclosureRequired: c.disclosureRequired,
    // Amounts arrive with payments (Stripe); until then nothing is charged. `units`: what was paid for.
    funding: { status: c.fundingStatus, amountMinor: null, currency: null, units: c.fundedUnits },
    claimable,
    moderation: { notes: c.moderationNotes, reason: c.moderationReason },
    submittedAt: c.submittedAt,
    approvedAt: c.approvedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
