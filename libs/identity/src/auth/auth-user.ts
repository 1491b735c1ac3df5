import type { Role, UserStatus } from '../users/user.entity';

/** The authenticated caller, as guards put it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
  sessionId: string;
}

/** A brand's API key caller (front-desk systems); only on routes marked @AllowApiKey(). */
export interface ApiKeyCaller {
  id: string;
  brandId: string;
  name: string;
}
