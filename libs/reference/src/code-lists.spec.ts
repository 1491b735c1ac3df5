import { ISO_3166_ALPHA2, isCountryCode } from './countries';
import { ISO_4217_CURRENCIES, ISO_4217_FUNDS_AND_UNITS, isCurrencyCode, isMoneyCurrency } from './currencies';
import { TOPICS, isTopic } from './topics';

describe('topics', () => {
  it('publishes about 30 distinct lower-case topics', () => {
    expect(TOPICS.length).toBeGreaterThanOrEqual(28);
    expect(new Set(TOPICS).size).toBe(TOPICS.length);
    for (const topic of TOPICS) expect(topic).toMatch(/^[a-z]+$/);
  });

  it.each([
    ['travel', true],
    ['science', true],
    ['Travel', false],
    [' travel', false],
    ['crypto', false],
    ['', false],
    [42, false],
    [null, false],
  ])('isTopic(%j) is %s', (value, expected) => {
    expect(isTopic(value)).toBe(expected);
  });
});

describe('ISO 3166-1 alpha-2', () => {
  it('holds the 249 officially assigned codes, each once', () => {
    expect(ISO_3166_ALPHA2).toHaveLength(249);
    expect(new Set(ISO_3166_ALPHA2).size).toBe(249);
    for (const code of ISO_3166_ALPHA2) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('agrees with the region names in the runtime’s CLDR data', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (const code of ISO_3166_ALPHA2) expect(names.of(code)).toBeDefined();
  });

  it.each([
    ['DE', true],
    ['US', true],
    ['SS', true],
    ['BQ', true],
    ['AQ', true],
    ['de', false],
    ['UK', false],
    ['EU', false],
    ['XK', false],
    ['YU', false],
    ['DEU', false],
    [undefined, false],
  ])('isCountryCode(%j) is %s', (value, expected) => {
    expect(isCountryCode(value)).toBe(expected);
  });
});

describe('ISO 4217', () => {
  const all = [...ISO_4217_CURRENCIES, ...ISO_4217_FUNDS_AND_UNITS];

  it('holds each active code once, in two disjoint parts', () => {
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(177);
    for (const code of all) expect(code).toMatch(/^[A-Z]{3}$/);
  });

  it('lists only money the runtime’s CLDR data knows as a current currency', () => {
    const current = new Set(Intl.supportedValuesOf('currency'));
    // CLDR leaves out the Bolívar digital (VED), which ISO lists beside VES.
    const missing = ISO_4217_CURRENCIES.filter((code) => !current.has(code));
    expect(missing).toEqual(['VED']);
  });

  it.each([
    ['EUR', true, true],
    ['JPY', true, true],
    ['XCG', true, true],
    ['ZWG', true, true],
    ['SLE', true, true],
    ['XAU', true, false],
    ['XXX', true, false],
    ['CHE', true, false],
    ['BGN', false, false],
    ['ANG', false, false],
    ['HRK', false, false],
    ['DEM', false, false],
    ['eur', false, false],
    ['', false, false],
  ])('%s: active %s, money %s', (code, active, money) => {
    expect(isCurrencyCode(code)).toBe(active);
    expect(isMoneyCurrency(code)).toBe(money);
  });
});
