import { exceptionFor, type ErrorKind } from '@perkrank/core';

const CODES = {
  webhook_endpoint_not_found: 'not_found',
  webhook_delivery_not_found: 'not_found',
  invalid_webhook_url: 'invalid',
  too_many_webhook_endpoints: 'conflict',
  mail_not_found: 'not_found',
  mail_not_retryable: 'conflict',
} as const satisfies Record<string, ErrorKind>;

export class NotificationsException extends exceptionFor(CODES) {}
