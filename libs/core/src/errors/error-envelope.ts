import { HttpException } from '@nestjs/common';
import { AppException, ErrorType } from './app.exception';

export interface ErrorBody {
  error: {
    type: ErrorType;
    code: string;
    message: string;
    param?: string;
    details?: Record<string, unknown>;
    requestId: string;
  };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  retryAfter?: number;
  /** True when the cause is not a known, expected error (it is logged with its stack). */
  unexpected: boolean;
}

/** Errors raised by Nest or Express themselves (unknown route, bad JSON, body too large). */
function fromHttpException(e: HttpException): AppException {
  const status = e.getStatus();
  switch (status) {
    case 400:
      return new AppException('invalid', 'invalid_json', 'The request body is not valid JSON.');
    case 401:
      return AppException.unauthenticated();
    case 403:
      return AppException.forbidden();
    case 404:
      return new AppException('not_found', 'route_not_found', 'No such endpoint.');
    case 405:
      return new AppException('invalid', 'method_not_allowed', 'This method is not allowed here.');
    case 413:
      return new AppException('too_large', 'payload_too_large', 'The request body is too large.');
    case 415:
      return new AppException('invalid', 'unsupported_media_type', 'Send the body as application/json.');
    case 429:
      return AppException.rateLimited(60);
    default:
      return new AppException(
        status >= 500 ? 'internal' : 'invalid',
        status >= 500 ? 'internal_error' : 'bad_request',
        status >= 500 ? 'Something went wrong on our side.' : 'The request could not be processed.',
      );
  }
}

/** Body-parser errors carry a status and a type but are not HttpExceptions. */
function fromBodyParser(e: unknown): AppException | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { type, status } = e as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return undefined;
  if (type === 'entity.parse.failed') {
    return new AppException('invalid', 'invalid_json', 'The request body is not valid JSON.');
  }
  if (type === 'entity.too.large') {
    return new AppException('too_large', 'payload_too_large', 'The request body is too large.');
  }
  if (status >= 400 && status < 500) {
    return new AppException('invalid', 'bad_request', 'The request could not be processed.');
  }
  return undefined;
}

/** The one mapping from anything thrown to the error envelope (docs/api.md "Errors"). */
export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  let known: AppException | undefined;
  if (exception instanceof AppException) known = exception;
  else if (exception instanceof HttpException) known = fromHttpException(exception);
  else known = fromBodyParser(exception);

  if (!known || known.status >= 500) {
    const unavailable = known?.kind === 'unavailable';
    return {
      status: known?.status ?? 500,
      unexpected: !unavailable,
      retryAfter: known?.options.retryAfter,
      body: {
        error: {
          type: 'api_error',
          code: unavailable ? known!.code : 'internal_error',
          message: unavailable
            ? known!.message
            : 'Something went wrong on our side. Quote the request id if you contact us.',
          ...(unavailable && known!.options.details !== undefined ? { details: known!.options.details } : {}),
          requestId,
        },
      },
    };
  }
  const { param, details, retryAfter } = known.options;
  return {
    status: known.status,
    unexpected: false,
    retryAfter,
    body: {
      error: {
        type: known.type,
        code: known.code,
        message: known.message,
        ...(param !== undefined ? { param } : {}),
        ...(details !== undefined ? { details } : {}),
        requestId,
      },
    },
  };
}
