import {
  createFromGoldenPath,
  GIT_HOST,
  GoldenPathAnswers,
  readRepositoryFile,
} from './goldenPathForm';
import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

/** Each golden path, with the answers its last form page needs. */
const goldenPaths: GoldenPathAnswers[] = [
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
      await createFromGoldenPath(page, path);
      await saveScreenshot(page, `golden-paths-task-${path.name}`);

      // The repository is on the git host, with its catalog entity.
      expect(
        await readRepositoryFile(
          page,
          `acme/${path.name}`,
          'catalog-info.yaml',
        ),
      ).toContain(`name: ${path.name}`);

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
