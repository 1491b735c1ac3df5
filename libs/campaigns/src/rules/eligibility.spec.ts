import fc from 'fast-check';
import {
  ELIGIBILITY_REASONS,
  type EligibilityCampaign,
  type EligibilityMember,
  type EligibilityReason,
  checkEligibility,
} from './eligibility';

const now = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;

const campaign: EligibilityCampaign = {
  minScore: 60,
  topics: ['travel', 'food'],
  countries: ['DE', 'AT'],
  cities: ['Berlin', 'Wien'],
  networks: ['mastodon', 'bluesky'],
  remaining: 5,
  startsAt: new Date(now.getTime() - HOUR),
  endsAt: new Date(now.getTime() + HOUR),
};
const member: EligibilityMember = {
  score: 72.5,
  topics: ['food', 'music'],
  country: 'DE',
  city: 'Berlin',
  verifiedNetworks: ['bluesky'],
};

describe('checkEligibility (table)', () => {
  it.each<[string, Partial<EligibilityCampaign>, Partial<EligibilityMember>, EligibilityReason[]]>([
    ['a matching member', {}, {}, []],
    ['score exactly at the threshold', {}, { score: 60 }, []],
    ['score just below the threshold', {}, { score: 59.9 }, ['below_score_threshold']],
    ['no score yet', {}, { score: null }, ['score_not_available']],
    ['no score and no threshold', { minScore: 0 }, { score: null }, ['score_not_available']],
    ['a non-finite score', {}, { score: Number.NaN }, ['score_not_available']],
    ['no topic in common', {}, { topics: ['gaming'] }, ['topic_mismatch']],
    ['no topics at all', {}, { topics: [] }, ['topic_mismatch']],
    ['campaign without topics', { topics: [] }, { topics: [] }, []],
    ['campaign with topics omitted', { topics: undefined }, { topics: ['gaming'] }, []],
    ['another country', {}, { country: 'FR' }, ['location_mismatch']],
    ['country in lower case', {}, { country: 'de' }, []],
    ['unknown country', {}, { country: null }, ['location_mismatch']],
    ['another city', {}, { city: 'Hamburg' }, ['location_mismatch']],
    ['city in another case and spacing', {}, { city: '  BERLIN ' }, []],
    ['city with non-ASCII letters in another case', { cities: ['München'] }, { city: 'MÜNCHEN' }, []],
    ['unknown city', {}, { city: null }, ['location_mismatch']],
    ['wrong country and city: one reason', {}, { country: 'FR', city: 'Paris' }, ['location_mismatch']],
    ['campaign without a place', { countries: [], cities: [] }, { country: null, city: null }, []],
    ['countries only', { cities: [] }, { city: 'Hamburg' }, []],
    ['no verified account on a listed network', {}, { verifiedNetworks: ['x'] }, ['network_missing']],
    ['no verified accounts', {}, { verifiedNetworks: [] }, ['network_missing']],
    ['campaign without networks', { networks: [] }, { verifiedNetworks: [] }, []],
    ['sold out', { remaining: 0 }, {}, ['sold_out']],
    ['not started', { startsAt: new Date(now.getTime() + 1) }, {}, ['not_started']],
    ['starting exactly now', { startsAt: now }, {}, []],
    ['ended exactly now', { endsAt: now }, {}, ['ended']],
    ['ended earlier', { endsAt: new Date(now.getTime() - HOUR), startsAt: new Date(0) }, {}, ['ended']],
    ['an invalid end date', { endsAt: new Date(Number.NaN) }, {}, ['ended']],
    [
      'everything wrong at once',
      { remaining: 0, startsAt: new Date(now.getTime() + HOUR), endsAt: new Date(now.getTime() - HOUR) },
      { score: 10, topics: [], country: 'FR', city: null, verifiedNetworks: [] },
      [
        'below_score_threshold',
        'topic_mismatch',
        'location_mismatch',
        'network_missing',
        'sold_out',
        'not_started',
        'ended',
      ],
    ],
  ])('%s', (_name, campaignChange, memberChange, reasons) => {
    expect(checkEligibility({ ...campaign, ...campaignChange }, { ...member, ...memberChange }, now)).toEqual(
      {
        eligible: reasons.length === 0,
        reasons,
      },
    );
  });
});

describe('checkEligibility (properties)', () => {
  const topics = ['travel', 'food', 'music', 'tech'];
  const countries = ['DE', 'FR', 'US'];
  const cities = ['Berlin', 'Paris', 'Austin'];
  const networks = ['mastodon', 'bluesky', 'x'];
  const casing = (city: string) => fc.constantFrom(city, city.toLowerCase(), city.toUpperCase(), ` ${city} `);

  const campaignArb: fc.Arbitrary<EligibilityCampaign> = fc.record({
    minScore: fc.integer({ min: 0, max: 100 }),
    topics: fc.subarray(topics),
    countries: fc.subarray(countries),
    cities: fc.subarray(cities),
    networks: fc.subarray(networks),
    remaining: fc.integer({ min: -1, max: 3 }),
    startsAt: fc.integer({ min: -3, max: 3 }).map((h) => new Date(now.getTime() + h * HOUR)),
    endsAt: fc.integer({ min: -3, max: 3 }).map((h) => new Date(now.getTime() + h * HOUR)),
  });
  const memberArb: fc.Arbitrary<EligibilityMember> = fc.record({
    score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
    topics: fc.subarray(topics),
    country: fc.option(fc.constantFrom(...countries), { nil: null }),
    city: fc.option(fc.constantFrom(...cities).chain(casing), { nil: null }),
    verifiedNetworks: fc.subarray(networks),
  });

  const isSubset = (smaller: readonly string[], larger: readonly string[]) =>
    smaller.every((r) => larger.includes(r));

  it('is eligible iff there are no reasons; reasons are distinct and in canonical order', () => {
    fc.assert(
      fc.property(campaignArb, memberArb, (c, m) => {
        const { eligible, reasons } = checkEligibility(c, m, now);
        expect(eligible).toBe(reasons.length === 0);
        expect(reasons).toEqual(ELIGIBILITY_REASONS.filter((r) => reasons.includes(r)));
      }),
      { numRuns: 2000 },
    );
  });

  it('never adds a reason when the member’s score goes up', () => {
    fc.assert(
      fc.property(campaignArb, memberArb, fc.double({ min: 0, max: 100, noNaN: true }), (c, m, raise) => {
        if (m.score === null) return;
        const before = checkEligibility(c, m, now).reasons;
        const after = checkEligibility(c, { ...m, score: Math.min(100, m.score + raise) }, now).reasons;
        expect(isSubset(after, before)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never adds a reason when the campaign drops a restriction or lowers its threshold', () => {
    const loosen = fc.constantFrom<(c: EligibilityCampaign) => EligibilityCampaign>(
      (c) => ({ ...c, topics: [] }),
      (c) => ({ ...c, countries: undefined }),
      (c) => ({ ...c, cities: [] }),
      (c) => ({ ...c, networks: [] }),
      (c) => ({ ...c, minScore: Math.max(0, c.minScore - 10) }),
      // A longer "any of" list is looser, but only if it was a restriction to begin with.
      (c) => (c.topics?.length ? { ...c, topics: [...c.topics, 'tech'] } : c),
      (c) => (c.cities?.length ? { ...c, cities: [...c.cities, 'paris'] } : c),
      (c) => ({ ...c, remaining: c.remaining + 1 }),
      (c) => ({ ...c, startsAt: new Date(c.startsAt.getTime() - HOUR) }),
      (c) => ({ ...c, endsAt: new Date(c.endsAt.getTime() + HOUR) }),
    );
    fc.assert(
      fc.property(campaignArb, memberArb, loosen, (c, m, change) => {
        const before = checkEligibility(c, m, now).reasons;
        expect(isSubset(checkEligibility(change(c), m, now).reasons, before)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never adds a reason when the member verifies another network or picks another topic', () => {
    fc.assert(
      fc.property(
        campaignArb,
        memberArb,
        fc.constantFrom(...networks),
        fc.constantFrom(...topics),
        (c, m, n, t) => {
          const before = checkEligibility(c, m, now).reasons;
          const after = checkEligibility(
            c,
            { ...m, verifiedNetworks: [...m.verifiedNetworks, n], topics: [...m.topics, t] },
            now,
          ).reasons;
          expect(isSubset(after, before)).toBe(true);
        },
      ),
    );
  });

  it('makes any member eligible for an open, unrestricted campaign once they have a score', () => {
    fc.assert(
      fc.property(memberArb, (m) => {
        const open: EligibilityCampaign = {
          minScore: 0,
          remaining: 1,
          startsAt: now,
          endsAt: new Date(now.getTime() + 1),
        };
        const result = checkEligibility(open, m, now);
        expect(result.eligible).toBe(m.score !== null);
      }),
    );
  });
});
