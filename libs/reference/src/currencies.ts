/**
 * ISO 4217 List One, active codes (snapshot of late 2026: after BGN → EUR on 2026-01-01,
 * ANG → XCG, ZWL → ZWG, SLL → SLE; HRK and CUC withdrawn). Kept in two parts because a perk's
 * declared value needs money, not a fund or an accounting unit such as gold (XAU) or "no currency" (XXX).
 */

/** Currencies that circulate as money (155). */
// prettier-ignore
export const ISO_4217_CURRENCIES = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK',
  'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
  'QAR',
  'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'UGX', 'USD', 'UYU', 'UZS',
  'VED', 'VES', 'VND', 'VUV',
  'WST',
  'XAF', 'XCD', 'XCG', 'XOF', 'XPF',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
] as const;

/** Active codes that are funds, precious metals, settlement units or reserved for testing (22). */
// prettier-ignore
export const ISO_4217_FUNDS_AND_UNITS = [
  'BOV',
  'CHE', 'CHW', 'CLF', 'COU',
  'MXV',
  'USN', 'UYI', 'UYW',
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
] as const;

export type CurrencyCode = (typeof ISO_4217_CURRENCIES)[number] | (typeof ISO_4217_FUNDS_AND_UNITS)[number];

const MONEY: ReadonlySet<string> = new Set(ISO_4217_CURRENCIES);
const ACTIVE: ReadonlySet<string> = new Set([...ISO_4217_CURRENCIES, ...ISO_4217_FUNDS_AND_UNITS]);

/** Any active ISO 4217 code, funds and units included (upper case). */
export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && ACTIVE.has(value);
}

/** An active code for money, as a perk's value or a payment needs. */
export function isMoneyCurrency(value: unknown): value is (typeof ISO_4217_CURRENCIES)[number] {
  return typeof value === 'string' && MONEY.has(value);
}
