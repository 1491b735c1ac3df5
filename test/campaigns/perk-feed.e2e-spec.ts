import fc from 'fast-check';
import {
  Client,
  CampaignOverrides,
  insertSocialAccount,
  newBrand,
  newCampaign,
  newLiveCampaign,
  scoredInfluencer,
  setScore,
  useTestApp,
  useAdmin,
  useBrand,
} from '@perkrank/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface PerkItem {
  id: string;
  eligible: boolean;
  reasons: string[];
}

/** Every page of a feed query, following nextCursor. */
async function allPages(client: Client, query: string, limit = 7): Promise<PerkItem[]> {
  const items: PerkItem[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = query ? '&' : '';
    const url: string = `/v1/perks?${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res: { body: { data: PerkItem[]; nextCursor: string | null } } = await client.get(url).expect(200);
    items.push(...res.body.data);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('perk feed (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);
  const brand = useBrand(t);

  const live = (overrides: CampaignOverrides = {}) => newLiveCampaign(t, brand, admin, overrides);
  const at = (offsetMs: number): string => new Date(t.clock.now().getTime() + offsetMs).toISOString();

  it('gives every reason a member cannot claim a perk, and hides those perks from the plain feed', async () => {
    const member = await scoredInfluencer(t, 55, { topics: ['food'], country: 'FR', city: 'Paris' });
    await insertSocialAccount(t, member, { network: 'bluesky' });
    const open = await live({ eligibility: { minScore: 50 } });
    const cases: Array<[CampaignOverrides, string[]]> = [
      [{ eligibility: { minScore: 70 } }, ['below_score_threshold']],
      [{ eligibility: { minScore: 0, topics: ['travel', 'music'] } }, ['topic_mismatch']],
      [{ eligibility: { minScore: 0, countries: ['DE', 'AT'] } }, ['location_mismatch']],
      [{ eligibility: { minScore: 0, cities: ['Lyon'] } }, ['location_mismatch']],
      [{ eligibility: { minScore: 0, networks: ['mastodon', 'x'] } }, ['network_missing']],
      [
        { eligibility: { minScore: 0 }, schedule: { startsAt: at(DAY), endsAt: at(2 * DAY) } },
        ['not_started'],
      ],
      [
        { eligibility: { minScore: 90, topics: ['tech'], countries: ['US'], networks: ['youtube'] } },
        ['below_score_threshold', 'topic_mismatch', 'location_mismatch', 'network_missing'],
      ],
    ];
    const expected = new Map<string, string[]>([[open.id, []]]);
    for (const [overrides, reasons] of cases) expected.set((await live(overrides)).id, reasons);
    // Matches: the member's topic, country, city (any spelling) and verified network.
    const matching = await live({
      eligibility: {
        minScore: 55,
        topics: ['food'],
        countries: ['FR'],
        cities: [' PARIS '],
        networks: ['bluesky'],
      },
    });
    expected.set(matching.id, []);
    const soldOut = await live({ eligibility: { minScore: 0 } });
    // Claims (another context) are what empties stock; here the row is set the way they leave it.
    await t.dataSource.query('UPDATE campaigns SET inventory_remaining = 0 WHERE id = $1', [soldOut.id]);
    expected.set(soldOut.id, ['sold_out']);

    const plain = await allPages(member, '');
    const ids = new Set(expected.keys());
    expect(
      plain
        .filter((p) => ids.has(p.id))
        .map((p) => p.id)
        .sort(),
    ).toEqual([open.id, matching.id].sort());
    for (const item of plain) expect(item).toMatchObject({ eligible: true, reasons: [] });

    const withLocked = await allPages(member, 'includeLocked=true');
    for (const [id, reasons] of expected) {
      const item = withLocked.find((p) => p.id === id);
      expect({ id, reasons: item?.reasons }).toEqual({ id, reasons });
      expect(item?.eligible).toBe(reasons.length === 0);
      const detail = await member.get(`/v1/perks/${id}`).expect(200);
      expect(detail.body.eligibility).toEqual({ eligible: reasons.length === 0, reasons });
    }
  });

  it('shows nothing claimable without a score, and explains it under includeLocked', async () => {
    const member = await scoredInfluencer(t, null);
    const perk = await live({ eligibility: { minScore: 0 } });
    const plain = await member.get('/v1/perks').expect(200);
    expect(plain.body).toEqual({ data: [], hasMore: false, nextCursor: null });
    const locked = await allPages(member, 'includeLocked=true');
    expect(locked.find((p) => p.id === perk.id)?.reasons).toEqual(['score_not_available']);
    await setScore(t, member.id, 1);
    const later = await allPages(member, '');
    expect(later.map((p) => p.id)).toContain(perk.id);
  });

  it('ignores a score left behind for a member who does not consent to scoring', async () => {
    const member = await scoredInfluencer(t, 90);
    await member.patch('/v1/me/privacy', { scoringConsent: false });
    // Whatever the privacy flow does with scores, a row that is still there must not count.
    await t.dataSource.query('UPDATE users SET scoring_consent = false WHERE id = $1', [member.id]);
    await setScore(t, member.id, 90);
    const perk = await live({ eligibility: { minScore: 0 } });
    const plain = await member.get('/v1/perks').expect(200);
    expect(plain.body.data).toEqual([]);
    const detail = await member.get(`/v1/perks/${perk.id}`).expect(200);
    expect(detail.body.eligibility).toEqual({ eligible: false, reasons: ['score_not_available'] });
  });

  it('treats a window that has closed as over before the expiry job has run', async () => {
    const member = await scoredInfluencer(t, 80);
    const perk = await live({
      eligibility: { minScore: 0 },
      schedule: { startsAt: at(-HOUR), endsAt: at(2 * HOUR) },
    });
    expect((await allPages(member, '')).map((p) => p.id)).toContain(perk.id);
    t.clock.advance(2 * HOUR);
    try {
      expect((await allPages(member, 'includeLocked=true')).map((p) => p.id)).not.toContain(perk.id);
      const detail = await member.get(`/v1/perks/${perk.id}`).expect(200);
      expect(detail.body.eligibility).toEqual({ eligible: false, reasons: ['ended'] });
      const asBrand = await brand.owner.get(`/v1/campaigns/${perk.id}`).expect(200);
      expect(asBrand.body).toMatchObject({ status: 'approved', claimable: false });
    } finally {
      t.clock.reset();
    }
  });

  it('filters by topic, city and country (targeting or venue), and validates the filters', async () => {
    const member = await scoredInfluencer(t, 99, {
      topics: ['travel', 'gaming'],
      country: 'AT',
      city: 'Wien',
    });
    const wien = await live({
      eligibility: { minScore: 0, topics: ['gaming'], cities: ['Wien'] },
      location: { venueName: 'Spielbar', city: 'Wien', country: 'AT' },
    });
    const anywhere = await live({
      eligibility: { minScore: 0, topics: ['travel'], countries: ['AT'] },
      location: null,
    });
    const ids = async (query: string) => (await allPages(member, query)).map((p) => p.id);
    expect(await ids('topic=gaming')).toContain(wien.id);
    expect(await ids('topic=gaming')).not.toContain(anywhere.id);
    expect(await ids('city=%20WIEN')).toContain(wien.id);
    expect(await ids('city=wien')).not.toContain(anywhere.id);
    expect(await ids('country=at')).toEqual(expect.arrayContaining([wien.id, anywhere.id]));
    expect(await ids('country=DE')).not.toContain(wien.id);

    const bad = await member
      .get('/v1/perks?topic=crypto&country=Austria&includeLocked=maybe&limit=0')
      .expect(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual([
      'country',
      'includeLocked',
      'limit',
      'topic',
    ]);
    await member.get('/v1/perks?cursor=bm9wZQ').expect(400);
    await member.get('/v1/perks/not-a-uuid').expect(404);
    const draft = await newCampaign(t, brand);
    const hidden = await member.get(`/v1/perks/${draft.id}`).expect(404);
    expect(hidden.body.error.code).toBe('campaign_not_found');
  });

  it('filters in SQL exactly as the pure eligibility rule decides (random campaigns and members)', async () => {
    const other = await newBrand(t);
    const topics = ['travel', 'food', 'music'];
    const countries = ['DE', 'FR'];
    const cities = ['Berlin', 'Paris'];
    const networks = ['mastodon', 'bluesky'] as const;
    const sub = <T>(values: readonly T[]) => fc.subarray([...values]);
    const campaignArb = fc.record({
      minScore: fc.integer({ min: 0, max: 100 }),
      topics: sub(topics),
      countries: sub(countries),
      cities: sub(cities),
      networks: sub(networks),
    });
    const memberArb = fc.record({
      score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      topics: sub(topics),
      country: fc.option(fc.constantFrom(...countries), { nil: null }),
      city: fc.option(fc.constantFrom(...cities.map((c) => c.toUpperCase()), ...cities), { nil: null }),
      networks: sub(networks),
    });
    const campaigns = fc.sample(campaignArb, { numRuns: 24, seed: 42 });
    const ours = new Set<string>();
    for (const eligibility of campaigns) {
      ours.add((await newLiveCampaign(t, other, admin, { eligibility })).id);
    }
    let eligibleSeen = 0;
    let lockedSeen = 0;
    for (const profile of fc.sample(memberArb, { numRuns: 8, seed: 7 })) {
      const member = await scoredInfluencer(t, profile.score, {
        topics: profile.topics,
        country: profile.country,
        city: profile.city,
      });
      for (const network of profile.networks) await insertSocialAccount(t, member, { network });
      const plain = (await allPages(member, '', 5)).map((p) => p.id).filter((id) => ours.has(id));
      const locked = (await allPages(member, 'includeLocked=true', 5)).filter((p) => ours.has(p.id));
      expect(locked).toHaveLength(ours.size);
      const eligible = locked.filter((p) => p.eligible).map((p) => p.id);
      expect(new Set(plain).size).toBe(plain.length);
      expect([...plain].sort()).toEqual([...eligible].sort());
      eligibleSeen += eligible.length;
      lockedSeen += locked.length - eligible.length;
    }
    // The sample must exercise both sides, or the comparison proves nothing.
    expect(eligibleSeen).toBeGreaterThan(5);
    expect(lockedSeen).toBeGreaterThan(5);
  });

  it('pages newest first without gaps or repeats', async () => {
    const other = await newBrand(t);
    const member = await scoredInfluencer(t, 100);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push((await newLiveCampaign(t, other, admin, { eligibility: { minScore: 0 } })).id);
      t.clock.advance(10);
    }
    const seen = (await allPages(member, '', 2)).map((p) => p.id).filter((id) => made.includes(id));
    expect(seen).toEqual([...made].reverse());
  });
});
