import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';

/** Name of the one error schema every 4xx response of the document references. */
export const ERROR_ENVELOPE_SCHEMA = 'ErrorEnvelope';

/** Internal markers the OpenAPI pass reads (and removes) to know which routes are public or metered. */
export const OPENAPI_PUBLIC_MARK = 'x-perkrank-public';
export const OPENAPI_UNMETERED_MARK = 'x-perkrank-unmetered';

export interface OperationDoc {
  /** Stable camelCase id client generators name their method after, e.g. `createCampaign`. */
  operationId: string;
  /** One line, imperative: "Create a campaign". */
  summary: string;
  /** What it does, who may call it, and what to expect. */
  description: string;
}

/** The id, summary and description of one operation; every route has one (checked in CI). */
export const ApiOperationDoc = (doc: OperationDoc): MethodDecorator => ApiOperation(doc);

/**
 * A POST that acts on something that exists (approve, cancel, rotate, log in…): it creates no
 * resource, so it answers 200 with `response`, not 201. `@PostAction('path', { type })` stands for
 * `@Post('path') @HttpCode(200) @ApiOkResponse({ type })`.
 */
export const PostAction = (path: string, response: Parameters<typeof ApiOkResponse>[0]): MethodDecorator =>
  // Listed bottom-up, as the stack it replaces applied them.
  applyDecorators(ApiOkResponse(response), HttpCode(200), Post(path));

/** The 4xx statuses an operation can answer besides the ones the OpenAPI pass derives. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

const DEFAULT_ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'The request is invalid (validation_failed lists every bad field in details.fields)',
  401: 'No valid bearer token or API key',
  403: 'The caller may not do this (missing role, not a member of the brand, suspended)',
  404: 'No resource with this id was found, or the caller may not see it',
  409: 'The resource is not in a state that allows this',
  413: 'The request body is too large',
  422: 'The request is well-formed but cannot be processed',
  429: 'Too many requests; retry after the Retry-After header',
};

export function errorDescription(status: ErrorStatus): string {
  return DEFAULT_ERROR_DESCRIPTIONS[status];
}

/**
 * Documents extra error statuses (409, 422 ...) in the error envelope. 400/401/403/404/413/429
 * are added by the OpenAPI pass from the route's shape; list them here only to give a
 * more specific description (`@ApiErrors({ status: 409, description: 'campaign_not_draft' })`).
 */
export const ApiErrors = (
  ...errors: Array<ErrorStatus | { status: ErrorStatus; description: string }>
): MethodDecorator =>
  applyDecorators(
    ...errors.map((e) =>
      typeof e === 'number'
        ? ApiResponse({ status: e, description: errorDescription(e) })
        : ApiResponse({ status: e.status, description: e.description }),
    ),
  );

/** Marks a route public for the OpenAPI pass (429 from the public request budget). */
export const ApiPublicMark = (): MethodDecorator & ClassDecorator => ApiExtension(OPENAPI_PUBLIC_MARK, true);

/** Marks a route exempt from the public request budget for the OpenAPI pass (no 429). */
export const ApiUnmeteredMark = (): MethodDecorator & ClassDecorator =>
  ApiExtension(OPENAPI_UNMETERED_MARK, true);
