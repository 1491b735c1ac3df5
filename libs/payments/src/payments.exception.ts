import { exceptionFor, type ErrorTable } from '@perkrank/core';

/** Every error the payments context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  funding_not_required: 'conflict',
  already_funded: 'conflict',
  campaign_not_fundable: 'conflict',
  checkout_in_progress: 'conflict',
  campaign_not_found: 'not_found',
  invalid_signature: 'invalid',
  invalid_event: 'invalid',
  payment_provider_error: 'unavailable',
} as const satisfies ErrorTable;

export type PaymentsErrorCode = keyof typeof CODES;

export class PaymentsException extends exceptionFor(CODES) {}
