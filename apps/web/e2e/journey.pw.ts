/**
 * The acceptance journey of the web app, through the UI only, on a fresh seeded demo world:
 * influencer claims → front desk redeems → brand manager creates a campaign → admin approves →
 * the influencer sees it, checks the German score page, exports data and withdraws consent.
 */
import { readFileSync } from 'node:fs';
import { checkPage, closeSession, expect, logIn, openSession, PEOPLE, test } from './support';

test.describe.configure({ mode: 'serial' });

const campaignTitle = `Rooftop breakfast for two ${Date.now().toString(36)}`;
let code = '';

function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

test('everyone: the landing page shows the published model', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'The published model' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Calibration curve/ })).toBeVisible();
  await expect(page.getByText(/members scored in the latest run/)).toBeVisible();
  await checkPage(page, 'landing');
  await page.goto('/login');
  await checkPage(page, 'login');
  await page.goto('/signup');
  await checkPage(page, 'signup');
  await closeSession(session);
});

test('influencer on a phone: score, filters, claims the suite upgrade, sees code and QR', async ({
  browser,
}) => {
  const session = await openSession(browser, { width: 390, height: 844 });
  const { page } = session;
  await logIn(page, PEOPLE.influencer);
  await expect(page).toHaveURL(/\/score$/);
  await expect(page.getByRole('img', { name: /^Score [\d.]+ out of 100$/ })).toBeVisible();
  for (const component of ['Network', 'Engagement', 'Amplification', 'Reach']) {
    await expect(page.getByText(component, { exact: true })).toBeVisible();
  }
  await expect(page.getByText(/Higher than [\d.]+ % of members/)).toBeVisible();
  await checkPage(page, 'influencer-score');
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('link', { name: 'Perks', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Junior suite upgrade/ })).toBeVisible();
  await page.getByLabel('City').fill('Hamburg');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No perks match these filters right now.')).toBeVisible();
  await page.getByLabel('City').fill('Berlin');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const suite = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: /Junior suite upgrade/ }) });
  await expect(suite).toBeVisible();
  await checkPage(page, 'influencer-perks');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await suite.getByRole('button', { name: 'Claim' }).click();
  await expect(page).toHaveURL(/\/claims\/[0-9a-f-]+$/);
  const codeText = page.getByText(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(codeText).toBeVisible();
  code = (await codeText.textContent()) ?? '';
  await expect(page.getByRole('img', { name: 'QR code' })).toBeVisible();
  await expect(page.getByText(/Mark it as advertising/)).toBeVisible();
  await checkPage(page, 'influencer-claim');

  await page.getByRole('link', { name: 'My claims' }).click();
  await expect(page.getByText(/Junior suite upgrade/)).toBeVisible();
  await checkPage(page, 'influencer-claims');
  await closeSession(session);
});

test('front desk: looks the code up and redeems it', async ({ browser }) => {
  expect(code).not.toBe('');
  const session = await openSession(browser, { width: 1024, height: 768 });
  const { page } = session;
  await logIn(page, PEOPLE.frontDesk);
  await expect(page).toHaveURL(/\/brand\/front-desk$/);
  await page.getByLabel('Code').fill('ZZZZ-ZZZZ-ZZZZ');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toContainText('No claim of yours has this code');
  // Typed as a guest might read it aloud: lower case, no hyphens.
  await page.getByLabel('Code').fill(code.replaceAll('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByText('Member: Mia Hoffmann')).toBeVisible();
  await expect(page.getByText('Reserved')).toBeVisible();
  await checkPage(page, 'front-desk-lookup');
  await page.getByRole('button', { name: 'Redeem' }).click();
  await expect(page.getByText('Redeemed', { exact: true })).toBeVisible();
  await checkPage(page, 'front-desk-redeemed');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redeem' }).isDisabled();
  await closeSession(session);
});

test('brand manager: a validation error lands on its field, then the campaign goes to review', async ({
  browser,
}) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.manager);
  await expect(page).toHaveURL(/\/brand\/campaigns$/);
  await expect(page.getByRole('link', { name: /Junior suite upgrade/ })).toBeVisible();
  await checkPage(page, 'brand-campaigns');
  await page.getByRole('link', { name: 'New campaign' }).click();
  await page.getByLabel('Title').fill(campaignTitle);
  await page
    .getByLabel('Description')
    .fill('Breakfast on our roof terrace with a view over Berlin, for two.');
  await page
    .getByLabel('Terms')
    .fill('Served daily from 7 to 11; reserve a table a day ahead at the front desk.');
  await page.getByLabel('Minimum score').fill('50');
  await page.getByLabel('Total stock').fill('5');
  await page.getByLabel('Per person').fill('1');
  const now = new Date();
  await page.getByLabel('Starts').fill(localInput(new Date(now.getTime() - 10 * 60_000)));
  // Ends before it starts: the API refuses, and says so on the Ends field.
  await page.getByLabel('Ends').fill(localInput(new Date(now.getTime() - 60 * 60_000)));
  await page.getByLabel('Venue').fill('Hotel Aurora Berlin');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').fill('DE');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  const ends = page.getByLabel('Ends');
  await expect(ends).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title')).not.toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await ends.getAttribute('aria-describedby')) ?? '';
  await expect(
    page.locator(`[id="${describedBy.split(' ').find((id) => id.includes('error'))}"]`),
  ).toContainText(/endsAt/);
  await checkPage(page, 'brand-editor-error');

  await ends.fill(localInput(new Date(now.getTime() + 14 * 86_400_000)));
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: campaignTitle })).toBeVisible();
  await expect(page.getByText('In review')).toBeVisible();
  await checkPage(page, 'brand-campaign');
  await closeSession(session);
});

test('admin: approves the campaign from the moderation queue', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.admin);
  await expect(page).toHaveURL(/\/admin\/moderation$/);
  await expect(page.getByText(/Presidential suite weekend/)).toBeVisible();
  await checkPage(page, 'admin-moderation');
  await page.getByRole('link', { name: `Review ${campaignTitle}` }).click();
  for (const name of ['Approve', 'Reject', 'Request changes', 'Remove']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await checkPage(page, 'admin-review');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Note (optional)').fill('Looks good.');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/moderation$/);
  await expect(page.getByRole('link', { name: `Review ${campaignTitle}` })).toHaveCount(0);
  await closeSession(session);
});

test('influencer: the new perk is in the feed; the score page in German', async ({ browser }) => {
  const session = await openSession(browser, { locale: 'de-DE' });
  const { page } = session;
  await logIn(page, PEOPLE.influencer, { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden' });
  await expect(page.getByRole('heading', { name: 'Dein Score', exact: true })).toBeVisible();
  await expect(page.getByText('Netzwerk', { exact: true })).toBeVisible();
  await expect(page.getByText(/Höher als bei [\d,]+ % der Mitglieder/)).toBeVisible();
  await checkPage(page, 'influencer-score-de');
  await page.getByRole('link', { name: 'Perks', exact: true }).click();
  await expect(page.getByRole('heading', { name: campaignTitle })).toBeVisible();
  await closeSession(session);
});

test('influencer: exports their data and withdraws scoring consent', async ({ browser }) => {
  const session = await openSession(browser);
  const { page } = session;
  await logIn(page, PEOPLE.influencer);
  await page.getByRole('link', { name: 'Privacy' }).click();
  await checkPage(page, 'influencer-privacy');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export my data' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    account?: { email?: string };
  };
  expect(exported.account?.email).toBe(PEOPLE.influencer);
  const consent = page.getByRole('switch', { name: 'Scoring' });
  await expect(consent).toBeChecked();
  await consent.click();
  await expect(page.getByText(/Scoring is off/)).toBeVisible();
  await expect(consent).not.toBeChecked();
  await page.getByRole('link', { name: 'Score' }).click();
  await expect(page.getByText(/You have no score yet/)).toBeVisible();
  await closeSession(session);
});
