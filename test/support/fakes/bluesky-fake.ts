import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback';
import { randomBytes } from 'node:crypto';

/**
 * A local Bluesky AppView answering the public XRPC reads the connector makes, as the real one
 * does (see README.md next to this file for the source of each behaviour): the lexicons' JSON
 * shapes (profileViewDetailed, feedViewPost, threadViewPost with notFoundPost / blockedPost
 * replies…), `cursor` pagination (absent on the last page), XRPC errors `{ error, message }`,
 * getProfile by handle or DID (a renamed account's old handle is "Profile not found"; a handle
 * that no longer verifies shows as `handle.invalid`), feeds and likes ordered by the sort key
 * least(createdAt, indexedAt) (returned as a like's `indexedAt`), `RateLimit-*` headers in epoch
 * seconds and injected 429s without `Retry-After`.
 */
export interface FakeBskyAccount {
  did: string;
  handle: string;
  displayName: string;
  description: string;
  followersCount: number;
  followsCount: number;
  postsCount: number;
}

export interface FakeBskyPost {
  uri: string;
  cid: string;
  authorDid: string;
  /** What the client wrote in the record (may be in the future). */
  createdAt: string;
  /** When the AppView indexed it. */
  indexedAt: string;
  replyTo?: string;
}

export interface BskyRequest {
  method: string;
  params: Record<string, string>;
}

const tid = (): string =>
  randomBytes(7)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z2-7]/g, 'a')
    .slice(0, 13);

export class BlueskyFake extends LoopbackFake {
  readonly accounts = new Map<string, FakeBskyAccount>();
  readonly posts: FakeBskyPost[] = [];
  readonly likes = new Map<string, Array<{ did: string; createdAt: string; indexedAt: string }>>();
  /** Replies the viewer cannot see: deleted (notFoundPost) or from a blocking author (blockedPost). */
  readonly hiddenReplies = new Map<
    string,
    Array<{ kind: 'notFound' | 'blocked'; uri: string; did: string }>
  >();
  /** The fake's clock: when things are indexed (tests share the app's). */
  now: () => number = Date.now;
  readonly reposts = new Map<string, Array<{ did: string; indexedAt: string }>>();
  /** Reposts by an author of someone else's post (they show in the author feed with a reason). */
  readonly repostedByAuthor: Array<{ did: string; uri: string; indexedAt: string }> = [];
  readonly requests: BskyRequest[] = [];
  private readonly throttles: Array<{ method: string; retryAfter: number; used: boolean }> = [];

  addAccount(handle: string, input: Partial<Omit<FakeBskyAccount, 'did' | 'handle'>> = {}): FakeBskyAccount {
    const account: FakeBskyAccount = {
      did: `did:plc:${randomBytes(12).toString('hex').slice(0, 24)}`,
      handle,
      displayName: input.displayName ?? handle.split('.')[0],
      description: input.description ?? 'Hello',
      followersCount: input.followersCount ?? 100,
      followsCount: input.followsCount ?? 50,
      postsCount: input.postsCount ?? 10,
    };
    this.accounts.set(account.did, account);
    return account;
  }

  /** A post written at `createdAt` by its client, indexed now (or at `indexedAt`). */
  post(author: FakeBskyAccount, createdAt: Date, replyTo?: FakeBskyPost, indexedAt?: Date): FakeBskyPost {
    const post: FakeBskyPost = {
      uri: `at://${author.did}/app.bsky.feed.post/${tid()}`,
      cid: `bafyrei${randomBytes(20).toString('hex')}`,
      authorDid: author.did,
      createdAt: createdAt.toISOString(),
      indexedAt: (indexedAt ?? new Date(this.now())).toISOString(),
      replyTo: replyTo?.uri,
    };
    this.posts.push(post);
    return post;
  }

  /** A like its client dated `at`, indexed now (or at `indexedAt`). */
  like(post: FakeBskyPost, by: FakeBskyAccount, at: Date, indexedAt?: Date): void {
    const list = this.likes.get(post.uri) ?? [];
    list.push({
      did: by.did,
      createdAt: at.toISOString(),
      indexedAt: (indexedAt ?? new Date(this.now())).toISOString(),
    });
    this.likes.set(post.uri, list);
  }

  /** The account changes its handle: the old one no longer finds it; the DID still does. */
  rename(account: FakeBskyAccount, handle: string): void {
    account.handle = handle;
  }

  /** The handle no longer verifies bidirectionally: views show `handle.invalid`. */
  invalidateHandle(account: FakeBskyAccount): void {
    account.handle = 'handle.invalid';
  }

  hiddenReply(post: FakeBskyPost, kind: 'notFound' | 'blocked', by: FakeBskyAccount): void {
    const list = this.hiddenReplies.get(post.uri) ?? [];
    list.push({ kind, uri: `at://${by.did}/app.bsky.feed.post/${tid()}`, did: by.did });
    this.hiddenReplies.set(post.uri, list);
  }

  repost(post: FakeBskyPost, by: FakeBskyAccount, at: Date): void {
    const list = this.reposts.get(post.uri) ?? [];
    list.push({ did: by.did, indexedAt: at.toISOString() });
    this.reposts.set(post.uri, list);
  }

  throttleOnce(method: string, retryAfterSeconds: number): void {
    this.throttles.push({ method, retryAfter: retryAfterSeconds, used: false });
  }

  requestsTo(method: string): BskyRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  protected handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const params = Object.fromEntries(url.searchParams.entries());
    const method = url.pathname.replace(/^\/xrpc\//, '');
    this.requests.push({ method, params });
    res.setHeader('RateLimit-Limit', '3000');
    res.setHeader('RateLimit-Remaining', '2999');
    res.setHeader('RateLimit-Reset', String(Math.floor(this.now() / 1000) + 300));
    res.setHeader('RateLimit-Policy', '3000;w=300');
    const throttle = this.throttles.find((t) => !t.used && t.method === method);
    if (throttle) {
      throttle.used = true;
      res.setHeader('RateLimit-Remaining', '0');
      res.setHeader('RateLimit-Reset', String(Math.ceil(this.now() / 1000) + throttle.retryAfter));
      return this.json(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
    }
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 50)));
    const offset = params.cursor ? Number(Buffer.from(params.cursor, 'base64url').toString()) : 0;
    const page = <T>(items: T[]): { items: T[]; cursor?: string } => {
      const slice = items.slice(offset, offset + limit);
      return offset + limit < items.length
        ? { items: slice, cursor: Buffer.from(String(offset + limit)).toString('base64url') }
        : { items: slice };
    };
    switch (method) {
      case 'app.bsky.actor.getProfile': {
        const account = this.find(params.actor);
        if (!account) return this.json(res, 400, { error: 'InvalidRequest', message: 'Profile not found' });
        return this.json(res, 200, this.profileDetailed(account));
      }
      case 'app.bsky.feed.getAuthorFeed': {
        const account = this.find(params.actor);
        if (!account) return this.json(res, 400, { error: 'InvalidRequest', message: 'Profile not found' });
        const own = this.posts
          .filter((p) => p.authorDid === account.did && (params.filter !== 'posts_no_replies' || !p.replyTo))
          .map((p) => ({ at: sortAt(p), item: { post: this.postView(p) } }));
        const reposted = this.repostedByAuthor
          .filter((r) => r.did === account.did)
          .map((r) => ({
            at: r.indexedAt,
            item: {
              post: this.postView(this.posts.find((p) => p.uri === r.uri)!),
              reason: {
                $type: 'app.bsky.feed.defs#reasonRepost',
                by: this.profileBasic(account),
                indexedAt: r.indexedAt,
              },
            },
          }));
        const feed = [...own, ...reposted]
          .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
          .map((x) => x.item);
        const p = page(feed);
        return this.json(res, 200, { feed: p.items, ...(p.cursor ? { cursor: p.cursor } : {}) });
      }
      case 'app.bsky.feed.getLikes': {
        // Ordered by the like's sortAt = least(createdAt, indexedAt), returned as `indexedAt`.
        const list = [...(this.likes.get(params.uri) ?? [])]
          .map((l) => ({ ...l, sortAt: sortAt(l) }))
          .sort((a, b) => (a.sortAt < b.sortAt ? 1 : -1));
        const p = page(list);
        return this.json(res, 200, {
          uri: params.uri,
          likes: p.items.map((l) => ({
            indexedAt: l.sortAt,
            createdAt: l.createdAt,
            actor: this.profileView(this.accounts.get(l.did)!),
          })),
          ...(p.cursor ? { cursor: p.cursor } : {}),
        });
      }
      case 'app.bsky.feed.getRepostedBy': {
        const list = [...(this.reposts.get(params.uri) ?? [])].sort((a, b) =>
          a.indexedAt < b.indexedAt ? 1 : -1,
        );
        const p = page(list);
        return this.json(res, 200, {
          uri: params.uri,
          repostedBy: p.items.map((r) => this.profileView(this.accounts.get(r.did)!)),
          ...(p.cursor ? { cursor: p.cursor } : {}),
        });
      }
      case 'app.bsky.feed.getPostThread': {
        const post = this.posts.find((p) => p.uri === params.uri);
        if (!post)
          return this.json(res, 400, { error: 'NotFound', message: `Post not found: ${params.uri}` });
        const replies: unknown[] = this.posts
          .filter((p) => p.replyTo === post.uri)
          .map((p) => ({ $type: 'app.bsky.feed.defs#threadViewPost', post: this.postView(p), replies: [] }));
        for (const h of this.hiddenReplies.get(post.uri) ?? [])
          replies.push(
            h.kind === 'notFound'
              ? { $type: 'app.bsky.feed.defs#notFoundPost', uri: h.uri, notFound: true }
              : {
                  $type: 'app.bsky.feed.defs#blockedPost',
                  uri: h.uri,
                  blocked: true,
                  author: { did: h.did, viewer: { blockedBy: true } },
                },
          );
        return this.json(res, 200, {
          thread: { $type: 'app.bsky.feed.defs#threadViewPost', post: this.postView(post), replies },
        });
      }
      default:
        return this.json(res, 501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
    }
  }

  private find(actor: string | undefined): FakeBskyAccount | undefined {
    if (!actor) return undefined;
    if (actor.toLowerCase() === 'handle.invalid') return undefined;
    return (
      this.accounts.get(actor) ?? [...this.accounts.values()].find((a) => a.handle === actor.toLowerCase())
    );
  }

  private profileBasic(a: FakeBskyAccount): Record<string, unknown> {
    return {
      did: a.did,
      handle: a.handle,
      displayName: a.displayName,
      avatar: `https://cdn.bsky.app/img/avatar/plain/${a.did}/x@jpeg`,
      labels: [],
      createdAt: '2023-05-01T00:00:00.000Z',
    };
  }

  private profileView(a: FakeBskyAccount): Record<string, unknown> {
    return { ...this.profileBasic(a), description: a.description, indexedAt: '2024-01-01T00:00:00.000Z' };
  }

  private profileDetailed(a: FakeBskyAccount): Record<string, unknown> {
    return {
      ...this.profileView(a),
      followersCount: a.followersCount,
      followsCount: a.followsCount,
      postsCount: a.postsCount,
      associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false },
    };
  }

  private postView(p: FakeBskyPost): Record<string, unknown> {
    const author = this.accounts.get(p.authorDid)!;
    return {
      uri: p.uri,
      cid: p.cid,
      author: this.profileBasic(author),
      record: {
        $type: 'app.bsky.feed.post',
        text: 'A post',
        createdAt: p.createdAt,
        langs: ['en'],
        ...(p.replyTo
          ? { reply: { root: { uri: p.replyTo, cid: 'x' }, parent: { uri: p.replyTo, cid: 'x' } } }
          : {}),
      },
      replyCount: this.posts.filter((x) => x.replyTo === p.uri).length,
      repostCount: this.reposts.get(p.uri)?.length ?? 0,
      likeCount: this.likes.get(p.uri)?.length ?? 0,
      quoteCount: 0,
      indexedAt: p.indexedAt,
      labels: [],
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }
}

/** The AppView's sort key for records: least(createdAt, indexedAt), as an ISO string. */
function sortAt(r: { createdAt: string; indexedAt: string }): string {
  return r.createdAt < r.indexedAt ? r.createdAt : r.indexedAt;
}
