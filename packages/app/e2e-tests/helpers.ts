import { expect, Page } from '@playwright/test';
import path from 'node:path';

/** Screenshots are kept as test artifacts in test-results/screenshots. */
export async function saveScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: path.resolve(__dirname, '../../../test-results/screenshots', `${name}.png`),
    fullPage: true,
  });
}

/** Signs in with the demo's guest provider and waits for the sidebar. */
export async function signInAsGuest(page: Page, url = '/') {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
