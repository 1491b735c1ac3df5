/**
 * Domain errors. Services throw an AppException (or a context's subclass) with a snake_case code;
 * the global filter turns it into the error envelope (docs/api.md "Errors"). Services never see HTTP exceptions.
 */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'api_error';

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const KINDS: Record<ErrorKind, { status: number; type: ErrorType }> = {
  invalid: { status: 400, type: 'invalid_request_error' },
  unauthenticated: { status: 401, type: 'authentication_error' },
  forbidden: { status: 403, type: 'permission_error' },
  not_found: { status: 404, type: 'not_found_error' },
  conflict: { status: 409, type: 'conflict_error' },
  unprocessable: { status: 422, type: 'invalid_request_error' },
  too_large: { status: 413, type: 'invalid_request_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  unavailable: { status: 503, type: 'api_error' },
  internal: { status: 500, type: 'api_error' },
};

export interface AppExceptionOptions {
  param?: string;
  details?: Record<string, unknown>;
  /** Seconds, sent as Retry-After (rate limits). */
  retryAfter?: number;
}

export class AppException extends Error {
  readonly status: number;
  readonly type: ErrorType;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(message);
    this.name = 'AppException';
    this.status = KINDS[kind].status;
    this.type = KINDS[kind].type;
  }

  static unauthenticated(message = 'Authentication is required.'): AppException {
    return new AppException('unauthenticated', 'unauthenticated', message);
  }

  static forbidden(message = 'You are not allowed to do this.'): AppException {
    return new AppException('forbidden', 'forbidden', message);
  }

  static notFound(what: string, code = 'not_found'): AppException {
    return new AppException('not_found', code, `${what} was not found.`);
  }

  static rateLimited(retryAfter: number, message = 'Too many requests. Try again later.'): AppException {
    return new AppException('rate_limited', 'rate_limited', message, { retryAfter });
  }
}

/**
 * The base class of a context's exception from its table of codes: each code has one kind (and so
 * one HTTP status), and the constructor only accepts the table's codes.
 *
 *     const CODES = { sold_out: 'conflict', claim_not_found: 'not_found' } as const satisfies ErrorTable;
 *     export class ClaimException extends exceptionFor(CODES) { static soldOut() { … } }
 */
export type ErrorTable = Readonly<Record<string, ErrorKind>>;

export function exceptionFor<const T extends ErrorTable>(
  codes: T,
): new (code: keyof T & string, message: string, options?: AppExceptionOptions) => AppException {
  return class extends AppException {
    constructor(code: keyof T & string, message: string, options?: AppExceptionOptions) {
      super(codes[code], code, message, options);
    }
  };
}

/** Thrown by the validation pipe; `fields` maps each property path to its messages (never values). */
export class ValidationFailedException extends AppException {
  constructor(fields: Record<string, string[]>) {
    const names = Object.keys(fields);
    super('invalid', 'validation_failed', `The request is invalid: check ${names.join(', ')}.`, {
      param: names[0],
      details: { fields },
    });
  }
}
