/** The queue that syncs verified Mastodon and Bluesky accounts (cron, or one account by id). */
export const SOCIAL_SYNC = 'social.sync';

export interface SocialSyncJob {
  /** Sync just this account (e.g. right after verification, or resuming after a rate limit). */
  accountId?: string;
}
