import { exceptionFor, type ErrorTable } from '@perkrank/core';

/** Every error the identity context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  email_taken: 'conflict',
  age_requirement: 'invalid',
  invalid_credentials: 'unauthenticated',
  account_suspended: 'forbidden',
  invalid_refresh_token: 'unauthenticated',
  refresh_token_reused: 'unauthenticated',
  user_not_found: 'not_found',
  brand_not_found: 'not_found',
  member_not_found: 'not_found',
  already_member: 'conflict',
  invitation_not_found: 'not_found',
  owner_cannot_be_removed: 'conflict',
  api_key_not_found: 'not_found',
  invalid_api_key: 'unauthenticated',
  already_in_state: 'conflict',
  cannot_change_own_account: 'conflict',
  brand_ownership_transfer_required: 'conflict',
  invalid_token: 'invalid',
  email_not_verified: 'forbidden',
} as const satisfies ErrorTable;

export type IdentityErrorCode = keyof typeof CODES;

export class IdentityException extends exceptionFor(CODES) {}
