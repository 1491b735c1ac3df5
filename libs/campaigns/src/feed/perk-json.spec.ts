import fc from 'fast-check';
import { PERK_TYPES } from '../campaigns/campaign.entity';
import { checkEligibility, type EligibilityMember } from '../rules';
import type { PerkRow } from './perk-feed.repository';
import { perkView } from './perk-feed.service';
import { cachedPerk, itemJson, pageJson, PerkJsonCache, perkJson, withStock } from './perk-json';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const date = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const list = fc.array(text, { maxLength: 4 });

const rowArb: fc.Arbitrary<PerkRow> = fc.record({
  id: fc.uuid(),
  title: text,
  description: text,
  brandId: fc.uuid(),
  brandName: text,
  perkType: fc.constantFrom(...PERK_TYPES),
  perkTerms: nullable(text),
  perkValueMinor: nullable(fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String)),
  perkCurrency: nullable(fc.constantFrom('EUR', 'USD')),
  minScore: fc.integer({ min: 0, max: 100 }),
  topics: list,
  networks: list,
  countries: list,
  cities: list,
  remaining: fc.integer({ min: 0, max: 1_000_000 }),
  perUser: fc.integer({ min: 1, max: 10 }),
  startsAt: date,
  endsAt: date,
  claimTtlHours: fc.integer({ min: 1, max: 720 }),
  venueName: nullable(text),
  city: nullable(text),
  country: nullable(text),
  address: nullable(text),
  disclosureRequired: fc.boolean(),
  approvedAt: date,
});

const memberArb: fc.Arbitrary<EligibilityMember> = fc.record({
  score: nullable(fc.integer({ min: 0, max: 100 })),
  topics: list,
  country: nullable(text),
  city: nullable(text),
  verifiedNetworks: list,
});

describe('perk JSON fragments', () => {
  it('write, to the byte, what JSON.stringify writes for the object mapping (items and pages)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rowArb, fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 4 }),
        memberArb,
        date,
        fc.boolean(),
        nullable(text),
        (rows, member, now, hasMore, cursor) => {
          const items = rows.map(([row, remaining]) => {
            // The stock is read live: what the cached version holds may be older.
            const live = { ...row, remaining };
            const { campaign, json } = cachedPerk({ ...row, version: '1' }, 0);
            const eligibility = checkEligibility(withStock(campaign, remaining), member, now);
            const item = itemJson(json, remaining, eligibility);
            expect(item).toBe(JSON.stringify(perkView(live, member, now)));
            return item;
          });
          const data = rows.map(([row, remaining]) => perkView({ ...row, remaining }, member, now));
          expect(pageJson(items, hasMore, cursor)).toBe(
            JSON.stringify({ data, hasMore, nextCursor: cursor }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the cache answers only the very row version and brand name it holds, and forgets old and surplus entries', () => {
    const [row] = fc.sample(rowArb, { numRuns: 1, seed: 3 });
    const cache = new PerkJsonCache(2, 1_000);
    const entry = cachedPerk({ ...row, version: '100' }, 0);
    cache.set(row.id, entry);
    expect(cache.get(row.id, '100', row.brandName, 10)).toBe(entry);
    expect(cache.get(row.id, '101', row.brandName, 10)).toBeUndefined();
    expect(cache.get(row.id, '100', `${row.brandName}!`, 10)).toBeUndefined();
    expect(cache.get(row.id, '100', row.brandName, 1_001)).toBeUndefined(); // too old: dropped
    expect(cache.size).toBe(0);
    cache.set('a', entry);
    cache.set('b', entry);
    cache.set('a', entry); // used again: now the newest
    cache.set('c', entry);
    expect(cache.size).toBe(2);
    expect(cache.get('b', '100', row.brandName, 0)).toBeUndefined();
    expect(cache.get('a', '100', row.brandName, 0)).toBe(entry);
    expect(perkJson(row).head.endsWith('"remaining":')).toBe(true);
  });
});
