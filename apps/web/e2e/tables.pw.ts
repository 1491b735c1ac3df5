/**
 * The list pages built on the shared table (`CursorTable`) and create form (`SecretOnceForm`) that
 * the journeys do not walk: a brand's API keys (the key shown once, then revoked) and payments; the
 * admin's users, audit log, reports, scoring runs and payments.
 */
import { checkPage, closeSession, expect, logIn, openSession, PEOPLE, test } from './support';

test('brand manager: an API key is shown once and revoked; payments are listed', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  const name = `Till ${Date.now().toString(36)}`;
  await logIn(page, PEOPLE.manager);
  await page.getByRole('link', { name: 'API keys', exact: true }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copy this key now' })).toBeVisible();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await checkPage(page, 'brand-api-keys');
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
  await expect(page.getByText('Key revoked.')).toBeVisible();
  await page.getByRole('link', { name: 'Payments', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Payments', exact: true })).toBeVisible();
  await checkPage(page, 'brand-payments');
  await closeSession(session);
});

test('admin: users, audit log, reports, scoring runs and payments list their rows', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.admin);
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByLabel('Email').fill(PEOPLE.frontDesk);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('cell', { name: PEOPLE.frontDesk, exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: PEOPLE.influencer, exact: true })).toHaveCount(0);
  await checkPage(page, 'admin-users');
  for (const [link, heading, shot] of [
    ['Audit log', 'Audit log', 'admin-audit-log'],
    ['Reports', 'Reports', 'admin-reports'],
    ['Scoring', 'Scoring runs', 'admin-scoring'],
    ['Payments', 'All payments', 'admin-payments'],
  ] as const) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await checkPage(page, shot);
  }
  await closeSession(session);
});
