import type { Role, UserStatus } from '../users/user.entity';

/** The authenticated caller, as guards put it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
  sessionId: string;
  /** The account's email address was verified (see REQUIRE_VERIFIED_EMAIL). */
  emailVerified?: boolean;
  /**
   * `privacy`: a token from `POST /v1/auth/privacy-token`, which opens only the @PrivacyRoute()
   * endpoints (export, erasure, privacy settings). Absent for ordinary sessions.
   */
  scope?: AccessScope;
}

export type AccessScope = 'privacy';

/** A brand's API key caller (front-desk systems); only on routes marked @AllowApiKey(). */
export interface ApiKeyCaller {
  id: string;
  brandId: string;
  name: string;
}
