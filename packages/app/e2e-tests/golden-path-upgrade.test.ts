import { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  createFromGoldenPath,
  GIT_HOST,
  GIT_TOKEN,
  readRepositoryFile,
} from './goldenPathForm';
import { expect, saveScreenshot, test } from './helpers';

/** The copy of node-service that playwright.config.ts prepares (fixtures/evolvingGoldenPath.js). */
const GOLDEN_PATH_DIR = path.resolve(
  __dirname,
  '../../../test-results/e2e-data/golden-paths',
);
const PROJECT = 'acme/catalog-sync';
const TEAM_NOTES = '## Team notes\n\nDeploys on Tuesdays only.\n';
const PLATFORM_LINE =
  'npm run lint    # the platform lint rules (golden path 2.0.0)';

/** The platform team ships the next major version: one new line in the README. */
function bumpGoldenPath() {
  const template = path.join(GOLDEN_PATH_DIR, 'evolving-service.yaml');
  fs.writeFileSync(
    template,
    fs
      .readFileSync(template, 'utf8')
      .replace(
        /groundwork\.dev\/golden-path-version: .*/,
        'groundwork.dev/golden-path-version: 2.0.0',
      ),
  );
  const readme = path.join(
    GOLDEN_PATH_DIR,
    'skeletons/app/node-service/README.md',
  );
  fs.writeFileSync(
    readme,
    fs
      .readFileSync(readme, 'utf8')
      .replace('npm install\n', `npm install\n${PLATFORM_LINE}\n`),
  );
}

/** The signed-in user's Backstage token, for the API calls a platform team would make. */
async function backstageToken(page: Page) {
  return page.evaluate(async () => {
    const response = await fetch(
      '/api/auth/guest/refresh?optional&env=development',
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        credentials: 'include',
      },
    );
    const session = await response.json();
    return session.backstageIdentity.token as string;
  });
}

test.describe('golden-path upgrades', () => {
  test('an upgrade after a template change arrives as a merge request that keeps the team change', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await createFromGoldenPath(page, {
      title: 'Evolving Node.js service (browser tests)',
      name: 'catalog-sync',
      contract: 'Kubernetes service contract',
      last: { field: /^PagerDuty service id\b/, value: 'PX7Q2ZF' },
    });

    // The team changes the README on main.
    const readme = await readRepositoryFile(page, PROJECT, 'README.md');
    expect(readme).toContain('npm install');
    const commit = await page.request.post(
      `http://${GIT_HOST}/api/v4/projects/${encodeURIComponent(
        PROJECT,
      )}/repository/commits`,
      {
        headers: { 'private-token': GIT_TOKEN },
        data: {
          branch: 'main',
          commit_message: 'Team notes',
          actions: [
            {
              action: 'update',
              file_path: 'README.md',
              content: `${readme}\n${TEAM_NOTES}`,
            },
          ],
        },
      },
    );
    expect(commit.status()).toBe(201);

    // The platform team ships 2.0.0 of the golden path; the catalog reads it.
    bumpGoldenPath();
    const token = await backstageToken(page);
    const api = { headers: { authorization: `Bearer ${token}` } };
    await expect(async () => {
      await page.request.post('/api/catalog/refresh', {
        ...api,
        data: { entityRef: 'template:default/evolving-service' },
      });
      const template = await page.request.get(
        '/api/catalog/entities/by-name/template/default/evolving-service',
        api,
      );
      expect(
        (await template.json()).metadata.annotations[
          'groundwork.dev/golden-path-version'
        ],
      ).toBe('2.0.0');
    }).toPass({ timeout: 60_000 });

    // The scorecard: the component is a major version behind; the rule's fix
    // opens the upgrade with the component filled in.
    await page.goto('/catalog/default/component/catalog-sync/scorecard');
    await page.getByRole('button', { name: 'Re-evaluate now' }).click();
    const rule = page
      .getByRole('row')
      .filter({ hasText: 'golden-path-current' })
      .first();
    await expect(rule).toContainText('Fail', { timeout: 30_000 });
    await saveScreenshot(page, 'golden-path-upgrade-rule');
    await rule.getByRole('button').first().click();
    await page
      .getByRole('link', { name: 'Upgrade to the current golden path' })
      .click();

    await expect(
      page.getByText('Upgrade to the current golden path').first(),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    const mergeRequest = page.getByRole('link', { name: 'Merge request' });
    await expect(mergeRequest).toBeVisible({ timeout: 90_000 });
    await saveScreenshot(page, 'golden-path-upgrade-task');

    // The merge request on the git host: the golden path's new line, and the
    // team's notes kept in the merged README.
    await page.goto((await mergeRequest.getAttribute('href')) as string);
    await expect(page.getByText(PLATFORM_LINE).first()).toBeVisible();
    await saveScreenshot(page, 'golden-path-upgrade-merge-request');
    const merged = await readRepositoryFile(
      page,
      PROJECT,
      'README.md',
      'groundwork-upgrade-2.0.0',
    );
    expect(merged).toContain(PLATFORM_LINE);
    expect(merged).toContain(TEAM_NOTES);
  });
});
