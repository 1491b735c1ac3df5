import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AdminUsersService } from '@perkrank/identity';
import type { TestApp } from './app';

let counter = 0;
const unique = (): string =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

export const PASSWORD = 'correct-horse-battery';

/** A logged-in user: their tokens and a supertest helper that sends their bearer token. */
export interface Client {
  id: string;
  email: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export function clientFor(
  t: TestApp,
  user: { id: string; email: string; displayName: string },
  tokens: { accessToken: string; refreshToken: string },
): Client {
  const auth = (r: request.Test): request.Test => r.set('Authorization', `Bearer ${tokens.accessToken}`);
  return {
    ...user,
    ...tokens,
    get: (path) => auth(t.http.get(path)),
    post: (path, body) => auth(t.http.post(path)).send(body ?? {}),
    patch: (path, body) => auth(t.http.patch(path)).send(body ?? {}),
    delete: (path) => auth(t.http.delete(path)),
  };
}

export interface NewUser {
  email?: string;
  password?: string;
  displayName?: string;
  accountType?: 'influencer' | 'brand';
  dateOfBirth?: string;
  scoringConsent?: boolean;
}

export function registrationBody(overrides: NewUser = {}): Record<string, unknown> {
  const id = unique();
  return {
    email: overrides.email ?? `user-${id}@example.com`,
    password: overrides.password ?? PASSWORD,
    displayName: overrides.displayName ?? `User ${id}`,
    accountType: overrides.accountType ?? 'influencer',
    dateOfBirth: overrides.dateOfBirth ?? '1990-04-12',
    acceptTerms: true,
    ...(overrides.scoringConsent !== undefined ? { scoringConsent: overrides.scoringConsent } : {}),
  };
}

/** Registers through the real endpoint and returns the logged-in client. */
export async function registerUser(t: TestApp, overrides: NewUser = {}): Promise<Client> {
  const body = registrationBody(overrides);
  const res = await t.http.post('/v1/auth/register').send(body).expect(201);
  return clientFor(t, res.body.user, res.body);
}

export const newInfluencer = (t: TestApp, overrides: NewUser = {}): Promise<Client> =>
  registerUser(t, { accountType: 'influencer', ...overrides });

export const newBrandUser = (t: TestApp, overrides: NewUser = {}): Promise<Client> =>
  registerUser(t, { accountType: 'brand', ...overrides });

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Client> {
  const res = await t.http.post('/v1/auth/login').send({ email, password }).expect(200);
  return clientFor(t, res.body.user, res.body);
}

/** An admin made the way operators make them (the CLI's service), then logged in. */
export async function newAdmin(t: TestApp): Promise<Client> {
  const email = `admin-${unique()}@example.com`;
  await t.app.get(AdminUsersService).ensureAdmin(email, PASSWORD, 'Test Admin');
  return login(t, email);
}

export interface BrandFixture {
  id: string;
  name: string;
  owner: Client;
}

export async function newBrand(t: TestApp, owner?: Client): Promise<BrandFixture> {
  const ownerClient = owner ?? (await newBrandUser(t));
  const res = await ownerClient.post('/v1/brands', { name: `Hotel ${unique()}`, country: 'DE' }).expect(201);
  return { id: res.body.id, name: res.body.name, owner: ownerClient };
}

/**
 * `inviter` invites `member` to the brand and `member` accepts; returns `member` logged in again,
 * so the `brand` account role shows in their new session.
 */
export async function joinBrand(
  t: TestApp,
  inviter: Client,
  brandId: string,
  member: Client,
  role: 'manager' | 'staff',
): Promise<Client> {
  const invitation = await inviter
    .post(`/v1/brands/${brandId}/members`, { email: member.email, role })
    .expect(202);
  await member.post(`/v1/me/invitations/${invitation.body.id}/accept`).expect(200);
  return login(t, member.email);
}

/** Adds a new brand user to the brand with `role` (invited and accepted) and returns them logged in. */
export async function newBrandMember(
  t: TestApp,
  brand: BrandFixture,
  role: 'manager' | 'staff',
): Promise<Client> {
  return joinBrand(t, brand.owner, brand.id, await newBrandUser(t), role);
}
