import fc from 'fast-check';
import { type CampaignDraftInput, validateCampaignDraft } from './validation';

const now = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

const valid: CampaignDraftInput = {
  perk: { valueMinor: 25_000, currency: 'EUR' },
  eligibility: { minScore: 60, topics: ['travel', 'food'], countries: ['DE', 'AT'] },
  inventory: { total: 50, perUser: 1 },
  schedule: { startsAt: new Date(now.getTime() + DAY), endsAt: new Date(now.getTime() + 30 * DAY) },
  claimTtlHours: 72,
  location: { country: 'DE' },
};

const fieldsOf = (draft: CampaignDraftInput): string[] =>
  validateCampaignDraft(draft, now).map((e) => e.field);

describe('validateCampaignDraft', () => {
  it('accepts a complete valid draft and an empty one', () => {
    expect(validateCampaignDraft(valid, now)).toEqual([]);
    expect(validateCampaignDraft({}, now)).toEqual([]);
  });

  describe('schedule', () => {
    it.each<[string, CampaignDraftInput['schedule'], string[]]>([
      [
        'end after start, both future',
        { startsAt: new Date(now.getTime() + DAY), endsAt: new Date(now.getTime() + 2 * DAY) },
        [],
      ],
      [
        'start in the past is fine',
        { startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() + DAY) },
        [],
      ],
      [
        'end equal to start',
        { startsAt: new Date(now.getTime() + DAY), endsAt: new Date(now.getTime() + DAY) },
        ['endsAt must be after startsAt'],
      ],
      [
        'end before start',
        { startsAt: new Date(now.getTime() + 2 * DAY), endsAt: new Date(now.getTime() + DAY) },
        ['endsAt must be after startsAt'],
      ],
      ['end now', { endsAt: now }, ['endsAt must be in the future']],
      [
        'end in the past and before start',
        { startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() - 2 * DAY) },
        ['endsAt must be after startsAt', 'endsAt must be in the future'],
      ],
      ['invalid end', { endsAt: new Date(Number.NaN) }, ['endsAt must be a valid date']],
    ])('%s', (_name, schedule, messages) => {
      const errors = validateCampaignDraft({ ...valid, schedule }, now);
      expect(errors.map((e) => e.message)).toEqual(messages);
      for (const error of errors) expect(error.field).toBe('schedule.endsAt');
    });

    it('reports an invalid start on its own field', () => {
      expect(
        fieldsOf({ schedule: { startsAt: new Date(Number.NaN), endsAt: new Date(now.getTime() + DAY) } }),
      ).toEqual(['schedule.startsAt']);
    });
  });

  describe('inventory', () => {
    it.each<[number, number, string[]]>([
      [1, 1, []],
      [100_000, 100_000, []],
      [10, 3, []],
      [0, 1, ['inventory.total']],
      [100_001, 1, ['inventory.total']],
      [2.5, 1, ['inventory.total']],
      [10, 0, ['inventory.perUser']],
      [10, 11, ['inventory.perUser']],
      [10, 1.5, ['inventory.perUser']],
      [-1, 0, ['inventory.total', 'inventory.perUser']],
    ])('total %d, perUser %d', (total, perUser, fields) => {
      expect(fieldsOf({ inventory: { total, perUser } })).toEqual(fields);
    });

    it('bounds perUser by the largest stock when no total is set yet (an int4 column holds it)', () => {
      expect(fieldsOf({ inventory: { perUser: 3_000_000_000 } })).toEqual(['inventory.perUser']);
      expect(fieldsOf({ inventory: { perUser: 100_000 } })).toEqual([]);
    });

    it('accepts perUser between 1 and stock and nothing else', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100_000 }),
          fc.integer({ min: -5, max: 100_005 }),
          (total, perUser) => {
            const ok = perUser >= 1 && perUser <= total;
            expect(fieldsOf({ inventory: { total, perUser } })).toEqual(ok ? [] : ['inventory.perUser']);
          },
        ),
      );
    });
  });

  it.each<[number, boolean]>([
    [0, true],
    [100, true],
    [57.5, true],
    [57.25, true],
    [1e-46, false],
    [57.125, false],
    [-0.1, false],
    [100.1, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('minScore %d valid: %s', (minScore, ok) => {
    expect(fieldsOf({ eligibility: { minScore } })).toEqual(ok ? [] : ['eligibility.minScore']);
  });

  it.each<[number, boolean]>([
    [1, true],
    [720, true],
    [0, false],
    [721, false],
    [1.5, false],
  ])('claimTtlHours %d valid: %s', (claimTtlHours, ok) => {
    expect(fieldsOf({ claimTtlHours })).toEqual(ok ? [] : ['claimTtlHours']);
  });

  it('checks every eligibility country and the venue country against ISO 3166-1', () => {
    expect(
      fieldsOf({ eligibility: { countries: ['DE', 'de', 'UK', 'FR', 'XX'] }, location: { country: 'GER' } }),
    ).toEqual([
      'eligibility.countries[1]',
      'eligibility.countries[2]',
      'eligibility.countries[4]',
      'location.country',
    ]);
    expect(fieldsOf({ location: null })).toEqual([]);
  });

  it('checks topics against the published list', () => {
    expect(fieldsOf({ eligibility: { topics: ['travel', 'crypto', 'Food'] } })).toEqual([
      'eligibility.topics[1]',
      'eligibility.topics[2]',
    ]);
  });

  it.each<[string, CampaignDraftInput['perk'], string[]]>([
    ['a value in euros', { valueMinor: 4900, currency: 'EUR' }, []],
    ['no value at all', {}, []],
    ['nulls for both', { valueMinor: null, currency: null }, []],
    ['a value of zero', { valueMinor: 0, currency: 'JPY' }, []],
    ['a withdrawn currency', { valueMinor: 4900, currency: 'BGN' }, ['perk.currency']],
    ['a lower-case currency', { valueMinor: 4900, currency: 'eur' }, ['perk.currency']],
    ['gold', { valueMinor: 4900, currency: 'XAU' }, ['perk.currency']],
    ['a value without currency', { valueMinor: 4900 }, ['perk.currency']],
    ['a currency without value', { currency: 'EUR' }, ['perk.valueMinor']],
    ['a negative value', { valueMinor: -1, currency: 'EUR' }, ['perk.valueMinor']],
    ['a fractional value', { valueMinor: 49.5, currency: 'EUR' }, ['perk.valueMinor']],
  ])('perk value: %s', (_name, perk, fields) => {
    expect(fieldsOf({ perk })).toEqual(fields);
  });

  it('tells a fund or unit code apart from an unknown code', () => {
    expect(validateCampaignDraft({ perk: { valueMinor: 1, currency: 'XXX' } }, now)[0]?.message).toMatch(
      /fund or unit/,
    );
    expect(validateCampaignDraft({ perk: { valueMinor: 1, currency: 'ABC' } }, now)[0]?.message).toMatch(
      /active ISO 4217/,
    );
  });

  it('never echoes a submitted value in a message', () => {
    const errors = validateCampaignDraft(
      {
        eligibility: { countries: ['SECRETX'], topics: ['SECRETY'], minScore: 31337 },
        location: { country: 'SECRETZ' },
        perk: { valueMinor: 4242.5, currency: 'SECRETW' },
        inventory: { total: 987654, perUser: 0 },
        claimTtlHours: 9999,
      },
      now,
    );
    expect(errors.length).toBeGreaterThanOrEqual(8);
    for (const { message } of errors) expect(message).not.toMatch(/SECRET|31337|4242|987654|9999/);
  });
});
