import {
  expect,
  saveScreenshot,
  signInAsGuest,
  test,
  testNow,
} from './helpers';

test.describe('cost', () => {
  test('an entity shows its attributed spend by service category with a budget', async ({
    page,
  }) => {
    await signInAsGuest(
      page,
      '/catalog/default/component/BrightPathMatrix/cost',
    );
    // The demo's billing files are ingested once the catalog is loaded at start-up.
    await expect(async () => {
      await page.reload();
      await expect(page.getByText('Cost by service category')).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 120_000 });
    // A real chart: recharts draws an SVG with one bar series per category.
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'top services' }),
    ).toBeVisible();
    await expect(page.getByLabel('Monthly budget')).toBeVisible();
    await saveScreenshot(page, 'cost-entity-tab');
  });

  test('a team billed partly in EUR sees its cost converted with the configured rate', async ({
    page,
  }) => {
    await signInAsGuest(page, '/catalog/default/group/ViennaAI/cost');
    await expect(async () => {
      await page.reload();
      await expect(page.getByText('Cost by service category')).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 120_000 });
    // The demo's Azure subscription is billed in EUR; app-config.yaml gives cost.currency.rates.EUR.
    await expect(
      page.getByText('Amounts in USD; 1 EUR = 1.08 USD (cost.currency.rates)'),
    ).toBeVisible();
    await expect(page.getByLabel('excluded currencies')).toHaveCount(0);
    await saveScreenshot(page, 'cost-currency-conversion');
  });

  test('the overview card shows this month, the forecast and Kubernetes efficiency', async ({
    page,
  }) => {
    await signInAsGuest(page, '/catalog/default/component/BrightPathMatrix');
    await expect(page.getByLabel('last 30 days')).toBeVisible();
    // BrightPathMatrix has a Kubernetes namespace the OpenCost emulator knows.
    await expect(page.getByLabel('kubernetes efficiency')).toContainText(
      /CPU \d+%, RAM \d+%; idle/,
    );
    await saveScreenshot(page, 'cost-entity-card');
  });

  test('leadership sees spend by team against budget, movers and unattributed cost', async ({
    page,
  }) => {
    // The demo billing data ends yesterday (playwright.config.ts). On the
    // first of a month the page shows the month that just ended, and says so.
    const today = testNow();
    const shown = new Date(today.getTime() - 86_400_000)
      .toISOString()
      .slice(0, 7);
    const firstOfMonth = today.getUTCDate() === 1;
    await signInAsGuest(page, '/cost');
    const teams = page.getByRole('table', { name: 'teams' });
    await expect(teams).toBeVisible();
    await expect(page.getByText(`Total ${shown}`)).toBeVisible();
    await expect(
      teams.getByRole('row').filter({ hasText: 'Peoria Data' }),
    ).toContainText(/\$[1-9]/);
    await expect(page.getByRole('table', { name: 'top movers' })).toBeVisible();
    await expect(page.getByText(`Unattributed cost in ${shown}`)).toBeVisible();
    await expect(page.getByText(/the month that just ended/)).toHaveCount(
      firstOfMonth ? 1 : 0,
    );
    await saveScreenshot(page, 'cost-organisation');
  });

  test('leadership sees Kubernetes efficiency per team from OpenCost (emulator)', async ({
    page,
  }) => {
    await signInAsGuest(page, '/cost');
    const table = page.getByRole('table', { name: 'team efficiency' });
    await expect(table).toBeVisible();
    await expect(table).toContainText('Peoria Data');
    await expect(table).toContainText('Lipa Data');
    // A real chart: recharts draws an SVG with the CPU and RAM series.
    const chart = page.getByRole('figure', { name: 'efficiency chart' });
    await expect(
      chart.locator('.recharts-bar-rectangle').first(),
    ).toBeVisible();
    await expect(chart.getByText('CPU efficiency')).toBeVisible();
    await expect(
      page.getByText('Cluster idle (capacity no workload requested)'),
    ).toBeVisible();
    await table.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'cost-efficiency');
  });
});
