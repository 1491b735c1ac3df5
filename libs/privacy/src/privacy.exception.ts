import { exceptionFor, type ErrorKind } from '@perkrank/core';

/** Every error the privacy context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  scoring_consent_required: 'forbidden',
} as const satisfies Record<string, ErrorKind>;

export type PrivacyErrorCode = keyof typeof CODES;

export class PrivacyException extends exceptionFor(CODES) {}
