import { Page } from '@playwright/test';
import { expect, signInAsGuest } from './helpers';

/** The GitLab EMULATOR that playwright.config.ts starts for the run. */
export const GIT_HOST = 'localhost:8929';
export const GIT_TOKEN = 'groundwork-dev-token';

/** A golden path's form answers. */
export interface GoldenPathAnswers {
  title: string;
  name: string;
  contract: string;
  ciSystem?: string;
  budget?: string;
  last: { field: RegExp; value: string };
}

/** Waits until the form's next page shows `field` (pickers hand values over after a debounce). */
async function nextPageShows(page: Page, field: RegExp) {
  const textbox = page.getByRole('textbox', { name: field });
  await expect(async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(textbox).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return textbox;
}

/**
 * Creates a repository from a golden path through the Create page's form,
 * on the local git host, and waits for the task to finish with the contract
 * check passed and the repository published.
 */
export async function createFromGoldenPath(
  page: Page,
  path: GoldenPathAnswers,
) {
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
  await page.getByRole('textbox', { name: /^Repository\b/ }).fill(path.name);
  if (path.ciSystem) {
    await page.getByLabel(/^CI system/).click();
    await page.getByRole('option', { name: path.ciSystem }).click();
  }
  await (await nextPageShows(page, path.last.field)).fill(path.last.value);
  if (path.budget) {
    await page.getByRole('spinbutton', { name: /budget/i }).fill(path.budget);
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
  await expect(page.getByRole('link', { name: 'Repository' })).toHaveAttribute(
    'href',
    `http://${GIT_HOST}/acme/${path.name}`,
  );
}

/** A file of a repository on the local git host, or undefined if absent. */
export async function readRepositoryFile(
  page: Page,
  project: string,
  file: string,
  ref = 'main',
) {
  const response = await page.request.get(
    `http://${GIT_HOST}/api/v4/projects/${encodeURIComponent(
      project,
    )}/repository/files/${encodeURIComponent(
      file,
    )}/raw?ref=${encodeURIComponent(ref)}`,
    { headers: { 'private-token': GIT_TOKEN } },
  );
  return response.status() === 200 ? response.text() : undefined;
}
