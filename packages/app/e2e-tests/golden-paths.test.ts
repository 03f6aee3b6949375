import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

test.describe('golden paths', () => {
  test('the Create page lists the golden paths, and a run checks the contract before publishing', async ({
    page,
  }) => {
    await signInAsGuest(page, '/create');
    const goldenPaths = page.getByRole('heading', { name: 'Golden paths' });
    await expect(goldenPaths).toBeVisible();
    for (const title of [
      'Node.js service (TypeScript)',
      'Python service',
      'Python ML project',
      'Documentation website',
      'Kubernetes service (any language)',
    ]) {
      await expect(page.getByText(title, { exact: true })).toBeVisible();
    }
    await saveScreenshot(page, 'golden-paths-create');

    // The card around the title: its nearest ancestor with a Choose button.
    await page
      .getByText('Node.js service (TypeScript)', { exact: true })
      .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]')
      .getByRole('button', { name: 'Choose' })
      .click();
    await page.getByLabel('Name').fill('order-pricing');
    await page.getByLabel('What it does').fill('Prices orders for the shop');
    await page.getByLabel('Owning team').fill('Peoria');
    await page.getByRole('option', { name: /peoria/i }).click();
    await page.getByLabel('System').fill('brightpath');
    await page.getByRole('option', { name: /brightpath/i }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('textbox', { name: /^Owner\b/ }).fill('acme');
    await page
      .getByRole('textbox', { name: /^Repository\b/ })
      .fill('order-pricing');
    // The repository picker hands its value to the form after a debounce.
    const pagerduty = page.getByRole('textbox', {
      name: /^PagerDuty service id\b/,
    });
    await expect(async () => {
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(pagerduty).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await pagerduty.fill('PX7Q2ZB');
    await page.getByRole('button', { name: 'Review' }).click();
    await saveScreenshot(page, 'golden-paths-review');
    await page.getByRole('button', { name: 'Create' }).click();

    // The task page: the steps run in order, the contract check passes
    // (its output gives the score and level), publishing waits for a git host
    // (scaffolder.defaultEnvironment.parameters.gitHost).
    await expect(
      page.getByText(
        "passed the platform contract's ground rules before publishing",
      ),
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByText(
        /Kubernetes service contract: score [\d.]+, level \w+, ground rules met/,
      ),
    ).toBeVisible();
    await saveScreenshot(page, 'golden-paths-task');
  });
});
