/**
 * Who may claim a perk. One function for the feed, the perk page and the claim itself, so a member
 * is never shown "eligible" and then refused for a different reason. It reports every failing
 * reason, not the first, so the feed can say everything that stands in the way at once.
 */

export const ELIGIBILITY_REASONS = [
  'below_score_threshold',
  'score_not_available',
  'topic_mismatch',
  'location_mismatch',
  'network_missing',
  'sold_out',
  'not_started',
  'ended',
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

/** An empty or missing list means "no restriction". */
export interface EligibilityCampaign {
  minScore: number;
  topics?: readonly string[];
  countries?: readonly string[];
  cities?: readonly string[];
  networks?: readonly string[];
  remaining: number;
  startsAt: Date;
  endsAt: Date;
}

export interface EligibilityMember {
  /** null before the member's first scoring run, or after they withdrew scoring consent. */
  score: number | null;
  topics: readonly string[];
  country: string | null;
  city: string | null;
  /** Networks on which the member has a verified account. */
  verifiedNetworks: readonly string[];
}

export interface Eligibility {
  eligible: boolean;
  /** Every failing reason, each once, in ELIGIBILITY_REASONS order. */
  reasons: EligibilityReason[];
}

function restricts(list: readonly string[] | undefined): list is readonly string[] {
  return list !== undefined && list.length > 0;
}

function sharesAny(
  wanted: readonly string[],
  held: readonly string[],
  key: (value: string) => string,
): boolean {
  // The lists are a handful of entries each: scanning beats building a Set (the feed runs this
  // for every perk on every page).
  if (key === exact) return wanted.some((value) => held.includes(value));
  const heldKeys = held.map(key);
  return wanted.some((value) => heldKeys.includes(key(value)));
}

/** How countries compare. Exported so stored match keys are made by the very same function. */
export const countryKey = (value: string): string => value.trim().toUpperCase();
/**
 * People type "berlin", "Berlin " and "New  York": compare cities by letters, not by spelling
 * noise. Exported so the feed's SQL matches on keys this function made (stored beside the cities).
 */
export const cityKey = (value: string): string => {
  let key = CITY_KEYS.get(value);
  if (key === undefined) {
    key = value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (CITY_KEYS.size >= 10_000) CITY_KEYS.clear();
    CITY_KEYS.set(value, key);
  }
  return key;
};
/** cityKey's answers, remembered: Unicode normalisation dominated eligibility checks of the feed. */
const CITY_KEYS = new Map<string, string>();
const exact = (value: string): string => value;

function matchesOne(wanted: readonly string[], held: string | null, key: (value: string) => string): boolean {
  return held !== null && sharesAny(wanted, [held], key);
}

export function checkEligibility(
  campaign: EligibilityCampaign,
  member: EligibilityMember,
  now: Date,
): Eligibility {
  const failing = new Set<EligibilityReason>();

  if (member.score === null || !Number.isFinite(member.score)) failing.add('score_not_available');
  else if (member.score < campaign.minScore) failing.add('below_score_threshold');

  if (restricts(campaign.topics) && !sharesAny(campaign.topics, member.topics, exact))
    failing.add('topic_mismatch');

  const countryOk =
    !restricts(campaign.countries) || matchesOne(campaign.countries, member.country, countryKey);
  const cityOk = !restricts(campaign.cities) || matchesOne(campaign.cities, member.city, cityKey);
  if (!countryOk || !cityOk) failing.add('location_mismatch');

  if (restricts(campaign.networks) && !sharesAny(campaign.networks, member.verifiedNetworks, exact)) {
    failing.add('network_missing');
  }

  if (!(campaign.remaining > 0)) failing.add('sold_out');
  // Written as negations so that an invalid date fails closed instead of passing every comparison.
  const t = now.getTime();
  if (!(campaign.startsAt.getTime() <= t)) failing.add('not_started');
  if (!(t < campaign.endsAt.getTime())) failing.add('ended');

  if (failing.size === 0) return { eligible: true, reasons: [] };
  const reasons = ELIGIBILITY_REASONS.filter((reason) => failing.has(reason));
  return { eligible: false, reasons };
}
