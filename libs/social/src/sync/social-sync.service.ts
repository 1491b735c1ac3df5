import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, JobQueue } from '@perkrank/core';
import { MAX_WINDOW_DAYS } from '@perkrank/scoring';
import { SocialAccount } from '../accounts/social-account.entity';
import { SocialAccountRepository } from '../accounts/social-account.repository';
import { ConnectorError } from '../connectors/connector-http';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { IngestService } from '../interactions/ingest.service';
import { SOCIAL_SYNC } from './social-sync.job';

const DAY_MS = 86_400_000;

export interface AccountSyncOutcome {
  accountId: string;
  ok: boolean;
  accepted: number;
  duplicates: number;
  requests: number;
  error?: string;
  /** Rate-limited: the sync was rescheduled for this time and resumes from its last page. */
  resumesAt?: Date;
}

/** Syncs verified Mastodon and Bluesky accounts: what is new since the last sync, stored in one go. */
@Injectable()
export class SocialSyncService {
  private readonly logger = new Logger('SocialSync');

  constructor(
    private readonly accounts: SocialAccountRepository,
    private readonly connectors: ConnectorRegistry,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {}

  /** Accounts whose last sync is older than SOCIAL_SYNC_INTERVAL_MINUTES, oldest first. */
  async syncDue(limit: number): Promise<AccountSyncOutcome[]> {
    const before = new Date(this.clock.now().getTime() - this.config.SOCIAL_SYNC_INTERVAL_MINUTES * 60_000);
    const due = await this.accounts.dueForSync(this.connectors.networks, before, limit);
    const outcomes: AccountSyncOutcome[] = [];
    for (const account of due) outcomes.push(await this.syncAccount(account));
    return outcomes;
  }

  async syncById(accountId: string): Promise<AccountSyncOutcome | undefined> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.status !== 'verified') return undefined;
    return this.syncAccount(account);
  }

  /**
   * One account. Progress is stored page by page (events and the state to resume from, together),
   * so a sync cut short loses nothing. A rate limit reschedules the account's sync for when the
   * host accepts requests again (pg-boss `startAfter`); other network failures are recorded on
   * the account (and retried at the next interval) rather than failing the job, so one
   * unreachable instance cannot hold up everyone else's sync.
   */
  async syncAccount(account: SocialAccount): Promise<AccountSyncOutcome> {
    const connector = this.connectors.for(account.network);
    const outcome: AccountSyncOutcome = {
      accountId: account.id,
      ok: false,
      accepted: 0,
      duplicates: 0,
      requests: 0,
    };
    if (!connector) return { ...outcome, error: 'no connector' };
    const now = this.clock.now().getTime();
    try {
      // What recordSyncFailure noted is for people, not for the connector.
      const { lastError: _error, lastErrorAt: _at, ...state } = account.syncState ?? {};
      const found = await connector.sync(
        {
          handle: account.handle,
          nativeId: account.nativeId,
          state: account.syncState ? state : null,
        },
        { from: now - MAX_WINDOW_DAYS * DAY_MS, now },
        {
          checkpoint: async (events, state) => {
            const page = await this.ingest.storeSyncPage(account.id, account.network, events, state);
            outcome.accepted += page.accepted;
            outcome.duplicates += page.duplicates;
          },
        },
      );
      const stored = await this.ingest.storeSync(account.id, account.network, found);
      return {
        ...outcome,
        ok: true,
        accepted: outcome.accepted + stored.accepted,
        duplicates: outcome.duplicates + stored.duplicates,
        requests: found.requests,
      };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      this.logger.warn(
        { accountId: account.id, network: account.network, kind: error.kind },
        'social account sync failed',
      );
      await this.accounts.recordSyncFailure(account.id, this.clock.now(), error.kind);
      if (error.kind === 'rate_limited') {
        const resumesAt = new Date(this.clock.now().getTime() + (error.retryAfter ?? 60) * 1000);
        try {
          await this.jobs.send(
            SOCIAL_SYNC,
            { accountId: account.id },
            { startAfter: resumesAt, singletonKey: `resume:${account.id}` },
          );
        } catch (sendError) {
          // No queue in this process: the next scheduled sync after the interval resumes it.
          this.logger.warn(
            { accountId: account.id, err: (sendError as Error).message },
            'could not reschedule a sync',
          );
          return { ...outcome, error: error.kind };
        }
        return { ...outcome, error: error.kind, resumesAt };
      }
      return { ...outcome, error: error.kind };
    }
  }
}
