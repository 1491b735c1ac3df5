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
const N = 20000;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const run = (label: string, f: (n: number) => void) => { const c0 = cpu(); for (let n = 0; n < N; n++) f(n); console.log(label.padEnd(20), ((cpu() - c0) / N).toFixed(1), 'µs CPU'); };
for (let round = 0; round < 3; round++) {
  run('page', (n) => { const items = perks.map((p) => itemJson(p.json, 10 + (n % 3), checkEligibility({ ...p.campaign, remaining: 10 }, member, now))); Buffer.from(pageJson(items, true, 'abc')); });
  run('eligibility', () => perks.map((p) => checkEligibility({ ...p.campaign, remaining: 10 }, member, now)));
  run('json only', (n) => { const items = perks.map((p) => itemJson(p.json, 10 + (n % 3), { eligible: true, reasons: [] })); Buffer.from(pageJson(items, true, 'abc')); });
  run('stringify objects', () => { Buffer.from(JSON.stringify({ data: rows, hasMore: true, nextCursor: 'abc' })); });
}
for (let round = 0; round < 2; round++) {
  run('elig literal', () => perks.map(({ campaign: c }) => checkEligibility({ minScore: c.minScore, topics: c.topics, countries: c.countries, cities: c.cities, networks: c.networks, remaining: 10, startsAt: c.startsAt, endsAt: c.endsAt }, member, now)));
  run('elig spread', () => perks.map((p) => checkEligibility({ ...p.campaign, remaining: 10 }, member, now)));
}
