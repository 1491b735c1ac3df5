import {
  BlueskyConnector,
  ConnectorError,
  ConnectorHttp,
  MastodonConnector,
  type SyncResult,
} from '@perkrank/social';
import { BlueskyFake } from '../support/fakes/bluesky-fake';
import { MastodonFake } from '../support/fakes/mastodon-fake';

const DAY = 86_400_000;

/** An HTTP client that records the waits it is asked for instead of sleeping. */
function recordingHttp(): { http: ConnectorHttp; waits: number[] } {
  const waits: number[] = [];
  const http = new ConnectorHttp({
    sleep: (ms) => (waits.push(ms), Promise.resolve()),
    maxRetries: 3,
    allowPrivateHosts: true,
  });
  return { http, waits };
}

/** How many events of `kind` a sync brought. */
const countOf = (sync: SyncResult, kind: string): number => sync.events.filter((e) => e.kind === kind).length;

/** What a later sync brought: its posts' event ids and who liked (sorted). */
const newIn = (sync: SyncResult): { posts: string[]; likers: string[] } => ({
  posts: sync.events.filter((e) => e.kind === 'post').map((e) => e.eventId),
  likers: sync.events
    .filter((e) => e.kind === 'like')
    .map((e) => e.actorId)
    .sort(),
});

describe('Mastodon connector (against a local Mastodon)', () => {
  // Generous limits here: the real ones (and resuming after them) are the sync tests' subject.
  const fake = new MastodonFake({ apiLimit: 100_000, pagingLimit: 100_000 });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('reads the profile: canonical id, counts and the bio text (note and fields)', async () => {
    fake.addAccount('verifyme', {
      note: '<p>Travel &amp; food. <a href="https://x">perkrank-abcdefgh23456789</a></p>',
      fields: [{ name: 'Site', value: '<a href="https://example.com">example.com</a>', verified_at: null }],
      followers_count: 1234,
      following_count: 56,
    });
    const connector = new MastodonConnector({ apiBase: fake.url, http: recordingHttp().http });
    const profile = await connector.profile('verifyme@mastodon.example');
    expect(profile).toMatchObject({ nativeId: 'verifyme@mastodon.example', followers: 1234, following: 56 });
    expect(profile.bio).toContain('Travel & food. perkrank-abcdefgh23456789');
    expect(profile.bio).toContain('Site example.com');
    await expect(connector.profile('nobody@mastodon.example')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('syncs several pages, survives a 429 without Retry-After, and then fetches only what is new', async () => {
    const now = Date.now();
    const member = fake.addAccount('mia', { followers_count: 900, following_count: 120 });
    const fans = Array.from({ length: 45 }, (_, i) =>
      i % 3 === 0
        ? fake.addAccount(`fan${i}`, { remoteDomain: 'other.example' })
        : fake.addAccount(`fan${i}`),
    );
    // 95 posts over the last 80 days (3 pages of 40), and 5 from before the window.
    const posts = Array.from({ length: 95 }, (_, i) =>
      fake.post(member, new Date(now - (80 - (i * 80) / 95) * DAY)),
    );
    for (let i = 0; i < 5; i++) fake.post(member, new Date(now - (95 + i) * DAY));
    // The newest post is popular: 45 favourites (two pages), 3 reblogs and 2 replies.
    const top = posts[posts.length - 1];
    for (const fan of fans) fake.favourite(top, fan);
    for (const fan of fans.slice(0, 3)) fake.reblog(top, fan);
    fake.post(fans[1], new Date(now - 1000), top);
    fake.post(fans[2], new Date(now - 500), top);
    fake.favourite(posts[10], fans[4]);
    fake.throttleOnce(/\/statuses$/, 2);

    const { http, waits } = recordingHttp();
    const connector = new MastodonConnector({ apiBase: fake.url, http });
    const window = { from: now - 90 * DAY, now };
    const first = await connector.sync(
      { handle: 'mia@mastodon.example', nativeId: null, state: null },
      window,
    );

    // Mastodon's 429 has no Retry-After: the wait comes from X-RateLimit-Reset (ISO).
    expect(waits.some((w) => w > 1000 && w <= 2000)).toBe(true);
    const statusPages = fake.requestsTo(/^\/api\/v1\/accounts\/\d+\/statuses$/);
    expect(statusPages.length).toBeGreaterThanOrEqual(4); // the throttled one + 3 pages
    expect(statusPages.filter((r) => r.query.max_id !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(first.postsInWindow).toBe(95);
    expect(first.followers).toBe(900);
    expect(countOf(first, 'post')).toBe(95);
    expect(countOf(first, 'like')).toBe(46);
    expect(countOf(first, 'share')).toBe(3);
    expect(countOf(first, 'reply')).toBe(2);
    const remote = first.events.find((e) => e.actorId === 'fan0@other.example');
    expect(remote).toMatchObject({ kind: 'like', targetId: 'mia@mastodon.example' });
    expect(
      first.events.find((e) => e.actorId === 'fan1@mastodon.example' && e.kind === 'reply'),
    ).toBeDefined();
    expect(new Set(first.events.map((e) => e.eventId)).size).toBe(first.events.length);

    // Second sync: one new post with one favourite, one new favourite on a recent post.
    fake.requests.length = 0;
    const fresh = fake.post(member, new Date(now + 1000));
    fake.favourite(fresh, fans[7]);
    fake.favourite(top, fake.addAccount('latecomer'));
    const second = await connector.sync(
      { handle: 'mia@mastodon.example', nativeId: null, state: first.state },
      {
        from: window.from,
        now: now + 2000,
      },
    );
    const pages = fake.requestsTo(/^\/api\/v1\/accounts\/\d+\/statuses$/);
    expect(pages.every((r) => r.query.max_id === undefined)).toBe(true);
    expect(pages[0].query.min_id).toBeDefined();
    // Only the new post and the recent ones are looked at again, old posts are not.
    const engaged = new Set(fake.requestsTo(/favourited_by$/).map((r) => r.path.split('/')[4]));
    expect(engaged.has(posts[10].id)).toBe(false);
    expect(engaged.has(fresh.id)).toBe(true);
    const topFavs = fake.requestsTo(new RegExp(`/${top.id}/favourited_by$`));
    expect(topFavs[0].query.since_id).toBeDefined();
    expect(newIn(second)).toEqual({
      posts: [`post:${fresh.uri}`],
      likers: ['fan7@mastodon.example', 'latecomer@mastodon.example'],
    });
    expect(second.postsInWindow).toBe(96);
    expect(second.requests).toBeLessThan(first.requests / 3);
  });

  it('gives up on a 429 that asks for longer than it may wait', async () => {
    const quick = new MastodonConnector({
      apiBase: fake.url,
      http: new ConnectorHttp({ sleep: () => Promise.resolve(), maxWaitMs: 1000, allowPrivateHosts: true }),
    });
    fake.addAccount('busy');
    fake.throttleOnce(/lookup$/, 3600);
    const error = await quick.profile('busy@mastodon.example').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfter: 3600 });
  });
});

describe('Bluesky connector (against a local AppView)', () => {
  const fake = new BlueskyFake();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('reads the profile by handle: DID, counts and description', async () => {
    const account = fake.addAccount('zoe.bsky.social', {
      description: 'hi perkrank-zzzzzzzzzzzzzzzz',
      followersCount: 77,
    });
    const profile = await new BlueskyConnector({ apiBase: fake.url }).profile('zoe.bsky.social');
    expect(profile).toMatchObject({ nativeId: account.did, handle: 'zoe.bsky.social', followers: 77 });
    expect(profile.bio).toContain('perkrank-zzzzzzzzzzzzzzzz');
    await expect(
      new BlueskyConnector({ apiBase: fake.url }).profile('ghost.bsky.social'),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('syncs cursor pages, survives a 429, and a second sync stops at what it has seen', async () => {
    const now = Date.now();
    const member = fake.addAccount('mia.bsky.social', { followersCount: 500, followsCount: 80 });
    const fans = Array.from({ length: 130 }, (_, i) => fake.addAccount(`fan${i}.bsky.social`));
    const posts = Array.from({ length: 230 }, (_, i) =>
      fake.post(member, new Date(now - (85 - (i * 85) / 230) * DAY)),
    );
    fake.post(member, new Date(now - 120 * DAY));
    const other = fake.post(fans[0], new Date(now - 2 * DAY));
    fake.repostedByAuthor.push({
      did: member.did,
      uri: other.uri,
      indexedAt: new Date(now - DAY).toISOString(),
    });
    const top = posts[posts.length - 1];
    fans.forEach((fan, i) => fake.like(top, fan, new Date(now - 3600_000 + i * 1000)));
    fake.repost(top, fans[5], new Date(now - 60_000));
    fake.post(fans[9], new Date(now - 30_000), top);
    fake.throttleOnce('app.bsky.feed.getLikes', 1);

    const { http, waits } = recordingHttp();
    const connector = new BlueskyConnector({ apiBase: fake.url, http });
    const window = { from: now - 90 * DAY, now };
    const first = await connector.sync({ handle: 'mia.bsky.social', nativeId: null, state: null }, window);
    // No Retry-After either: RateLimit-Reset (epoch seconds) says when.
    expect(waits.some((w) => w > 0 && w <= 2000)).toBe(true);
    expect(fake.requestsTo('app.bsky.feed.getAuthorFeed').length).toBe(3);
    expect(fake.requestsTo('app.bsky.feed.getLikes').filter((r) => r.params.uri === top.uri).length).toBe(3); // 429 + 2 pages
    expect(first.postsInWindow).toBe(230);
    expect(countOf(first, 'post')).toBe(230);
    expect(countOf(first, 'like')).toBe(130);
    expect(countOf(first, 'share')).toBe(1);
    expect(countOf(first, 'reply')).toBe(1);
    expect(first.events.every((e) => e.kind === 'post' || e.targetId === member.did)).toBe(true);
    expect(first.events.some((e) => e.eventId.includes(other.uri))).toBe(false);

    fake.requests.length = 0;
    const fresh = fake.post(member, new Date(now + 1000));
    fake.like(fresh, fans[1], new Date(now + 2000));
    fake.like(top, fans[129], new Date(now + 3000)); // already liked: still one like
    const late = fake.addAccount('late.bsky.social');
    fake.like(top, late, new Date(now + 4000));
    const second = await connector.sync(
      { handle: 'mia.bsky.social', nativeId: null, state: first.state },
      {
        from: window.from,
        now: now + 5000,
      },
    );
    expect(fake.requestsTo('app.bsky.feed.getAuthorFeed')).toHaveLength(1);
    expect(
      fake.requestsTo('app.bsky.feed.getLikes').filter((r) => r.params.uri === posts[0].uri),
    ).toHaveLength(0);
    expect(newIn(second)).toEqual({
      posts: [`post:${fresh.uri}`],
      likers: [fans[1].did, fans[129].did, late.did].sort(),
    });
    expect(second.postsInWindow).toBe(231);
  });
});
