/**
 * Sessions: a reload signs in again with the rotating refresh token; presenting a rotated token
 * again (as a thief would) revokes the session, and the person lands on the login page told why.
 */
import { closeSession, expect, logIn, openSession, test } from './support';

const CAFE_OWNER = 'cafe-owner@demo.perkrank.test';
const KEY = 'perkrank.refreshToken';

test('the refresh token rotates on reload, and a reused one logs the person out with a message', async ({
  browser,
}) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, CAFE_OWNER);
  await expect(page).toHaveURL(/\/brand\/campaigns$/);
  const first = await page.evaluate((key) => localStorage.getItem(key), KEY);
  expect(first).toBeTruthy();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Campaigns', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  const second = await page.evaluate((key) => localStorage.getItem(key), KEY);
  expect(second).toBeTruthy();
  expect(second).not.toBe(first);

  // Put the already rotated token back: the API sees a reuse and revokes the whole session.
  await page.evaluate(([key, token]) => localStorage.setItem(key, token), [KEY, first!] as const);
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('status')).toContainText('You were logged out');
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBeNull();
  await closeSession(session);
});

test('logging out ends the session on the server too', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, CAFE_OWNER);
  const token = await page.evaluate((key) => localStorage.getItem(key), KEY);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBeNull();
  const refused = await page.request.post('/v1/auth/refresh', { data: { refreshToken: token } });
  expect(refused.status()).toBe(401);
  await closeSession(session);
});
