import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock } from '@perkrank/core';
import { MAX_WINDOW_DAYS } from '@perkrank/scoring';
import { SocialAccount } from '../accounts/social-account.entity';
import { SocialAccountRepository } from '../accounts/social-account.repository';
import { ConnectorError } from '../connectors/connector-http';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { IngestService } from '../interactions/ingest.service';

const DAY_MS = 86_400_000;

export interface AccountSyncOutcome {
  accountId: string;
  ok: boolean;
  accepted: number;
  duplicates: number;
  requests: number;
  error?: string;
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
   * One account. A network failure is recorded on the account (and retried at the next interval)
   * rather than failing the job, so one unreachable instance cannot hold up everyone else's sync.
   */
  async syncAccount(account: SocialAccount): Promise<AccountSyncOutcome> {
    const connector = this.connectors.for(account.network);
    if (!connector)
      return {
        accountId: account.id,
        ok: false,
        accepted: 0,
        duplicates: 0,
        requests: 0,
        error: 'no connector',
      };
    const now = this.clock.now().getTime();
    try {
      const found = await connector.sync(account.handle, account.syncState, {
        from: now - MAX_WINDOW_DAYS * DAY_MS,
        now,
      });
      const stored = await this.ingest.storeSync(account.id, account.network, found);
      return {
        accountId: account.id,
        ok: true,
        accepted: stored.accepted,
        duplicates: stored.duplicates,
        requests: found.requests,
      };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      this.logger.warn(
        { accountId: account.id, network: account.network, kind: error.kind },
        'social account sync failed',
      );
      await this.accounts.recordSyncFailure(account.id, this.clock.now(), error.kind);
      return { accountId: account.id, ok: false, accepted: 0, duplicates: 0, requests: 0, error: error.kind };
    }
  }
}
