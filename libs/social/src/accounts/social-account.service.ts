import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, JobQueue, uuidv7 } from '@perkrank/core';
import { AuditLog, type AuthUser } from '@perkrank/identity';
import type { Network } from '@perkrank/reference';
import { DataSource } from 'typeorm';
import type { NetworkProfile } from '../connectors/connector';
import { ConnectorError } from '../connectors/connector-http';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { containsToken } from '../connectors/profile-text';
import { SocialException } from '../social.exception';
import {
  handleExample,
  newVerificationToken,
  parseHandle,
  verificationInstructions,
  type VerificationMethod,
} from './handles';
import { SocialAccount } from './social-account.entity';
import { SocialAccountRepository } from './social-account.repository';

export interface SocialAccountView {
  id: string;
  network: Network;
  handle: string;
  status: SocialAccount['status'];
  verification?: { method: VerificationMethod; token: string; instructions: string };
  verifiedAt: Date | null;
  followers: number | null;
  following: number | null;
  posts: number | null;
  lastSyncedAt: Date | null;
  createdAt: Date;
}

/** Connecting, verifying (by the network's profile, or by an admin), listing and removing accounts. */
@Injectable()
export class SocialAccountService {
  private readonly logger = new Logger('SocialAccounts');

  constructor(
    private readonly accounts: SocialAccountRepository,
    private readonly connectors: ConnectorRegistry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async connect(user: AuthUser, network: Network, rawHandle: string): Promise<SocialAccountView> {
    const handle = parseHandle(network, rawHandle);
    if (handle === undefined)
      throw new SocialException(
        'invalid_handle',
        `This is not a valid ${network} handle (e.g. ${handleExample(network)}).`,
        {
          param: 'handle',
        },
      );
    const now = this.clock.now();
    const account = Object.assign(new SocialAccount(), {
      id: uuidv7(),
      userId: user.id,
      network,
      handle,
      nativeId: null,
      status: 'pending_verification',
      verificationToken: newVerificationToken(),
      verifiedAt: null,
      verifiedBy: null,
      followers: null,
      following: null,
      posts: null,
      lastSyncedAt: null,
      syncState: null,
      createdAt: now,
      updatedAt: now,
    } satisfies SocialAccount);
    if (!(await this.accounts.insert(account)))
      throw new SocialException('account_already_connected', 'You already connected this account.');
    return this.view(account);
  }

  async list(user: AuthUser): Promise<SocialAccountView[]> {
    return (await this.accounts.listOwned(user.id)).map((a) => this.view(a));
  }

  async get(user: AuthUser, id: string): Promise<SocialAccountView> {
    return this.view(await this.owned(user, id));
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    if (!(await this.accounts.deleteOwned(user.id, id))) throw notFound();
  }

  /**
   * Reads the public profile through the network's connector and verifies the account when the
   * token is in it. Verifying twice is harmless. Bluesky's public AppView answers from a cache,
   * so a token added a moment ago may not show yet: the member is told, and PerkRank checks
   * again by itself a few times (the `social.verify` job).
   */
  async verify(user: AuthUser, id: string): Promise<SocialAccountView> {
    const account = await this.owned(user, id);
    if (account.status === 'verified') return this.view(account);
    const outcome = await this.check(account);
    if (outcome === 'token_missing') {
      if (account.network === 'bluesky') {
        const retryAt = await this.scheduleRecheck(account.id, 1);
        throw new SocialException(
          'verification_failed',
          `The verification token was not found in the Bluesky profile of ${account.handle}. Bluesky's public servers can take a few minutes to show a new description: ${retryAt ? 'PerkRank checks again by itself over the next half hour, or' : 'please'} try again in a few minutes.`,
          {
            details: { reason: 'token_not_found', ...(retryAt ? { recheckAt: retryAt.toISOString() } : {}) },
          },
        );
      }
      throw new SocialException(
        'verification_failed',
        `The verification token was not found in the ${account.network} profile of ${account.handle}.`,
        { details: { reason: 'token_not_found' } },
      );
    }
    return this.view(outcome);
  }

  /**
   * The `social.verify` job: checks a pending account again (the member asked before the
   * network's cache showed the token). Reschedules itself with growing delays, up to 5 times.
   */
  async recheck(accountId: string, attempt: number): Promise<'verified' | 'pending' | 'gone'> {
    const account = await this.accounts.findById(accountId);
    if (!account) return 'gone';
    if (account.status === 'verified') return 'verified';
    let outcome: SocialAccount | 'token_missing';
    try {
      outcome = await this.check(account);
    } catch (error) {
      if (!(error instanceof SocialException)) throw error;
      outcome = 'token_missing';
    }
    if (outcome !== 'token_missing') return 'verified';
    if (attempt < RECHECKS) await this.scheduleRecheck(account.id, attempt + 1);
    return 'pending';
  }

  private async scheduleRecheck(accountId: string, attempt: number): Promise<Date | undefined> {
    const at = new Date(this.clock.now().getTime() + 60_000 * 2 ** attempt);
    try {
      await this.jobs.send(SOCIAL_VERIFY, { accountId, attempt }, { startAfter: at });
      return at;
    } catch (error) {
      // No job queue in this process (a CLI, a test without jobs): the member tries again.
      this.logger.warn(
        { accountId, err: (error as Error).message },
        'could not schedule a verification recheck',
      );
      return undefined;
    }
  }

  /** One verification attempt: the verified account, or 'token_missing'. */
  private async check(account: SocialAccount): Promise<SocialAccount | 'token_missing'> {
    const connector = this.connectors.for(account.network);
    if (!connector)
      throw new SocialException(
        'admin_verification_required',
        `PerkRank cannot read ${account.network} profiles itself: an admin verifies these accounts.`,
      );
    let profile: NetworkProfile;
    try {
      profile = await connector.profile(account.handle);
    } catch (error) {
      if (error instanceof ConnectorError) throw verificationError(account, error);
      throw error;
    }
    if (!containsToken(profile.bio, account.verificationToken)) return 'token_missing';
    const now = this.clock.now();
    const ok = await this.db.transaction(async (manager) => {
      const done = await this.accounts.markVerified(
        account.id,
        {
          nativeId: profile.nativeId,
          handle: profile.handle,
          verifiedAt: now,
          verifiedBy: null,
          counts: { followers: profile.followers, following: profile.following, posts: null },
          // The identity verified: later syncs read this very account (host and id), not a name.
          syncState: profile.binding ?? null,
        },
        manager,
      );
      if (done) await this.accounts.upsertDailyCounts(manager, [account.id], now);
      return done;
    });
    if (!ok) throw handleTaken();
    this.logger.log({ accountId: account.id, network: account.network }, 'social account verified');
    return this.reload(account.id);
  }

  /** For networks without a connector (or when a connector cannot see a profile): an admin's word. */
  async adminVerify(
    admin: AuthUser,
    id: string,
    nativeId: string | undefined,
    note?: string,
  ): Promise<SocialAccountView> {
    const account = await this.accounts.findById(id);
    if (!account) throw notFound();
    if (account.status === 'verified') return this.view(account);
    const now = this.clock.now();
    const ok = await this.db.transaction(async (manager) => {
      const done = await this.accounts.markVerified(
        id,
        { nativeId: nativeId ?? account.nativeId, verifiedAt: now, verifiedBy: admin.id },
        manager,
      );
      if (!done) return false;
      await this.audit.record(
        {
          actorId: admin.id,
          action: 'social_account.verify',
          subjectType: 'social_account',
          subjectId: id,
          before: { status: account.status },
          after: { status: 'verified', network: account.network },
          reason: note ?? null,
        },
        manager,
      );
      return true;
    });
    if (!ok) throw handleTaken();
    return this.view(await this.reload(id));
  }

  private async owned(user: AuthUser, id: string): Promise<SocialAccount> {
    const account = await this.accounts.findOwned(user.id, id);
    if (!account) throw notFound();
    return account;
  }

  private async reload(id: string): Promise<SocialAccount> {
    const account = await this.accounts.findById(id);
    if (!account) throw notFound();
    return account;
  }

  private view(a: SocialAccount): SocialAccountView {
    const method: VerificationMethod = this.connectors.for(a.network) ? 'profile_bio' : 'admin_review';
    return {
      id: a.id,
      network: a.network,
      handle: a.handle,
      status: a.status,
      ...(a.status === 'pending_verification'
        ? {
            verification: {
              method,
              token: a.verificationToken,
              instructions: verificationInstructions(a.network, method, a.verificationToken),
            },
          }
        : {}),
      verifiedAt: a.verifiedAt,
      followers: a.followers,
      following: a.following,
      posts: a.posts,
      lastSyncedAt: a.lastSyncedAt,
      createdAt: a.createdAt,
    };
  }
}

/** How often the `social.verify` job checks a pending Bluesky account again (2, 4, … 32 minutes). */
const RECHECKS = 5;
export const SOCIAL_VERIFY = 'social.verify';

/** What the member is told when the network could not confirm the account, by cause. */
function verificationError(account: SocialAccount, error: ConnectorError): SocialException {
  const { network, handle } = account;
  const fail = (reason: string, message: string): SocialException =>
    new SocialException('verification_failed', message, { details: { reason } });
  switch (error.kind) {
    case 'not_found':
      return fail('account_not_found', `No ${network} account ${handle} was found.`);
    case 'foreign_account':
      return fail(
        'foreign_account',
        `The server of ${handle} answered with an account that is not its own; PerkRank only accepts an account from the server that hosts it.`,
      );
    case 'forbidden_host':
      return fail(
        'forbidden_host',
        `The server of ${handle} is on a private or internal network address (or redirects elsewhere); PerkRank only reads public servers.`,
      );
    case 'login_required':
      return fail(
        'login_required',
        `The server of ${handle} only shows profiles to logged-in users, so PerkRank cannot read it. Ask an admin to verify the account instead.`,
      );
    case 'not_json':
      return fail('not_a_server', `The server of ${handle} does not answer like a ${network} server.`);
    case 'invalid_response':
      return fail('invalid_response', `The server of ${handle} gave an answer PerkRank could not read.`);
    case 'rate_limited':
    case 'unavailable':
      return new SocialException('network_unavailable', `${network} could not be reached; try again later.`, {
        retryAfter: error.retryAfter,
      });
  }
}

const notFound = (): SocialException =>
  new SocialException('social_account_not_found', 'No social account with this id was found.');
const handleTaken = (): SocialException =>
  new SocialException('handle_taken', 'Another member has already verified this account.');
