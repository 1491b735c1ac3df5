import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, uuidv7 } from '@perkrank/core';
import { AuditLog, type AuthUser } from '@perkrank/identity';
import type { Network } from '@perkrank/reference';
import { DataSource } from 'typeorm';
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
   * token is in it. Verifying twice is harmless.
   */
  async verify(user: AuthUser, id: string): Promise<SocialAccountView> {
    const account = await this.owned(user, id);
    if (account.status === 'verified') return this.view(account);
    const connector = this.connectors.for(account.network);
    if (!connector)
      throw new SocialException(
        'admin_verification_required',
        `PerkRank cannot read ${account.network} profiles itself: an admin verifies these accounts.`,
      );
    let profile;
    try {
      profile = await connector.profile(account.handle);
    } catch (error) {
      if (error instanceof ConnectorError && error.kind === 'not_found')
        throw new SocialException(
          'verification_failed',
          `No ${account.network} account ${account.handle} was found.`,
        );
      if (error instanceof ConnectorError)
        throw new SocialException(
          'network_unavailable',
          `${account.network} could not be reached; try again later.`,
          {
            retryAfter: error.retryAfter,
          },
        );
      throw error;
    }
    if (!containsToken(profile.bio, account.verificationToken))
      throw new SocialException(
        'verification_failed',
        `The verification token was not found in the ${account.network} profile of ${account.handle}.`,
      );
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
        },
        manager,
      );
      if (done) await this.accounts.upsertDailyCounts(manager, [account.id], now);
      return done;
    });
    if (!ok) throw handleTaken();
    this.logger.log({ accountId: account.id, network: account.network }, 'social account verified');
    return this.view(await this.reload(account.id));
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

const notFound = (): SocialException =>
  new SocialException('social_account_not_found', 'No social account with this id was found.');
const handleTaken = (): SocialException =>
  new SocialException('handle_taken', 'Another member has already verified this account.');
