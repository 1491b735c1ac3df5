import type { AppConfig } from '@perkrank/core';
import { IdentityException } from '../identity.exception';
import type { AuthUser } from './auth-user';

/**
 * With REQUIRE_VERIFIED_EMAIL (the production default) an unverified account may log in and look
 * around, but not claim perks or create campaigns: 403 email_not_verified.
 */
export function assertVerifiedEmail(caller: AuthUser, config: AppConfig): void {
  if (!config.requireVerifiedEmail || caller.emailVerified !== false) return;
  throw new IdentityException(
    'email_not_verified',
    'Confirm your email address first: follow the link in the verification mail (POST /v1/auth/verify-email/resend sends a new one).',
  );
}
