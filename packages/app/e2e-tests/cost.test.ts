import { expect, test } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './helpers';

test.describe('cost', () => {
  test('an entity shows its attributed spend by service category with a budget', async ({ page }) => {
    await signInAsGuest(page, '/catalog/default/component/BrightPathMatrix/cost');
    // The demo's billing files are ingested once the catalog is loaded at start-up.
    await expect(async () => {
      await page.reload();
      await expect(page.getByText('Cost by service category')).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 });
    // A real chart: recharts draws an SVG with one bar series per category.
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'top services' })).toBeVisible();
    await expect(page.getByLabel('Monthly budget')).toBeVisible();
    await saveScreenshot(page, 'cost-entity-tab');
  });

  test('the overview card shows this month and the forecast', async ({ page }) => {
    await signInAsGuest(page, '/catalog/default/component/BrightPathMatrix');
    await expect(page.getByLabel('last 30 days')).toBeVisible();
    await saveScreenshot(page, 'cost-entity-card');
  });

  test('leadership sees spend by team against budget, movers and unattributed cost', async ({ page }) => {
    await signInAsGuest(page, '/cost');
    await expect(page.getByRole('table', { name: 'teams' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'teams' })).toContainText('Peoria Data');
    await expect(page.getByRole('table', { name: 'top movers' })).toBeVisible();
    await expect(page.getByText('Unattributed cost this month')).toBeVisible();
    await saveScreenshot(page, 'cost-organisation');
  });
});
