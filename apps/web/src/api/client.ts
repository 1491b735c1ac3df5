/**
 * The typed API client: paths and bodies come from schema.ts, generated from the committed
 * openapi.json (`npm run web:client`). Every request carries the access token; a 401 refreshes
 * the session once and retries, so an expired access token never reaches the person.
 */
import createClient from 'openapi-fetch';
import { ApiError, networkError, toApiError } from './errors';
import type { components, paths } from './schema';
import { session } from './session';

export type Schemas = components['schemas'];

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = await session.accessToken();
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  let response = await fetch(request);
  if (response.status === 401 && token) {
    const fresh = await session.refresh();
    if (fresh) {
      retry.headers.set('Authorization', `Bearer ${fresh}`);
      response = await fetch(retry);
    }
  }
  return response;
}

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws the envelope as an ApiError. */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError();
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/** A fresh Idempotency-Key for POSTs that create things (claims, campaigns, redemptions, checkout). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
