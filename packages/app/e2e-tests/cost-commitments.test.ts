import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

/**
 * Leadership's commitment views on the demo billing data, which
 * playwright.config.ts generates to end yesterday on the run's clock: the
 * story (one under-used savings plan, TempeAI outgrowing its coverage, the
 * organisation over its annual budget) holds whatever the date.
 */
test.describe('cost commitments', () => {
  test('a leader sees the under-used commitment, coverage, savings and the year-end projection against budget', async ({
    page,
  }) => {
    await signInAsGuest(page, '/cost');
    const commitments = page.getByRole('table', { name: 'commitments' });
    // The demo's billing files are ingested once the catalog is loaded at start-up.
    await expect(async () => {
      await page.reload();
      await expect(commitments).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 });

    // Which commitment is under-used: the EC2 Instance Savings Plan, only it.
    const underUsed = commitments.locator('tr[data-under-used]');
    await expect(underUsed).toHaveCount(1);
    await expect(underUsed).toContainText(
      'EC2 Instance Savings Plan m5 eu-central-1 (1 year)',
    );
    await expect(underUsed).toContainText('Under-used (below 80%)');
    await expect(
      page.getByRole('status').filter({ hasText: 'Under-used:' }),
    ).toContainText(
      /EC2 Instance Savings Plan m5 .*\(\d+% used, \$[\d,]+ unused\)/,
    );
    await expect(commitments).toContainText('Compute Savings Plan');
    await expect(commitments).toContainText('Reservation');
    await expect(commitments).toContainText('Committed Use Discount');

    // How much eligible spend is covered, by provider and service category.
    await expect(
      page.getByRole('group', { name: 'Coverage of eligible spend' }),
    ).toContainText(/\d+%/);
    const coverage = page.getByRole('table', { name: 'coverage' });
    for (const provider of ['AWS', 'Microsoft', 'Google Cloud']) {
      await expect(
        coverage.getByRole('cell', { name: provider }).first(),
      ).toBeVisible();
    }

    // What was saved, by month, and utilisation by month: real charts.
    await expect(page.getByRole('group', { name: 'Saved' })).toContainText(
      /\$[1-9][\d,]*/,
    );
    await expect(
      page
        .getByRole('figure', { name: 'savings chart' })
        .locator('.recharts-bar-rectangle')
        .first(),
    ).toBeVisible();
    await expect(
      page
        .getByRole('figure', { name: 'utilisation chart' })
        .locator('.recharts-line-curve')
        .first(),
    ).toBeVisible();

    // The organisation's year-end projection against its annual budget, and how.
    const projection = page.getByRole('table', {
      name: 'projection group:default/acme',
    });
    await expect(
      projection.getByRole('row', { name: /^FY\d{4} \(/ }),
    ).toContainText(/\$180,000\$[\d,]+ over \(annual budget\)/);
    await expect(
      page.getByText(/^Method: run rate \$[\d,]+ a day over the last 30 days/),
    ).toBeVisible();

    // The page scrolls inside its content area: one screenshot per part.
    await page
      .getByRole('heading', { name: 'Commitments and projections' })
      .scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'cost-commitments');
    await commitments.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'cost-commitments-waste');
    await projection.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'cost-commitments-projection');
  });

  test("a growing team's Cost tab shows its low coverage, savings and projection", async ({
    page,
  }) => {
    await signInAsGuest(page, '/catalog/default/group/TempeAI/cost');
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText(/\d+% of eligible spend covered by commitments/),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 });
    // TempeAI outgrew its SageMaker Savings Plan: well under half is covered.
    const sentence = await page
      .getByText(/\d+% of eligible spend covered by commitments/)
      .textContent();
    expect(Number(sentence?.match(/(\d+)%/)?.[1])).toBeLessThan(50);
    await expect(
      page.getByRole('table', { name: 'projection group:default/tempeai' }),
    ).toBeVisible();
    await saveScreenshot(page, 'cost-commitments-team');
  });
});
