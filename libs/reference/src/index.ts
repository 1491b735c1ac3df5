/**
 * @perkrank/reference — the published reference lists every context shares: topics, ISO 3166-1
 * countries and ISO 4217 currencies. Pure data and predicates, no framework imports.
 */
export { TOPICS, isTopic } from './topics';
export type { Topic } from './topics';
export { ISO_3166_ALPHA2, isCountryCode } from './countries';
export type { CountryCode } from './countries';
export { ISO_4217_CURRENCIES, ISO_4217_FUNDS_AND_UNITS, isCurrencyCode, isMoneyCurrency } from './currencies';
export type { CurrencyCode } from './currencies';
export { NETWORKS, isNetwork } from './networks';
export type { Network } from './networks';
