import { exceptionFor, type ErrorTable } from '@perkrank/core';

/** Every error the social context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  social_account_not_found: 'not_found',
  invalid_handle: 'invalid',
  account_already_connected: 'conflict',
  handle_taken: 'conflict',
  verification_failed: 'unprocessable',
  admin_verification_required: 'unprocessable',
  network_unavailable: 'unavailable',
  invalid_ingest_token: 'unauthenticated',
  batch_too_large: 'too_large',
} as const satisfies ErrorTable;

export type SocialErrorCode = keyof typeof CODES;

export class SocialException extends exceptionFor(CODES) {}
