import { checkEligibility, cityKey, countryKey } from '../libs/campaigns/src/rules';
const campaign = { minScore: 21.5, topics: ['food', 'travel'], networks: ['mastodon'], countries: ['DE'], cities: ['Berlin'], remaining: 10, startsAt: new Date(), endsAt: new Date(Date.now() + 1e9) };
const member = { score: 50, topics: ['food'], country: 'DE', city: 'Berlin', verifiedNetworks: ['mastodon'] };
const now = new Date();
const N = 400000;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const run = (label: string, f: () => void) => { const c0 = cpu(); for (let n = 0; n < N; n++) f(); console.log(label.padEnd(20), ((1000 * (cpu() - c0)) / N).toFixed(0), 'ns CPU'); };
for (let r = 0; r < 2; r++) {
  run('check', () => checkEligibility(campaign, member, now));
  run('cityKey', () => cityKey('Berlin'));
  run('countryKey', () => countryKey('DE'));
  run('set', () => { const s = new Set<string>(); s.add('x'); return s.size; });
}
