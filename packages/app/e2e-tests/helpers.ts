import { expect, Page, test as base } from '@playwright/test';
import path from 'node:path';
import { testNowMs } from '@groundwork/test-utils/clock/testNow.cjs';

/**
 * Playwright's `test`, with every page on the run's clock: when
 * GROUNDWORK_TEST_NOW is set, pages start at that instant, as the backend and
 * the demo data do (playwright.config.ts), and time runs on from there.
 */
export const test = base.extend({
  page: async ({ page }, providePage) => {
    await providePage(await onTestClock(page));
  },
});

/** Puts a page on the run's clock; for pages a test opens itself, e.g. a second user's. */
export async function onTestClock(page: Page) {
  const now = testNowMs();
  if (now !== undefined) await page.clock.install({ time: now });
  return page;
}

export { expect };

/** The run's "now": the test clock when set, else the real time. */
export function testNow() {
  return new Date(testNowMs() ?? Date.now());
}

/**
 * Screenshots are kept as test artifacts in test-results/screenshots, or
 * screenshots-<date> for a run on a moved clock.
 */
export async function saveScreenshot(page: Page, name: string) {
  const now = testNowMs();
  const folder =
    now === undefined
      ? 'screenshots'
      : `screenshots-${new Date(now).toISOString().slice(0, 10)}`;
  await page.screenshot({
    path: path.resolve(
      __dirname,
      '../../../test-results',
      folder,
      `${name}.png`,
    ),
    fullPage: true,
  });
}

/** Signs in with the demo's guest provider and waits for the sidebar. */
export async function signInAsGuest(page: Page, url = '/') {
  await signInWith(page, url, 'Enter');
}

/** Signs in as the demo's member of one team (PeoriaData). */
export async function signInAsTeamMember(page: Page, url = '/') {
  await signInWith(page, url, 'Sign in as Lena Fischer');
}

async function signInWith(page: Page, url: string, button: string) {
  await page.goto(url);
  const signIn = page.getByRole('button', { name: button });
  await expect(signIn).toBeVisible();
  await signIn.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
