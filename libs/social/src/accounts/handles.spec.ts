import { newVerificationToken, parseHandle } from './handles';

describe('parseHandle', () => {
  it.each([
    ['mastodon', '@Mia@Mastodon.Social', 'mia@mastodon.social'],
    ['mastodon', 'mia', undefined],
    ['mastodon', 'mia@localhost', undefined],
    ['bluesky', 'Mia.bsky.social', 'mia.bsky.social'],
    ['bluesky', 'mia', undefined],
    ['x', '@Mia_Travels', 'mia_travels'],
    ['x', 'this_is_too_long_for_x', undefined],
    ['instagram', 'mia.travels', 'mia.travels'],
    ['youtube', 'ab', undefined],
    ['tiktok', 'mia.travels', 'mia.travels'],
    ['facebook', 'mia', undefined],
  ] as const)('%s %s → %s', (network, raw, expected) => {
    expect(parseHandle(network, raw)).toBe(expected);
  });
});

describe('newVerificationToken', () => {
  it('is a distinct, bio-friendly token every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newVerificationToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(/^perkrank-[a-km-z2-9]{16}$/);
  });
});
