import { exceptionFor, type ErrorKind } from '@perkrank/core';

const CODES = {
  funding_not_required: 'conflict',
  already_funded: 'conflict',
  campaign_not_fundable: 'conflict',
  checkout_in_progress: 'conflict',
  campaign_not_found: 'not_found',
  invalid_signature: 'invalid',
  invalid_event: 'invalid',
  payment_provider_error: 'unavailable',
} as const satisfies Record<string, ErrorKind>;

export type PaymentsErrorCode = keyof typeof CODES;

export class PaymentsException extends exceptionFor(CODES) {}
