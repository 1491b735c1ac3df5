import {
  type ModerationCampaignInput,
  type ModerationConfig,
  type ModerationFlagCode,
  computeModerationFlags,
} from './moderation-flags';

const now = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const oldBrand = { createdAt: new Date(now.getTime() - 30 * 24 * HOUR) };
const config: ModerationConfig = {
  valueCeilingsMinor: { EUR: 100_000, JPY: 15_000_000 },
  denyList: ['casino', 'free money', 'c++', ' ', 'CASINO'],
};
const clean: ModerationCampaignInput = {
  title: 'Suite upgrade in Berlin',
  description: 'Stay with us and enjoy a complimentary suite upgrade on arrival.',
  perk: {
    terms: 'One upgrade per stay, subject to availability, valid Sunday to Thursday until end of June.',
    valueMinor: 25_000,
    currency: 'EUR',
  },
};

const codes = (campaign: ModerationCampaignInput, brand = oldBrand, cfg = config): ModerationFlagCode[] =>
  computeModerationFlags(campaign, brand, cfg, now).map((flag) => flag.code);
const withPerk = (perk: Partial<ModerationCampaignInput['perk']>): ModerationCampaignInput => ({
  ...clean,
  perk: { ...clean.perk, ...perk },
});

describe('computeModerationFlags', () => {
  it('raises nothing for a clean campaign from an established brand', () => {
    expect(computeModerationFlags(clean, oldBrand, config, now)).toEqual([]);
  });

  it('gives every flag a human message', () => {
    const flags = computeModerationFlags(
      {
        title: 'Casino night',
        description: 'see https://x.example',
        perk: { terms: '', valueMinor: 1, currency: 'USD' },
      },
      { createdAt: now },
      config,
      now,
    );
    expect(flags.map((f) => f.code)).toEqual([
      'terms_missing',
      'links_in_description',
      'value_unchecked',
      'new_brand',
      'denied_word',
    ]);
    for (const flag of flags) expect(flag.message.length).toBeGreaterThan(10);
  });

  describe('terms', () => {
    it.each<[string, string | null | undefined, ModerationFlagCode[]]>([
      ['missing', undefined, ['terms_missing']],
      ['null', null, ['terms_missing']],
      ['blank', '   \n ', ['terms_missing']],
      ['39 characters', 'x'.repeat(39), ['terms_too_short']],
      ['40 characters', 'x'.repeat(40), []],
      [
        'padded with spaces to 40',
        `${'x'.repeat(20)}${' '.repeat(30)}${'y'.repeat(10)}`,
        ['terms_too_short'],
      ],
      ['39 emoji are 39 characters, not 78', '🎉'.repeat(39), ['terms_too_short']],
    ])('%s', (_name, terms, expected) => {
      expect(codes(withPerk({ terms }))).toEqual(expected);
    });
  });

  describe('links in the description', () => {
    it.each([
      'Book at https://example.com/deal',
      'Book at http://example.com',
      'Details: HTTPS://EXAMPLE.ORG',
      'Go to www.example-hotel.travel now',
      'Visit example-hotel.com for more',
      'Visit hotel.co.uk',
      'Mail bookings@grand-hotel.de',
      'Visit example[.]com',
      'Join t.me/ourgroup',
      'Scan: ftp://files.example.net',
    ])('flags %j', (description) => {
      expect(codes({ ...clean, description })).toEqual(['links_in_description']);
    });

    it.each([
      'Enjoy 3.5 stars of comfort, e.g. a late checkout.',
      'Check-in from 3 p.m. at the front desk.',
      'A stay at Hotel Adlon, Berlin. Breakfast included.',
      'Our newsletter.community is not a link',
      'The suite.Enjoy it!',
    ])('does not flag %j', (description) => {
      expect(codes({ ...clean, description })).toEqual([]);
    });
  });

  describe('declared value', () => {
    it.each<[string, Partial<ModerationCampaignInput['perk']>, ModerationFlagCode[]]>([
      ['at the ceiling', { valueMinor: 100_000, currency: 'EUR' }, []],
      ['above the ceiling', { valueMinor: 100_001, currency: 'EUR' }, ['value_above_ceiling']],
      ['below the yen ceiling', { valueMinor: 10_000_000, currency: 'JPY' }, []],
      ['a currency without a ceiling', { valueMinor: 1, currency: 'USD' }, ['value_unchecked']],
      [
        'an inherited property name as currency',
        { valueMinor: 1, currency: 'constructor' },
        ['value_unchecked'],
      ],
      ['no declared value', { valueMinor: null, currency: null }, []],
    ])('%s', (_name, perk, expected) => {
      expect(codes(withPerk(perk))).toEqual(expected);
    });
  });

  describe('new brands', () => {
    it.each<[string, Date, boolean]>([
      ['created just now', now, true],
      ['created 23:59 ago', new Date(now.getTime() - 24 * HOUR + 60_000), true],
      ['created exactly 24 h ago', new Date(now.getTime() - 24 * HOUR), false],
      ['created a week ago', new Date(now.getTime() - 7 * 24 * HOUR), false],
      ['created in the future (clock skew)', new Date(now.getTime() + HOUR), true],
      ['with an invalid creation date', new Date(Number.NaN), true],
    ])('%s', (_name, createdAt, flagged) => {
      expect(codes(clean, { createdAt })).toEqual(flagged ? ['new_brand'] : []);
    });
  });

  describe('deny list', () => {
    it.each<[string, Partial<ModerationCampaignInput>, number]>([
      ['a word in the title', { title: 'Casino weekend' }, 1],
      ['a word in upper case in the description', { description: 'Our CASINO is open late.' }, 1],
      ['a word followed by punctuation', { description: 'Try the casino!' }, 1],
      ['a phrase across a line break', { description: 'Win free\nmoney tonight' }, 1],
      ['a phrase with extra spaces', { description: 'Free   money for all' }, 1],
      ['a word with regex characters', { description: 'Learn C++ with us' }, 1],
      ['two different entries', { title: 'Casino', description: 'Free money' }, 2],
      ['a word inside another word', { description: 'Casinos and casinoroyale are not whole words' }, 0],
      ['a word glued to a digit', { description: 'casino2 is a brand name' }, 0],
      ['a word glued to a non-ASCII letter', { description: 'Ücasino' }, 0],
      ['a phrase split across two fields', { title: 'Win it for free', description: 'Money matters' }, 0],
      ['regex characters inside another word', { description: 'Learn C++x' }, 0],
    ])('%s', (_name, change, count) => {
      expect(codes({ ...clean, ...change }).filter((code) => code === 'denied_word')).toHaveLength(count);
    });

    it('searches the terms too, and reports each entry once', () => {
      const flags = computeModerationFlags(
        withPerk({ terms: `${'x'.repeat(40)} casino casino CASINO` }),
        oldBrand,
        config,
        now,
      );
      expect(flags).toEqual([
        { code: 'denied_word', message: 'The campaign uses the denied word "casino".' },
      ]);
    });

    it('does nothing with an empty deny list', () => {
      expect(codes({ ...clean, title: 'Casino' }, oldBrand, { ...config, denyList: [] })).toEqual([]);
    });
  });
});
