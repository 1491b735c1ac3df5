import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlueskyConnector, ConnectorError, ConnectorHttp, MastodonConnector } from '@perkrank/social';
import { isPublicAddress } from '@perkrank/core';
import { BlueskyFake } from '../support/fakes/bluesky-fake';
import { MastodonFake, startWebfingerRedirect } from '../support/fakes/mastodon-fake';

const DAY = 86_400_000;
const quickHttp = (): ConnectorHttp =>
  new ConnectorHttp({ sleep: () => Promise.resolve(), allowPrivateHosts: true });
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** Issue #12's defects one by one, at the connector, against fakes that behave like the services. */
describe('Mastodon: whose account is it (defects 1 and 6)', () => {
  const evil = new MastodonFake({ localDomain: 'evil.example' });
  const honest = new MastodonFake({ localDomain: 'mastodon.social' });
  const split = new MastodonFake({ localDomain: 'example.com', webDomain: 'social.example.com' });
  let redirect: { url: string; stop(): Promise<void> };
  const hosts: Record<string, string> = {};
  const connector = (): MastodonConnector =>
    new MastodonConnector({
      http: quickHttp(),
      instanceUrl: (host) => {
        if (!hosts[host]) throw new Error(`no fake for ${host}`);
        return hosts[host];
      },
    });
  beforeAll(async () => {
    await Promise.all([evil.start(), honest.start(), split.start()]);
    redirect = await startWebfingerRedirect('social.example.com');
    Object.assign(hosts, {
      'evil.example': evil.url,
      'mastodon.social': honest.url,
      'social.example.com': split.url,
      'example.com': redirect.url,
    });
  });
  afterAll(() => Promise.all([evil.stop(), honest.stop(), split.stop(), redirect.stop()]));

  it('refuses a lookup answered with a remote account or another local one', async () => {
    evil.addAccount('x');
    const famous = honest.addAccount('famous', { note: '<p>perkrank-spoofspoofspoof</p>' });
    evil.lookupOverrides.set('x', { ...honest.accountJson(famous), acct: 'famous@mastodon.social' });
    const remote = await failure(connector().profile('x@evil.example'));
    expect(remote).toBeInstanceOf(ConnectorError);
    expect(remote).toMatchObject({ kind: 'foreign_account' });
    evil.lookupOverrides.set('x', { ...honest.accountJson(famous), acct: 'famous' });
    expect(await failure(connector().profile('x@evil.example'))).toMatchObject({ kind: 'foreign_account' });
  });

  it('refuses a WebFinger answer naming an account its domain does not confirm', async () => {
    evil.addAccount('y');
    evil.webfingerOverrides.set('y', {
      subject: 'acct:famous@mastodon.social',
      links: [{ rel: 'self', type: 'application/activity+json', href: 'https://evil.example/users/y' }],
    });
    expect(await failure(connector().profile('y@evil.example'))).toMatchObject({ kind: 'foreign_account' });
  });

  it('binds the identity to the account on its host, named by the domain the member gave', async () => {
    const mia = honest.addAccount('Mia', { note: '<p>hello</p>' });
    const profile = await connector().profile('mia@mastodon.social');
    expect(profile).toMatchObject({
      nativeId: 'mia@mastodon.social',
      handle: 'mia@mastodon.social',
      binding: { host: 'mastodon.social', localId: mia.id, domain: 'mastodon.social', username: 'mia' },
    });
    // Later syncs read that account by id, not by name.
    honest.requests.length = 0;
    await connector().sync(
      { handle: 'mia@mastodon.social', nativeId: profile.nativeId, state: profile.binding! },
      { from: Date.now() - DAY, now: Date.now() },
    );
    expect(honest.requestsTo(/lookup|webfinger/)).toHaveLength(0);
    expect(honest.requestsTo(new RegExp(`^/api/v1/accounts/${mia.id}$`))).toHaveLength(1);
  });

  it('resolves split-domain instances (WEB_DOMAIN ≠ LOCAL_DOMAIN) through WebFinger', async () => {
    const ada = split.addAccount('ada', { note: '<p>perkrank-splitsplitsplit</p>' });
    for (const handle of ['ada@example.com', 'ada@social.example.com']) {
      const profile = await connector().profile(handle);
      expect(profile).toMatchObject({
        nativeId: 'ada@example.com',
        binding: { host: 'social.example.com', localId: ada.id, domain: 'example.com' },
      });
      expect(profile.bio).toContain('perkrank-splitsplitsplit');
    }
  });

  it('names instances that require login (401) and servers that are not Mastodon', async () => {
    honest.addAccount('closed');
    honest.requireLogin = true;
    expect(await failure(connector().profile('closed@mastodon.social'))).toMatchObject({
      kind: 'login_required',
    });
    honest.requireLogin = false;
    honest.htmlOnly = true;
    expect(await failure(connector().profile('closed@mastodon.social'))).toMatchObject({ kind: 'not_json' });
    honest.htmlOnly = false;
  });
});

describe('Mastodon verification never reaches internal addresses (issue #11 item 17)', () => {
  const fake = new MastodonFake();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      'fe80::1',
      'fd00::1',
      '::',
    ])
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])
      expect([a, isPublicAddress(a)]).toEqual([a, true]);
  });

  it('refuses loopback, private and metadata hosts before sending anything', async () => {
    fake.addAccount('probe');
    const guarded = new MastodonConnector({
      apiBase: fake.url,
      http: new ConnectorHttp({ sleep: () => Promise.resolve() }),
    });
    expect(await failure(guarded.profile('probe@mastodon.example'))).toMatchObject({
      kind: 'forbidden_host',
    });
    const http = new ConnectorHttp();
    for (const url of [
      'http://localhost:1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:1/',
      'http://10.0.0.1/',
    ])
      expect(await failure(http.getJson(url, { guarded: true }))).toMatchObject({ kind: 'forbidden_host' });
    expect(fake.requests).toHaveLength(0);
  });

  it('does not follow a redirect to another host', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 302;
      res.setHeader('Location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/accounts/lookup?acct=x`;
      expect(await failure(quickHttp().getJson(url, { guarded: true }))).toMatchObject({
        kind: 'forbidden_host',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('Mastodon context cap (defect 5)', () => {
  const fake = new MastodonFake();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('sees at most 60 replies of a post logged out, as the real server shows', async () => {
    const now = Date.now();
    const star = fake.addAccount('star');
    const post = fake.post(star, new Date(now - DAY));
    for (let i = 0; i < 70; i++)
      fake.post(fake.addAccount(`replier${i}`), new Date(now - DAY + 1000 + i), post);
    const result = await new MastodonConnector({ apiBase: fake.url, http: quickHttp() }).sync(
      { handle: 'star@mastodon.example', nativeId: null, state: null },
      { from: now - 10 * DAY, now },
    );
    expect(result.events.filter((e) => e.kind === 'reply')).toHaveLength(60);
  });
});

describe('Bluesky sort keys and thread replies (defect 4)', () => {
  const fake = new BlueskyFake();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  const connector = (): BlueskyConnector => new BlueskyConnector({ apiBase: fake.url, http: quickHttp() });

  it('a future-dated like or post does not hide later ones', async () => {
    const now = Date.now();
    const ivy = fake.addAccount('ivy.bsky.social');
    const [a, b, c] = ['a', 'b', 'c'].map((n) => fake.addAccount(`${n}.ivy.social`));
    const post = fake.post(ivy, new Date(now - DAY));
    // A client dates a like (and a post) a month ahead; the AppView sorts them by when it saw them.
    fake.like(post, a, new Date(now + 30 * DAY));
    fake.post(ivy, new Date(now + 30 * DAY));
    const window = { from: now - 10 * DAY, now };
    const first = await connector().sync(
      { handle: 'ivy.bsky.social', nativeId: ivy.did, state: null },
      window,
    );
    expect(first.events.filter((e) => e.kind === 'post')).toHaveLength(2);
    expect(first.events.find((e) => e.actorId === a.did)!.occurredAt).toBeLessThanOrEqual(Date.now());

    const later = new Date(Date.now() + 5000);
    fake.like(post, b, later, later);
    const fresh = fake.post(ivy, later, undefined, later);
    fake.like(fresh, c, later, later);
    const second = await connector().sync(
      { handle: 'ivy.bsky.social', nativeId: ivy.did, state: first.state },
      { from: window.from, now: later.getTime() + 1000 },
    );
    expect(second.events.map((e) => `${e.kind}:${e.actorId}`).sort()).toEqual(
      [`like:${b.did}`, `like:${c.did}`, `post:${ivy.did}`].sort(),
    );
  });

  it('skips replies it cannot see (notFound, blocked) and counts the visible ones', async () => {
    const now = Date.now();
    const jo = fake.addAccount('jo.bsky.social');
    const fan = fake.addAccount('fan.jo.social');
    const post = fake.post(jo, new Date(now - DAY));
    fake.post(fan, new Date(now - DAY + 1000), post);
    fake.hiddenReply(post, 'notFound', fan);
    fake.hiddenReply(post, 'blocked', fake.addAccount('blocker.jo.social'));
    const result = await connector().sync(
      { handle: 'jo.bsky.social', nativeId: jo.did, state: null },
      { from: now - 10 * DAY, now },
    );
    expect(result.events.filter((e) => e.kind === 'reply').map((e) => e.actorId)).toEqual([fan.did]);
  });

  it('announces RateLimit-* in epoch seconds and 429s without Retry-After', async () => {
    fake.addAccount('limit.bsky.social');
    fake.throttleOnce('app.bsky.actor.getProfile', 600);
    const waits: number[] = [];
    const http = new ConnectorHttp({ sleep: (ms) => (waits.push(ms), Promise.resolve()), maxWaitMs: 60_000 });
    const error = await failure(
      new BlueskyConnector({ apiBase: fake.url, http }).profile('limit.bsky.social'),
    );
    expect(error).toMatchObject({ kind: 'rate_limited' });
    expect((error as ConnectorError).retryAfter).toBeGreaterThan(590);
    expect(waits).toEqual([]);
  });

  it('resumes a sync cut by a rate limit from its last checkpoint, nothing lost or doubled', async () => {
    const now = Date.now();
    const kim = fake.addAccount('kim.bsky.social');
    const fans = Array.from({ length: 5 }, (_, i) => fake.addAccount(`f${i}.kim.social`));
    const posts = Array.from({ length: 4 }, (_, i) => fake.post(kim, new Date(now - (4 - i) * DAY)));
    posts.forEach((post, i) => fans.slice(0, i + 2).forEach((f) => fake.like(post, f, new Date(now - 1000))));
    const stored: string[] = [];
    let saved: Record<string, unknown> | null = null;
    const progress = {
      checkpoint: (events: Array<{ eventId: string }>, state: Record<string, unknown>): Promise<void> => {
        stored.push(...events.map((e) => e.eventId));
        saved = state;
        return Promise.resolve();
      },
    };
    const http = new ConnectorHttp({
      sleep: () => Promise.resolve(),
      allowPrivateHosts: true,
      maxWaitMs: 1000,
    });
    const target = { handle: 'kim.bsky.social', nativeId: kim.did, state: null };
    const window = { from: now - 10 * DAY, now };
    fake.requests.length = 0;
    // Let the feed and the first two posts through, then a 10-minute limit on getLikes.
    let checkpoints = 0;
    const cut = await failure(
      new BlueskyConnector({ apiBase: fake.url, http }).sync(target, window, {
        checkpoint: async (events, state) => {
          await progress.checkpoint(events, state);
          if (++checkpoints === 3) fake.throttleOnce('app.bsky.feed.getLikes', 600);
        },
      }),
    );
    expect(cut).toMatchObject({ kind: 'rate_limited' });
    expect(saved).not.toBeNull();
    const feedReads = fake.requestsTo('app.bsky.feed.getAuthorFeed').length;
    const done = await new BlueskyConnector({ apiBase: fake.url, http: quickHttp() }).sync(
      { ...target, state: saved },
      window,
      progress,
    );
    stored.push(...done.events.map((e) => e.eventId));
    expect(fake.requestsTo('app.bsky.feed.getAuthorFeed')).toHaveLength(feedReads); // not read again
    expect(stored.filter((id) => id.startsWith('post:'))).toHaveLength(4);
    expect(stored.filter((id) => id.startsWith('like:'))).toHaveLength(2 + 3 + 4 + 5);
    expect(new Set(stored).size).toBe(stored.length);
    expect(done.state).not.toHaveProperty('run');
  });
});
