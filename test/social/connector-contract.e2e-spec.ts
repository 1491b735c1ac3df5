import {
  BlueskyConnector,
  ConnectorHttp,
  MastodonConnector,
  type ConnectorEvent,
  type NetworkConnector,
} from '@perkrank/social';
import { BlueskyFake, type FakeBskyAccount, type FakeBskyPost } from '../support/fakes/bluesky-fake';
import {
  MastodonFake,
  type FakeMastodonAccount,
  type FakeMastodonStatus,
} from '../support/fakes/mastodon-fake';

/**
 * The connector contract: the same cases against either network's fake. With
 * PERKRANK_LIVE_CONNECTORS=1 (and network access) the read-only cases also run against the real
 * services, for accounts named by LIVE_MASTODON_HANDLE and LIVE_BLUESKY_HANDLE (see
 * docs/connectors.md). Never in CI: the real services change, and their limits are per address.
 */
const DAY = 86_400_000;
const quickHttp = (): ConnectorHttp =>
  new ConnectorHttp({ sleep: () => Promise.resolve(), allowPrivateHosts: true });

interface Member {
  handle: string;
}
interface Post {
  ref: unknown;
}

/** What a case needs from a network: build a small world, and a connector reading it. */
interface FakeWorld {
  name: 'mastodon' | 'bluesky';
  start(): Promise<void>;
  stop(): Promise<void>;
  connector(): NetworkConnector;
  member(bio: string): Member;
  fan(name: string): Member;
  post(author: Member, at: number): Post;
  like(post: Post, by: Member, at: number): void;
  share(post: Post, by: Member, at: number): void;
  reply(post: Post, by: Member, at: number): void;
  /** A well-formed handle nobody has. */
  missing: string;
}

function mastodonWorld(): FakeWorld {
  const fake = new MastodonFake({ apiLimit: 100_000, pagingLimit: 100_000 });
  const accounts = new Map<string, FakeMastodonAccount>();
  let n = 0;
  const add = (name: string, note = '<p>hi</p>'): Member => {
    const username = `${name}${++n}`;
    accounts.set(username, fake.addAccount(username, { note: `<p>${note}</p>` }));
    return { handle: `${username}@${fake.domain}` };
  };
  const acc = (m: Member): FakeMastodonAccount => accounts.get(m.handle.split('@')[0])!;
  return {
    name: 'mastodon',
    start: () => fake.start().then(() => undefined),
    stop: () => fake.stop(),
    connector: () => new MastodonConnector({ apiBase: fake.url, http: quickHttp() }),
    member: (bio) => add('member', bio),
    fan: (name) => add(name),
    post: (author, at) => ({ ref: fake.post(acc(author), new Date(at)) }),
    like: (post, by) => fake.favourite(post.ref as FakeMastodonStatus, acc(by)),
    share: (post, by) => fake.reblog(post.ref as FakeMastodonStatus, acc(by)),
    reply: (post, by, at) => void fake.post(acc(by), new Date(at), post.ref as FakeMastodonStatus),
    missing: `nobody@${fake.domain}`,
  };
}

function blueskyWorld(): FakeWorld {
  const fake = new BlueskyFake();
  const accounts = new Map<string, FakeBskyAccount>();
  let n = 0;
  const add = (name: string, description = 'hi'): Member => {
    const handle = `${name}${++n}.bsky.social`;
    accounts.set(handle, fake.addAccount(handle, { description }));
    return { handle };
  };
  const acc = (m: Member): FakeBskyAccount => accounts.get(m.handle)!;
  return {
    name: 'bluesky',
    start: () => fake.start().then(() => undefined),
    stop: () => fake.stop(),
    connector: () => new BlueskyConnector({ apiBase: fake.url, http: quickHttp() }),
    member: (bio) => add('member', bio),
    fan: (name) => add(name),
    post: (author, at) => ({ ref: fake.post(acc(author), new Date(at)) }),
    like: (post, by, at) => fake.like(post.ref as FakeBskyPost, acc(by), new Date(at)),
    share: (post, by, at) => fake.repost(post.ref as FakeBskyPost, acc(by), new Date(at)),
    reply: (post, by, at) => void fake.post(acc(by), new Date(at), post.ref as FakeBskyPost),
    missing: 'nobody-at-all.bsky.social',
  };
}

const kinds = (events: ConnectorEvent[]): string[] => events.map((e) => e.kind).sort();

describe.each([mastodonWorld(), blueskyWorld()])('connector contract: $name fake', (world) => {
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('reads the profile: a stable native id, the bio text with the token, counts', async () => {
    const member = world.member('Travel & food perkrank-contractcontract1');
    const profile = await world.connector().profile(member.handle);
    expect(profile.bio).toContain('perkrank-contractcontract1');
    expect(profile.nativeId).toBeTruthy();
    expect(await world.connector().profile(member.handle)).toMatchObject({ nativeId: profile.nativeId });
    expect(profile.followers).toBeGreaterThanOrEqual(0);
  });

  it('answers not_found for an account that does not exist', async () => {
    await expect(world.connector().profile(world.missing)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('finds each post, like, share and reply exactly once; not the member’s own, not outside the window', async () => {
    const now = Date.now();
    const member = world.member('x');
    const [ann, bob] = [world.fan('ann'), world.fan('bob')];
    world.post(member, now - 200 * DAY); // outside the window
    const post = world.post(member, now - 2 * DAY);
    world.like(post, ann, now - DAY);
    world.like(post, member, now - DAY); // own like: not engagement
    world.share(post, bob, now - DAY);
    world.reply(post, ann, now - DAY);
    const profile = await world.connector().profile(member.handle);
    const target = { handle: member.handle, nativeId: profile.nativeId, state: null };
    const window = { from: now - 90 * DAY, now };
    const first = await world.connector().sync(target, window);
    expect(kinds(first.events)).toEqual(['like', 'post', 'reply', 'share']);
    expect(first.postsInWindow).toBe(1);
    expect(first.events.every((e) => e.targetId === profile.nativeId)).toBe(true);
    expect(new Set(first.events.map((e) => e.eventId)).size).toBe(first.events.length);
    // The same sync again from scratch names the same events (so storing twice stores once).
    const again = await world.connector().sync(target, window);
    expect(again.events.map((e) => e.eventId).sort()).toEqual(first.events.map((e) => e.eventId).sort());

    // From the state: what is new, once.
    const carl = world.fan('carl');
    world.like(post, carl, Date.now());
    const second = await world
      .connector()
      .sync({ ...target, state: first.state }, { ...window, now: Date.now() });
    // Rechecks may name known events again (replies, shares): storage drops them by event id.
    const seen = new Set(first.events.map((e) => e.eventId));
    const added = second.events.filter((e) => !seen.has(e.eventId));
    expect(added.map((e) => e.kind)).toEqual(['like']);
    expect(second.events.filter((e) => e.kind === 'post')).toEqual([]);
    expect(second.postsInWindow).toBe(1);
  });
});

const live = process.env.PERKRANK_LIVE_CONNECTORS === '1';
const liveCases: Array<[string, () => NetworkConnector, string | undefined, string]> = [
  [
    'mastodon',
    () => new MastodonConnector(),
    process.env.LIVE_MASTODON_HANDLE,
    'no-such-user-perkrank-test@mastodon.social',
  ],
  [
    'bluesky',
    () => new BlueskyConnector({ apiBase: 'https://public.api.bsky.app' }),
    process.env.LIVE_BLUESKY_HANDLE,
    'no-such-user-perkrank-test.bsky.social',
  ],
];

(live ? describe.each(liveCases) : describe.skip.each(liveCases))(
  'connector contract: real %s (PERKRANK_LIVE_CONNECTORS=1)',
  (_name, connector, handle, missing) => {
    it('reads a real profile and syncs three days of it into well-formed events', async () => {
      if (!handle) throw new Error('set LIVE_MASTODON_HANDLE / LIVE_BLUESKY_HANDLE to a public account');
      const profile = await connector().profile(handle);
      expect(profile.nativeId).toBeTruthy();
      const now = Date.now();
      const result = await connector().sync(
        { handle, nativeId: profile.nativeId, state: null },
        { from: now - 3 * DAY, now },
      );
      for (const e of result.events) {
        expect(['post', 'like', 'share', 'reply']).toContain(e.kind);
        expect(e.targetId).toBe(profile.nativeId);
        expect(e.occurredAt).toBeLessThanOrEqual(now + 300_000);
      }
      expect(new Set(result.events.map((e) => e.eventId)).size).toBe(result.events.length);
    }, 120_000);

    it('answers not_found for an account that does not exist', async () => {
      await expect(connector().profile(missing)).rejects.toMatchObject({ kind: 'not_found' });
    }, 60_000);
  },
);
