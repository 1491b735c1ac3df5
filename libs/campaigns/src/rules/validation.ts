/**
 * Checks on a campaign draft that a DTO cannot express: rules that relate two fields, depend on
 * the clock, or need a code list. The DTO has already checked types and shapes; this runs on the
 * merged draft (create, patch and submit alike), so any part may still be missing and a missing
 * part is simply not checked here (completeness is the submit step's job).
 *
 * Messages never repeat the submitted value (docs/api.md "Errors": submitted values are never echoed).
 */
import { isCountryCode, isCurrencyCode, isMoneyCurrency, isTopic } from '@perkrank/reference';

export const MAX_STOCK = 100_000;
export const MAX_CLAIM_TTL_HOURS = 720;

export interface CampaignFieldError {
  /** Path in the request body, in the form the validation pipe uses: `eligibility.countries[2]`. */
  field: string;
  message: string;
}

export interface CampaignDraftInput {
  perk?: { valueMinor?: number | null; currency?: string | null };
  eligibility?: { minScore?: number; topics?: readonly string[]; countries?: readonly string[] };
  inventory?: { total?: number; perUser?: number };
  schedule?: { startsAt?: Date; endsAt?: Date };
  claimTtlHours?: number;
  location?: { country?: string } | null;
}

const isValidDate = (value: Date): boolean => !Number.isNaN(value.getTime());
const isWholeIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

export function validateCampaignDraft(draft: CampaignDraftInput, now: Date): CampaignFieldError[] {
  const errors: CampaignFieldError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push({ field, message });
  };

  const { startsAt, endsAt } = draft.schedule ?? {};
  if (startsAt !== undefined && !isValidDate(startsAt))
    fail('schedule.startsAt', 'startsAt must be a valid date');
  if (endsAt !== undefined) {
    if (!isValidDate(endsAt)) {
      fail('schedule.endsAt', 'endsAt must be a valid date');
    } else {
      if (startsAt !== undefined && isValidDate(startsAt) && endsAt.getTime() <= startsAt.getTime()) {
        fail('schedule.endsAt', 'endsAt must be after startsAt');
      }
      if (endsAt.getTime() <= now.getTime()) fail('schedule.endsAt', 'endsAt must be in the future');
    }
  }

  const { total, perUser } = draft.inventory ?? {};
  const totalOk = total !== undefined && isWholeIn(total, 1, MAX_STOCK);
  if (total !== undefined && !totalOk) {
    fail('inventory.total', `total must be a whole number from 1 to ${MAX_STOCK.toLocaleString('en')}`);
  }
  if (perUser !== undefined) {
    // Never above the largest stock: without a total yet, an int4 column is the only other bound.
    if (!isWholeIn(perUser, 1, MAX_STOCK)) {
      fail('inventory.perUser', `perUser must be a whole number from 1 to ${MAX_STOCK.toLocaleString('en')}`);
    } else if (totalOk && perUser > total) {
      fail('inventory.perUser', 'perUser must not exceed the total stock');
    }
  }

  const minScore = draft.eligibility?.minScore;
  // Scores are shown with one decimal; two places leave room and keep 1e-46 (which a `real`
  // column cannot hold) out.
  if (
    minScore !== undefined &&
    !(
      Number.isFinite(minScore) &&
      minScore >= 0 &&
      minScore <= 100 &&
      Number(minScore.toFixed(2)) === minScore
    )
  ) {
    fail('eligibility.minScore', 'minScore must be a number from 0 to 100 with at most 2 decimal places');
  }

  const ttl = draft.claimTtlHours;
  if (ttl !== undefined && !isWholeIn(ttl, 1, MAX_CLAIM_TTL_HOURS)) {
    fail('claimTtlHours', `claimTtlHours must be a whole number of hours from 1 to ${MAX_CLAIM_TTL_HOURS}`);
  }

  draft.eligibility?.countries?.forEach((country, i) => {
    if (!isCountryCode(country)) {
      fail(
        `eligibility.countries[${i}]`,
        'each country must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE',
      );
    }
  });
  const venueCountry = draft.location?.country;
  if (venueCountry !== undefined && !isCountryCode(venueCountry)) {
    fail('location.country', 'country must be an ISO 3166-1 alpha-2 code in upper case, e.g. DE');
  }

  draft.eligibility?.topics?.forEach((topic, i) => {
    if (!isTopic(topic)) fail(`eligibility.topics[${i}]`, 'each topic must be one of the published topics');
  });

  const valueMinor = draft.perk?.valueMinor ?? undefined;
  const currency = draft.perk?.currency ?? undefined;
  if (valueMinor !== undefined && !isWholeIn(valueMinor, 0, Number.MAX_SAFE_INTEGER)) {
    fail('perk.valueMinor', 'valueMinor must be a whole number of minor units, 0 or more');
  }
  if (currency !== undefined) {
    if (isCurrencyCode(currency) && !isMoneyCurrency(currency)) {
      fail('perk.currency', 'currency must be a currency, not an ISO 4217 fund or unit code');
    } else if (!isMoneyCurrency(currency)) {
      fail('perk.currency', 'currency must be an active ISO 4217 code in upper case, e.g. EUR');
    }
  }
  // A value means nothing without its currency, and a currency alone declares nothing.
  if (valueMinor !== undefined && currency === undefined) {
    fail('perk.currency', 'currency is required when valueMinor is given');
  }
  if (currency !== undefined && valueMinor === undefined) {
    fail('perk.valueMinor', 'valueMinor is required when currency is given');
  }

  return errors;
}
