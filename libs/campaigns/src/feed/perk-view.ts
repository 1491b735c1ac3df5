/**
 * The perk and its venue as every read answers them (the perk feed, a member's claims, the front
 * desk): the one mapping from the columns a read model selects to what clients see.
 */

/** The perk columns as read models select them (`perk_value_minor` is a bigint, read as a string). */
export interface PerkColumns<T extends string = string> {
  perkType: T;
  perkTerms: string | null;
  perkValueMinor: string | null;
  perkCurrency: string | null;
}

export interface PlaceColumns {
  venueName: string | null;
  city: string | null;
  country: string | null;
  address: string | null;
}

export interface PerkDetails<T extends string = string> {
  type: T;
  terms: string | null;
  valueMinor: number | null;
  currency: string | null;
}

export interface Place {
  venueName: string;
  city: string;
  country: string;
  address: string | null;
}

export function perkDetails<T extends string>(row: PerkColumns<T>): PerkDetails<T> {
  return {
    type: row.perkType,
    terms: row.perkTerms,
    valueMinor: row.perkValueMinor === null ? null : Number(row.perkValueMinor),
    currency: row.perkCurrency,
  };
}

/** The venue, or null unless it has a name, a city and a country. */
export function placeOf(row: PlaceColumns): Place | null {
  return row.venueName !== null && row.city !== null && row.country !== null
    ? { venueName: row.venueName, city: row.city, country: row.country, address: row.address }
    : null;
}
