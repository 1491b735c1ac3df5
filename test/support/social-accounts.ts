import { randomBytes, randomUUID } from 'node:crypto';
import { SocialAccount, SocialAccountStatus } from '@perkrank/social';
import type { Network } from '@perkrank/reference';
import type { TestApp } from './app';

/**
 * A social account row as the social context stores it, inserted straight into the real table
 * (for tests of readers of social accounts that do not exercise connecting and verifying).
 */
export async function insertSocialAccount(
  t: TestApp,
  user: { id: string },
  input: {
    network?: Network;
    handle?: string;
    status?: SocialAccountStatus;
    verifiedBy?: string | null;
  } = {},
): Promise<SocialAccount> {
  const status = input.status ?? 'verified';
  const account = {
    id: randomUUID(),
    userId: user.id,
    network: input.network ?? 'mastodon',
    handle: input.handle ?? `member${randomBytes(4).toString('hex')}@mastodon.example`,
    nativeId: status === 'verified' ? `native-${randomBytes(6).toString('hex')}` : null,
    status,
    verificationToken: randomBytes(16).toString('hex'),
    verifiedAt: status === 'verified' ? t.clock.now() : null,
    verifiedBy: input.verifiedBy ?? null,
    followers: 1200,
    following: 300,
    posts: 40,
    lastSyncedAt: null,
  };
  await t.dataSource.getRepository(SocialAccount).insert(account);
  return Object.assign(new SocialAccount(), account, { syncState: null });
}
