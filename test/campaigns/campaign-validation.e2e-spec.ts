import {
  CampaignOverrides,
  campaignBody,
  newBrand,
  newCampaign,
  useTestApp,
  useBrand,
} from '@perkrank/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('campaign validation (API)', () => {
  const t = useTestApp();
  const brand = useBrand(t);

  const at = (offsetMs: number): string => new Date(t.clock.now().getTime() + offsetMs).toISOString();

  /** [rule, change to a valid body, the field the 400 must name]. */
  const cases: Array<[string, () => CampaignOverrides, string]> = [
    [
      'window end before start',
      () => ({ schedule: { startsAt: at(2 * DAY), endsAt: at(DAY) } }),
      'schedule.endsAt',
    ],
    [
      'window end equal to start',
      // One instant for both: the test clock runs, and two readings can be a millisecond apart.
      () => {
        const instant = at(DAY);
        return { schedule: { startsAt: instant, endsAt: instant } };
      },
      'schedule.endsAt',
    ],
    [
      'window end in the past',
      () => ({ schedule: { startsAt: at(-2 * DAY), endsAt: at(-DAY) } }),
      'schedule.endsAt',
    ],
    ['start not a date', () => ({ schedule: { startsAt: 'next tuesday' } }), 'schedule.startsAt'],
    ['minScore below 0', () => ({ eligibility: { minScore: -1 } }), 'eligibility.minScore'],
    ['minScore above 100', () => ({ eligibility: { minScore: 100.5 } }), 'eligibility.minScore'],
    ['minScore not a number', () => ({ eligibility: { minScore: '60' } }), 'eligibility.minScore'],
    ['stock of 0', () => ({ inventory: { total: 0, perUser: 1 } }), 'inventory.total'],
    ['stock above 100,000', () => ({ inventory: { total: 100_001, perUser: 1 } }), 'inventory.total'],
    ['stock not whole', () => ({ inventory: { total: 2.5 } }), 'inventory.total'],
    ['perUser of 0', () => ({ inventory: { total: 10, perUser: 0 } }), 'inventory.perUser'],
    ['perUser above the stock', () => ({ inventory: { total: 10, perUser: 11 } }), 'inventory.perUser'],
    ['claimTtlHours of 0', () => ({ claimTtlHours: 0 }), 'claimTtlHours'],
    ['claimTtlHours above 720', () => ({ claimTtlHours: 721 }), 'claimTtlHours'],
    [
      'a country that is no ISO code',
      () => ({ eligibility: { countries: ['DE', 'ZZ'] } }),
      'eligibility.countries[1]',
    ],
    [
      'a venue country that is no ISO code',
      () => ({ location: { venueName: 'X', city: 'Y', country: 'Germany' } }),
      'location.country',
    ],
    [
      'a currency that is no ISO code',
      () => ({ perk: { valueMinor: 100, currency: 'EUX' } }),
      'perk.currency',
    ],
    ['a fund code as currency', () => ({ perk: { valueMinor: 100, currency: 'XAU' } }), 'perk.currency'],
    ['a value without a currency', () => ({ perk: { valueMinor: 100, currency: null } }), 'perk.currency'],
    [
      'a topic outside the list',
      () => ({ eligibility: { topics: ['travel', 'crypto-pumps'] } }),
      'eligibility.topics[1]',
    ],
    ['an unknown network', () => ({ eligibility: { networks: ['myspace'] } }), 'eligibility.networks'],
    ['an unknown perk type', () => ({ perk: { type: 'cash' } }), 'perk.type'],
    ['an unknown code mode', () => ({ codes: { mode: 'printed' } }), 'codes.mode'],
    ['a title too short', () => ({ title: 'X' }), 'title'],
    ['an unknown property', () => ({ perk: { type: 'upgrade', cashback: 5 } }), 'perk.cashback'],
  ];

  it.each(cases)('create: %s → 400 naming the field, nothing written', async (_rule, change, field) => {
    const res = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t, change()))
      .expect(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'validation_failed' });
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/crypto-pumps|Germany|next tuesday|printed|EUX/);
    const list = await brand.owner.get(`/v1/brands/${brand.id}/campaigns`).expect(200);
    expect(list.body.data).toEqual([]);
  });

  it('create: requires a title and nothing else for a draft', async () => {
    const missing = await brand.owner.post(`/v1/brands/${brand.id}/campaigns`, {}).expect(400);
    expect(Object.keys(missing.body.error.details.fields)).toEqual(['title']);
    const other = await newBrand(t);
    await other.owner.post(`/v1/brands/${other.id}/campaigns`, { title: 'Just a title' }).expect(201);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['perUser above the stored stock', { inventory: { perUser: 21 } }, 'inventory.perUser'],
    ['end before the stored start', { schedule: { endsAt: new Date(0).toISOString() } }, 'schedule.endsAt'],
    ['start after the stored end', { schedule: { startsAt: '2999-01-01T00:00:00Z' } }, 'schedule.endsAt'],
    ['a currency alone after the value was cleared', { perk: { valueMinor: null } }, 'perk.valueMinor'],
    ['a topic outside the list', { eligibility: { topics: ['nope'] } }, 'eligibility.topics[0]'],
    ['the title cleared', { title: null }, 'title'],
  ])('edit: %s → 400 naming the field, nothing written', async (_rule, patch, field) => {
    const other = await newBrand(t);
    const draft = await newCampaign(t, other);
    const res = await other.owner.patch(`/v1/campaigns/${draft.id}`, patch).expect(400);
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
    const after = await other.owner.get(`/v1/campaigns/${draft.id}`).expect(200);
    expect(after.body).toEqual(draft);
  });

  it('edit: merges nested parts and replaces or clears the venue', async () => {
    const other = await newBrand(t);
    const draft = await newCampaign(t, other, { eligibility: { cities: ['Berlin', ' München '] } });
    expect((draft.eligibility as { cities: string[] }).cities).toEqual(['Berlin', 'München']);
    const res = await other.owner
      .patch(`/v1/campaigns/${draft.id}`, {
        inventory: { total: 50 },
        eligibility: { minScore: 70 },
        location: null,
        perk: { valueMinor: null, currency: null },
      })
      .expect(200);
    expect(res.body.inventory).toEqual({ total: 50, remaining: 50, perUser: 1 });
    expect(res.body.eligibility).toMatchObject({ minScore: 70, cities: ['Berlin', 'München'] });
    expect(res.body.location).toBeNull();
    expect(res.body.perk).toMatchObject({ type: 'upgrade', valueMinor: null, currency: null });
  });

  it('rejects a tampered list cursor with a 400', async () => {
    const cursor = Buffer.from(JSON.stringify([new Date().toISOString(), 'not-a-uuid'])).toString(
      'base64url',
    );
    const res = await brand.owner.get(`/v1/brands/${brand.id}/campaigns?cursor=${cursor}`).expect(400);
    expect(res.body.error.code).toBe('invalid_cursor');
  });
});
