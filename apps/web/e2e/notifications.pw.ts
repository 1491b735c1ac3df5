/**
 * Invitations, password reset, webhooks and the admin outbox through the UI, on the seeded demo
 * world: the people invited or reset are registered by the test itself, so the demo logins the
 * other journeys use stay as they are. Mails are read from the admin outbox API (no SMTP in the demo).
 */
import type { APIRequestContext } from '@playwright/test';
import { checkPage, closeSession, expect, logIn, openSession, PASSWORD, PEOPLE, test } from './support';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const invitee = { email: `invitee-${run}@example.com`, name: `Ines Invitee ${run}` };
const forgetful = { email: `forgetful-${run}@example.com`, name: `Fritz Forgetful ${run}` };
const NEW_PASSWORD = 'a-brand-new-password';

async function register(request: APIRequestContext, person: { email: string; name: string }) {
  const response = await request.post('/v1/auth/register', {
    data: {
      email: person.email,
      password: PASSWORD,
      displayName: person.name,
      accountType: 'influencer',
      dateOfBirth: '1995-04-12',
      acceptTerms: true,
      scoringConsent: true,
    },
  });
  expect(response.status()).toBe(201);
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/v1/auth/login', {
    data: { email: PEOPLE.admin, password: PASSWORD },
  });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

test('a brand invites a new person by email, who accepts and joins the team', async ({ browser }) => {
  const owner = await openSession(browser);
  await register(owner.page.request, invitee);
  await logIn(owner.page, PEOPLE.manager);
  await owner.page.getByRole('link', { name: 'Team', exact: true }).click();
  await owner.page.getByLabel('Email').fill(invitee.email);
  await owner.page.getByLabel('Role').selectOption('staff');
  await owner.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(owner.page.getByText(/Invitation sent/)).toBeVisible();
  await expect(
    owner.page.getByRole('button', { name: `Revoke the invitation of ${invitee.email}` }),
  ).toBeVisible();
  await checkPage(owner.page, 'brand-team-invitations');

  const person = await openSession(browser);
  await logIn(person.page, invitee.email);
  await expect(person.page.getByRole('status').filter({ hasText: /pending invitation/ })).toBeVisible();
  await person.page.getByRole('link', { name: 'Invitations', exact: true }).click();
  await expect(person.page).toHaveURL(/\/invitations$/);
  await checkPage(person.page, 'invitations');
  await person.page.getByRole('button', { name: /^Accept the invitation of / }).click();
  await expect(person.page.getByText('Invitation accepted: you are now on the team.')).toBeVisible();
  await expect(person.page.getByText('No pending invitations.')).toBeVisible();
  await closeSession(person);

  await owner.page.reload();
  await expect(owner.page.getByRole('cell', { name: invitee.email, exact: true })).toBeVisible();
  await expect(owner.page.getByRole('button', { name: `Remove ${invitee.name}` })).toBeVisible();
  await expect(owner.page.getByText('No pending invitations.')).toBeVisible();
  await closeSession(owner);
});

test('forgot password: the reset mail reaches the outbox, its link sets a new password', async ({
  browser,
}) => {
  const session = await openSession(browser);
  const { page } = session;
  await register(page.request, forgetful);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await checkPage(page, 'forgot-password');
  await page.getByLabel('Email').fill(forgetful.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText(`If an account exists for ${forgetful.email}`);

  const token = await adminToken(page.request);
  let link = '';
  await expect
    .poll(async () => {
      const response = await page.request.get('/v1/admin/outbox?kind=password_reset&limit=50', {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { data: { to: string | null; text: string | null }[] };
      const mail = body.data.find((m) => m.to === forgetful.email && m.text);
      link = /\/reset-password\?token=[^\s"<>]+/.exec(mail?.text ?? '')?.[0] ?? '';
      return link;
    })
    .not.toBe('');

  await page.goto(link);
  await checkPage(page, 'reset-password');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password was changed');
  // The link is single-use.
  await page.goto(link);
  await page.getByLabel('New password').fill(`${NEW_PASSWORD}-again`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toBeVisible();

  await page.goto('/login');
  await page.getByLabel('Email').fill(forgetful.email);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(/\/score$/);
  await page.getByRole('link', { name: 'Privacy', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Email notifications' })).toBeVisible();
  const reminder = page.getByRole('switch', { name: 'Reminder 24 hours before a claim expires' });
  await expect(reminder).toBeChecked();
  await reminder.click({ force: true });
  await expect(page.getByText('Notification settings saved.')).toBeVisible();
  await expect(reminder).not.toBeChecked();
  await checkPage(page, 'privacy-notifications');
  await closeSession(session);
});

test('verify-email without a valid token says so', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await page.goto('/verify-email?token=not-a-real-token');
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page, 'verify-email');
  await closeSession(session);
});

test('brand webhooks: create (secret shown once), deliveries, rotate, delete', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.manager);
  await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
  const url = `http://127.0.0.1:9/perkrank-${run}`;
  await page.getByLabel('Endpoint URL').fill(url);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByText('Copy this signing secret now')).toBeVisible();
  await expect(page.getByText(url, { exact: true })).toBeVisible();
  await checkPage(page, 'brand-webhooks');
  await page.getByRole('button', { name: `Deliveries of ${url}` }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: `Rotate the secret of ${url}` }).click();
  await expect(page.getByText(/New signing secret/)).toBeVisible();
  await page.getByRole('button', { name: `Delete the endpoint ${url}` }).click();
  await expect(page.getByText(url, { exact: true })).toHaveCount(0);
  await closeSession(session);
});

test('admin: the Outbox page lists mails newest first', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.admin);
  await page.getByRole('link', { name: 'Outbox', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Outbox', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: forgetful.email }).first()).toBeVisible();
  await checkPage(page, 'admin-outbox');
  await closeSession(session);
});
