import { ConnectorError, ConnectorHttp } from './connector-http';
import {
  DAY_MS,
  RECHECK_DAYS,
  type ConnectorEvent,
  type NetworkConnector,
  type NetworkProfile,
  type SyncProgress,
  type SyncResult,
  type SyncTarget,
  type SyncWindow,
} from './connector';

/** app.bsky.actor.defs#profileViewDetailed, the parts we read. */
interface BskyProfile {
  did: string;
  handle: string;
  description?: string;
  followersCount?: number;
  followsCount?: number;
  postsCount?: number;
}

interface BskyPostView {
  uri: string;
  author: { did: string; handle: string };
  record: { createdAt?: string; text?: string };
  indexedAt: string;
}

interface BskyFeed {
  cursor?: string;
  feed: Array<{ post: BskyPostView; reason?: { $type: string } }>;
}

interface BskyLikes {
  cursor?: string;
  likes: Array<{ createdAt: string; indexedAt: string; actor: { did: string } }>;
}

interface BskyRepostedBy {
  cursor?: string;
  repostedBy: Array<{ did: string }>;
}

interface BskyThreadView {
  $type?: string;
  post?: BskyPostView;
  replies?: BskyThreadView[];
}

interface XrpcError {
  error?: string;
  message?: string;
}

interface KnownPost {
  uri: string;
  at: number;
  /**
   * Sort key (`indexedAt`) of the newest like seen: a recheck stops paging once it reaches it.
   * The AppView orders likes by least(createdAt, indexedAt) and returns that as `indexedAt`.
   */
  newestLike?: number;
}

/** What the AppView shows when a handle no longer resolves to its DID (bidirectionally). */
export const INVALID_HANDLE = 'handle.invalid';

/** An unfinished sync: the feed cursor, then the posts whose engagement is still to read. */
interface BlueskyRun {
  phase: 'feed' | 'engagement';
  cursor?: string;
  pages: number;
  fresh: string[];
  queue: Array<{ uri: string; isNew: boolean }>;
}

interface BlueskyState {
  did?: string;
  /** Sort key of the newest own post seen (advanced only when a sync completes). */
  newest?: number;
  posts?: KnownPost[];
  run?: BlueskyRun;
}

const PAGE = 100;
const MAX_FEED_PAGES = 30;
const MAX_ENGAGEMENT_PAGES = 20;

export interface BlueskyOptions {
  apiBase: string;
  http?: ConnectorHttp;
}

/**
 * Bluesky over the public AppView's XRPC reads: getProfile, getAuthorFeed (newest first, `cursor`
 * pages), and per post getLikes, getRepostedBy and getPostThread. The network-native id is the
 * DID (handles can change). Likes carry their own time; reposts are dated by the post.
 */
export class BlueskyConnector implements NetworkConnector {
  readonly network = 'bluesky' as const;
  private readonly http: ConnectorHttp;

  constructor(private readonly options: BlueskyOptions) {
    this.http = options.http ?? new ConnectorHttp();
  }

  /** `actor` is a handle or a DID (getProfile accepts both). */
  async profile(actor: string): Promise<NetworkProfile> {
    const p = await this.xrpc<BskyProfile>('app.bsky.actor.getProfile', { actor }, true);
    if (typeof p?.did !== 'string' || !p.did.startsWith('did:'))
      throw new ConnectorError('invalid_response', 'getProfile answered without a DID');
    const handle = typeof p.handle === 'string' ? p.handle.toLowerCase() : INVALID_HANDLE;
    return {
      nativeId: p.did,
      // Never keep `handle.invalid` as a handle: the one asked for stands until a valid one shows.
      handle: handle === INVALID_HANDLE && !actor.startsWith('did:') ? actor.toLowerCase() : handle,
      bio: p.description ?? '',
      followers: p.followersCount ?? 0,
      following: p.followsCount ?? 0,
      posts: p.postsCount ?? 0,
    };
  }

  /**
   * Reads the account by its DID (handles change; after a rename the old handle answers
   * "Profile not found"), and reports the current handle when it changed.
   */
  async sync(target: SyncTarget, window: SyncWindow, progress?: SyncProgress): Promise<SyncResult> {
    const before = this.http.requests;
    const state = (target.state ?? {}) as BlueskyState;
    const knownDid =
      target.nativeId?.startsWith('did:') === true
        ? target.nativeId
        : typeof state.did === 'string' && state.did.startsWith('did:')
          ? state.did
          : undefined;
    const profile = await this.profile(knownDid ?? target.handle);
    const did = profile.nativeId;
    const firstSync = state.did !== did;
    const known = new Map<string, KnownPost>();
    if (!firstSync) for (const p of state.posts ?? []) if (p.at >= window.from) known.set(p.uri, p);
    const stopAt = firstSync || state.newest === undefined ? window.from : state.newest;
    const run: BlueskyRun = (!firstSync && state.run) || { phase: 'feed', pages: 0, fresh: [], queue: [] };
    const events: ConnectorEvent[] = [];
    const snapshot = (withRun: boolean): BlueskyState => ({
      did,
      ...(state.newest !== undefined && !firstSync ? { newest: state.newest } : {}),
      posts: [...known.values()].filter((p) => p.at >= window.from).sort((a, b) => b.at - a.at),
      ...(withRun ? { run } : {}),
    });
    const checkpoint = async (): Promise<void> => {
      if (progress) await progress.checkpoint(events.splice(0), snapshot(true) as Record<string, unknown>);
    };

    // The author feed, page by page down to what the last sync saw.
    while (run.phase === 'feed') {
      const page = await this.feedPage(did, stopAt, window, run.cursor);
      run.pages++;
      for (const view of page.posts) {
        if (known.has(view.uri)) continue;
        const post: KnownPost = { uri: view.uri, at: postTime(view) };
        known.set(post.uri, post);
        run.fresh.push(post.uri);
        events.push({
          eventId: `post:${post.uri}`,
          kind: 'post',
          actorId: did,
          targetId: did,
          occurredAt: post.at,
        });
      }
      if (page.cursor === undefined || run.pages >= MAX_FEED_PAGES) {
        run.phase = 'engagement';
        delete run.cursor;
        const fresh = new Set(run.fresh);
        for (const post of known.values()) {
          const isNew = fresh.has(post.uri);
          if (isNew || post.at >= window.now - RECHECK_DAYS * DAY_MS)
            run.queue.push({ uri: post.uri, isNew });
        }
      } else run.cursor = page.cursor;
      await checkpoint();
    }
    // Then each post's engagement, one post per checkpoint.
    while (run.queue.length > 0) {
      const item = run.queue[0];
      const post = known.get(item.uri);
      if (post)
        try {
          await this.engagement(did, post, events, item.isNew);
        } catch (error) {
          // A post deleted since: its engagement is gone with it.
          if (!(error instanceof ConnectorError && error.kind === 'not_found')) throw error;
          known.delete(post.uri);
        }
      run.queue.shift();
      await checkpoint();
    }

    const next = snapshot(false);
    const posts = next.posts ?? [];
    const newest = posts.length > 0 ? Math.max(posts[0].at, next.newest ?? 0) : next.newest;
    if (newest !== undefined) next.newest = newest;
    return {
      ...(profile.handle !== INVALID_HANDLE && profile.handle !== target.handle
        ? { handle: profile.handle }
        : {}),
      events,
      followers: profile.followers,
      following: profile.following,
      postsInWindow: posts.length,
      state: next as Record<string, unknown>,
      requests: this.http.requests - before,
    };
  }

  /** One page of the author's own posts newer than `stopAt`; no cursor once it reached them. */
  private async feedPage(
    did: string,
    stopAt: number,
    window: SyncWindow,
    cursor: string | undefined,
  ): Promise<{ posts: BskyPostView[]; cursor?: string }> {
    const feed: BskyFeed = await this.xrpc<BskyFeed>('app.bsky.feed.getAuthorFeed', {
      actor: did,
      limit: String(PAGE),
      filter: 'posts_no_replies',
      ...(cursor !== undefined ? { cursor } : {}),
    });
    const posts: BskyPostView[] = [];
    let reachedKnown = false;
    for (const item of feed.feed ?? []) {
      // Reposts of other people's posts show up in the author feed with a reason.
      if (item.reason !== undefined || item.post?.author?.did !== did) continue;
      const at = postTime(item.post);
      if (!(at > stopAt) || at < window.from) {
        reachedKnown = true;
        continue;
      }
      posts.push(item.post);
    }
    const more = !reachedKnown && typeof feed.cursor === 'string' && (feed.feed ?? []).length > 0;
    return { posts, ...(more ? { cursor: feed.cursor } : {}) };
  }

  private async engagement(
    did: string,
    post: KnownPost,
    events: ConnectorEvent[],
    isNew: boolean,
  ): Promise<void> {
    let cursor: string | undefined;
    let newestLike = post.newestLike;
    likes: for (let page = 0; page < MAX_ENGAGEMENT_PAGES; page++) {
      const res: BskyLikes = await this.xrpc<BskyLikes>('app.bsky.feed.getLikes', {
        uri: post.uri,
        limit: String(PAGE),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const like of res.likes) {
        const at = likeTime(like);
        // Newest first: on a recheck, everything from the newest like already seen on is known.
        if (!isNew && post.newestLike !== undefined && at <= post.newestLike) break likes;
        if (newestLike === undefined || at > newestLike) newestLike = at;
        if (like.actor.did !== did)
          events.push({
            eventId: `like:${post.uri}:${like.actor.did}`,
            kind: 'like',
            actorId: like.actor.did,
            targetId: did,
            occurredAt: at,
          });
      }
      if (!res.cursor || res.likes.length === 0) break;
      cursor = res.cursor;
    }
    if (newestLike !== undefined) post.newestLike = newestLike;

    cursor = undefined;
    for (let page = 0; page < (isNew ? MAX_ENGAGEMENT_PAGES : 1); page++) {
      const res: BskyRepostedBy = await this.xrpc<BskyRepostedBy>('app.bsky.feed.getRepostedBy', {
        uri: post.uri,
        limit: String(PAGE),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const by of res.repostedBy) {
        if (by.did !== did)
          events.push({
            eventId: `repost:${post.uri}:${by.did}`,
            kind: 'share',
            actorId: by.did,
            targetId: did,
            occurredAt: post.at,
          });
      }
      if (!res.cursor || res.repostedBy.length === 0) break;
      cursor = res.cursor;
    }

    const thread = await this.xrpc<{ thread: BskyThreadView }>('app.bsky.feed.getPostThread', {
      uri: post.uri,
      depth: '1',
      parentHeight: '0',
    });
    for (const reply of thread.thread.replies ?? []) {
      const view = reply.post;
      if (!view || view.author.did === did) continue;
      events.push({
        eventId: `reply:${view.uri}`,
        kind: 'reply',
        actorId: view.author.did,
        targetId: did,
        occurredAt: postTime(view),
      });
    }
  }

  /** One XRPC query; XRPC errors come as `{ error, message }` with a 4xx status. */
  private async xrpc<T>(method: string, params: Record<string, string>, profileLookup = false): Promise<T> {
    const url = `${this.options.apiBase}/xrpc/${method}?${new URLSearchParams(params).toString()}`;
    const res = await this.http.getJson<T | XrpcError>(url);
    if (res.status === 200) return res.body as T;
    const error = res.body as XrpcError;
    if (res.status === 400 || res.status === 404) {
      if (profileLookup || error.error === 'NotFound' || /not found/i.test(error.message ?? ''))
        throw new ConnectorError('not_found', `${method}: ${error.error ?? res.status}`);
    }
    throw new ConnectorError(
      'invalid_response',
      `${method} answered ${res.status} ${error.error ?? ''}`.trim(),
    );
  }
}

/**
 * The time the AppView sorts a post by: least(createdAt, indexedAt). A client may date a record
 * in the future; ordering (and our "seen up to") by createdAt would then hide every later post
 * until that date.
 */
export function postTime(view: BskyPostView): number {
  return sortAt(view.record?.createdAt, view.indexedAt);
}

/** A like's sort key: getLikes returns it as `indexedAt`. */
function likeTime(like: { createdAt?: string; indexedAt?: string }): number {
  const indexed = like.indexedAt ? Date.parse(like.indexedAt) : NaN;
  return Number.isNaN(indexed) ? sortAt(like.createdAt, undefined) : indexed;
}

function sortAt(createdAt: string | undefined, indexedAt: string | undefined): number {
  const created = createdAt ? Date.parse(createdAt) : NaN;
  const indexed = indexedAt ? Date.parse(indexedAt) : NaN;
  if (Number.isNaN(created)) return indexed;
  if (Number.isNaN(indexed)) return created;
  return Math.min(created, indexed);
}
