import { Page } from '@playwright/test';
import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

/** The GitLab EMULATOR that playwright.config.ts starts for the run. */
const GIT_HOST = 'localhost:8929';
const GIT_TOKEN = 'groundwork-dev-token';

/** Each golden path, with the answers its last form page needs. */
const goldenPaths = [
  {
    title: 'Node.js service (TypeScript)',
    name: 'order-pricing',
    contract: 'Kubernetes service contract',
    last: { field: /^PagerDuty service id\b/, value: 'PX7Q2ZB' },
  },
  {
    // On GitLab CI, with a budget: the cost tags are checked through the cost API.
    title: 'Python service',
    name: 'stock-forecast',
    contract: 'Kubernetes service contract',
    ciSystem: 'GitLab CI',
    budget: '300',
    last: { field: /^PagerDuty service id\b/, value: 'PX7Q2ZC' },
  },
  {
    // Gets or creates its MLflow experiment (the EMULATOR in the e2e run).
    title: 'Python ML project',
    name: 'basket-recommender',
    contract: 'ML project contract',
    last: { field: /^MLflow experiment\b/, value: 'basket-recommender' },
  },
  {
    title: 'Documentation website',
    name: 'payments-handbook',
    contract: 'Kubernetes service contract',
    last: { field: /^PagerDuty service id\b/, value: 'PX7Q2ZD' },
  },
  {
    title: 'Kubernetes service (any language)',
    name: 'ledger-sync',
    contract: 'Kubernetes service contract',
    last: { field: /^PagerDuty service id\b/, value: 'PX7Q2ZE' },
  },
];

/** Waits until the form's next page shows `field` (pickers hand values over after a debounce). */
async function nextPageShows(page: Page, field: RegExp) {
  const textbox = page.getByRole('textbox', { name: field });
  await expect(async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(textbox).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return textbox;
}

test.describe('golden paths', () => {
  test('the Create page lists the golden paths as a group', async ({
    page,
  }) => {
    await signInAsGuest(page, '/create');
    await expect(
      page.getByRole('heading', { name: 'Golden paths' }),
    ).toBeVisible();
    for (const { title } of goldenPaths) {
      await expect(page.getByText(title, { exact: true })).toBeVisible();
    }
    await saveScreenshot(page, 'golden-paths-create');
  });

  for (const path of goldenPaths) {
    test(`${path.title}: created from the form, published to the git host, registered and scored`, async ({
      page,
    }) => {
      await signInAsGuest(page, '/create');
      // The card around the title: its nearest ancestor with a Choose button.
      await page
        .getByText(path.title, { exact: true })
        .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]')
        .getByRole('button', { name: 'Choose' })
        .click();
      await page.getByRole('textbox', { name: /^Name\b/ }).fill(path.name);
      await page
        .getByRole('textbox', { name: /^What it does\b/ })
        .fill(`The ${path.name} of the demo`);
      await page.getByLabel('Owning team').fill('Peoria');
      await page.getByRole('option', { name: /peoria/i }).click();
      await page.getByLabel('System').fill('brightpath');
      await page.getByRole('option', { name: /brightpath/i }).click();

      // The host is the first allowed one: the local GitLab EMULATOR.
      await (await nextPageShows(page, /^Owner\b/)).fill('acme');
      await page
        .getByRole('textbox', { name: /^Repository\b/ })
        .fill(path.name);
      if (path.ciSystem) {
        await page.getByLabel(/^CI system/).click();
        await page.getByRole('option', { name: path.ciSystem }).click();
      }
      await (await nextPageShows(page, path.last.field)).fill(path.last.value);
      if (path.budget) {
        await page
          .getByRole('spinbutton', { name: /budget/i })
          .fill(path.budget);
      }
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();

      // The task page: the contract check passed before publishing, with the
      // score and level; then the repository was pushed and registered.
      await expect(
        page.getByText(
          "passed the platform contract's ground rules before publishing",
        ),
      ).toBeVisible({ timeout: 60_000 });
      await expect(
        page.getByText(
          new RegExp(
            `${path.contract}: score [\\d.]+, level \\w+, ground rules met`,
          ),
        ),
      ).toBeVisible();
      await expect(
        page.getByRole('link', { name: 'Repository' }),
      ).toHaveAttribute('href', `http://${GIT_HOST}/acme/${path.name}`);
      await saveScreenshot(page, `golden-paths-task-${path.name}`);

      // The repository is on the git host, with its catalog entity.
      const project = await page.request.get(
        `http://${GIT_HOST}/api/v4/projects/${encodeURIComponent(
          `acme/${path.name}`,
        )}/repository/files/catalog-info.yaml/raw?ref=main`,
        { headers: { 'private-token': GIT_TOKEN } },
      );
      expect(project.status()).toBe(200);
      expect(await project.text()).toContain(`name: ${path.name}`);

      // The registered entity is scored within seconds, without a reload,
      // and meets every ground rule.
      await page.getByRole('link', { name: 'Scorecard' }).click();
      await expect(
        page.getByRole('heading', { name: path.contract }).first(),
      ).toBeVisible({ timeout: 60_000 });
      await expect(page.getByText('Ground rules met')).toBeVisible();
      await expect(page.getByText('Ground rules not met')).toHaveCount(0);
      await saveScreenshot(page, `golden-paths-scorecard-${path.name}`);
    });
  }
});
