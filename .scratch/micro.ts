import { cachedPerk, itemJson, pageJson } from '../libs/campaigns/src/feed/perk-json';
import { checkEligibility } from '../libs/campaigns/src/rules';
const rows = Array.from({ length: 20 }, (_, i) => ({
  id: `0190${i}000-0000-7000-8000-000000000001`, version: '123', title: `Perk number ${i} at München`, description: 'A nice perk with a long description '.repeat(4),
  brandId: '01900000-0000-7000-8000-000000000002', brandName: 'Brand Zürich', perkType: 'discount', perkTerms: '20% off', perkValueMinor: '2000', perkCurrency: 'EUR',
  minScore: 21.5, topics: ['food', 'travel'], networks: ['mastodon'], countries: ['DE'], cities: ['Berlin'], remaining: 10, perUser: 1,
  startsAt: new Date(), endsAt: new Date(Date.now() + 1e9), claimTtlHours: 48, venueName: 'Cafe', city: 'Berlin', country: 'DE', address: 'Str 1', disclosureRequired: true, approvedAt: new Date(),
}));
const perks = rows.map((r) => cachedPerk(r as never, 0));
const member = { score: 50, topics: ['food'], country: 'DE', city: 'Berlin', verifiedNetworks: ['mastodon'] };
const now = new Date();
let len = 0;
const N = 20000;
for (let round = 0; round < 3; round++) {
  const t0 = process.hrtime.bigint();
  for (let n = 0; n < N; n++) {
    const items = perks.map((p, i) => itemJson(p.json, 10 + (n % 3), checkEligibility({ ...p.campaign, remaining: 10 }, member, now)));
    const s = pageJson(items, true, 'abc');
    len += Buffer.byteLength(s);
  }
  console.log('µs per page', Number(process.hrtime.bigint() - t0) / 1e3 / N);
  const t1 = process.hrtime.bigint();
  for (let n = 0; n < N; n++) perks.map((p) => checkEligibility({ ...p.campaign, remaining: 10 }, member, now));
  console.log('  of which eligibility', Number(process.hrtime.bigint() - t1) / 1e3 / N);
}
console.log(len);
