/**
 * What every browser test shares: pages run under the production Content-Security-Policy, any
 * console error or uncaught exception fails the test, each visited page is checked with axe and
 * saved as a screenshot (test-results/screenshots, not committed).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD = 'perkrank-demo';
export const PEOPLE = {
  influencer: 'influencer@demo.perkrank.test',
  manager: 'hotel-manager@demo.perkrank.test',
  frontDesk: 'frontdesk@demo.perkrank.test',
  admin: 'admin@demo.perkrank.test',
} as const;

/** The policy the hardening work serves: the app must run under it unchanged. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";

const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');
let shot = 0;

/**
 * Chromium reports every 4xx answer as "Failed to load resource"; the journeys provoke some on
 * purpose (a validation error, a refused code) and assert the message the person sees instead.
 */
const EXPECTED = /Failed to load resource: the server responded with a status of 4\d\d/;

export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openSession(
  browser: Browser,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<Session> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    acceptDownloads: true,
  });
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { context, page, errors };
}

export async function logIn(
  page: Page,
  email: string,
  labels = { email: 'Email', password: 'Password', submit: 'Log in' },
) {
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** axe on the page as it is now: no serious or critical violations; then a screenshot. */
export async function checkPage(page: Page, name: string) {
  await expect(page.getByLabel(/Loading|Wird geladen/)).toHaveCount(0);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`).join('; ')}`,
    ),
    `axe on ${name}`,
  ).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  shot += 1;
  await page.screenshot({
    path: join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

export async function closeSession(session: Session) {
  expect(session.errors, 'console errors').toEqual([]);
  await session.context.close();
}

export const test = base;
export { expect };
