/** The API's one error envelope, as the web app sees it: every failure becomes an ApiError. */
import type { components } from './schema';

type Envelope = { error?: Partial<ErrorBody> };
interface ErrorBody {
  type: string;
  code: string;
  message: string;
  param?: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

export class ApiError extends Error implements ErrorBody {
  readonly type: string;
  readonly code: string;
  readonly param?: string;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string;

  constructor(
    readonly status: number,
    body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.type = body.type;
    this.code = body.code;
    this.param = body.param;
    this.details = body.details;
    this.requestId = body.requestId;
  }

  /** `details.fields` of a validation failure, plus `param` of any other error, keyed by field path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const fields = this.details?.fields;
    if (fields && typeof fields === 'object') {
      for (const [field, messages] of Object.entries(fields as Record<string, unknown>)) {
        const first: unknown = Array.isArray(messages) ? (messages as unknown[])[0] : messages;
        if (typeof first === 'string') out[field] = first;
      }
    }
    if (this.param && !out[this.param]) out[this.param] = this.message;
    return out;
  }

  /** Submission problems of `campaign_incomplete`, keyed by field path. */
  problems(): components['schemas']['SubmissionProblemView'][] {
    const problems = this.details?.problems ?? this.details?.reasons;
    return Array.isArray(problems)
      ? problems.filter((p): p is components['schemas']['SubmissionProblemView'] => typeof p === 'object')
      : [];
  }
}

/** Reads the envelope from a failed response; a proxy's HTML page or an empty body still yields a message. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Envelope | undefined)?.error;
  return new ApiError(status, {
    type: error?.type ?? 'api_error',
    code: error?.code ?? `http_${status}`,
    message: error?.message ?? `The server answered ${status}.`,
    param: error?.param,
    details: error?.details,
    requestId: error?.requestId,
  });
}

export function networkError(): ApiError {
  return new ApiError(0, {
    type: 'api_error',
    code: 'network_error',
    message: 'The server could not be reached. Check your connection and try again.',
  });
}
