import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

/*
 * The MLOps pages against the MLflow EMULATOR (not MLflow) that
 * playwright.config.ts starts on port 5056 with its demo fixtures
 * (packages/mlflow-emulator/fixtures/demo.json).
 */
const zoomMap = '/catalog/default/component/ZoomMapMax';

test.describe('mlops', () => {
  test('the ML experiments tab of ZoomMapMax lists its runs', async ({
    page,
  }) => {
    await signInAsGuest(page, zoomMap);
    const firstRunsRequest = page.waitForRequest(r =>
      /\/api\/mlops\/entities\/.*\/runs\?/.test(r.url()),
    );
    await page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'ML experiments', exact: true })
      .click();
    await expect(page).toHaveURL(/\/ml-experiments$/);
    // the first runs request already carries the column choice
    expect(
      new URL((await firstRunsRequest).url()).searchParams.get(
        'defaultColumns',
      ),
    ).toBe('4');
    await expect(page.getByText('MLflow server: demo')).toBeVisible();
    const runs = page.getByRole('table', { name: 'runs' });
    await expect(runs).toBeVisible();
    for (const name of [
      'baseline-linear',
      'lgbm-weather-join',
      'lgbm-nightly',
    ]) {
      await expect(
        runs.getByRole('button', { name, exact: true }),
      ).toBeVisible();
    }
    // 8 runs of zoommap-eta-forecast, one header row
    await expect(runs.getByRole('row')).toHaveCount(9);
    await expect(
      runs.getByRole('row').filter({ hasText: 'lgbm-lr-0.5' }),
    ).toContainText('FAILED');
    await saveScreenshot(page, 'mlops-experiments-tab');
  });

  test('selected runs are compared in a diff table and parallel coordinates', async ({
    page,
  }) => {
    await signInAsGuest(page, `${zoomMap}/ml-experiments`);
    const runs = page.getByRole('table', { name: 'runs' });
    await expect(runs).toBeVisible();
    for (const name of [
      'lgbm-first-cut',
      'lgbm-traffic-features',
      'lgbm-weather-join',
    ]) {
      await runs
        .getByRole('checkbox', { name: `select ${name}`, exact: true })
        .check();
    }

    const comparison = page.getByRole('table', { name: 'run comparison' });
    await expect(comparison).toBeVisible();
    const header = comparison.getByRole('row').first();
    for (const name of [
      'lgbm-first-cut',
      'lgbm-traffic-features',
      'lgbm-weather-join',
    ]) {
      await expect(header).toContainText(name);
    }
    await expect(
      page.getByText(/parameter\(s\) differ between the selected runs/),
    ).toBeVisible();
    await expect(
      page.getByRole('img', { name: /^parallel coordinates of / }),
    ).toBeVisible();
    await saveScreenshot(page, 'mlops-compare-runs');
  });

  test('the lineage of the zoommap-eta champion traces run, datasets, commit and owner', async ({
    page,
  }) => {
    await signInAsGuest(page, zoomMap);
    await page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Models', exact: true })
      .click();
    await expect(page).toHaveURL(/\/ml-models$/);
    const versions = page.getByRole('table', {
      name: 'versions of zoommap-eta',
    });
    await expect(versions).toBeVisible();
    await expect(
      versions.getByRole('row').filter({ hasText: 'v3' }),
    ).toContainText('@champion');
    await versions.getByRole('button', { name: 'Lineage of v3' }).click();

    const lineage = page.getByLabel('lineage', { exact: true });
    await expect(lineage).toBeVisible();
    await expect(lineage).toContainText('zoommap-eta v3');
    await expect(lineage).toContainText('lgbm-weather-join (FINISHED)'); // the run
    await expect(lineage).toContainText('#'); // dataset digests
    await expect(lineage).toContainText('f7efe8f1118b'); // the commit
    await expect(lineage).toContainText('https://github.com/acme/zoommap-max');
    await expect(
      lineage.getByRole('link', { name: /ZoomMap ?Max/ }),
    ).toBeVisible(); // owning entity
    await saveScreenshot(page, 'mlops-lineage');
  });

  test('the MLOps overview lists the ML projects', async ({ page }) => {
    await signInAsGuest(page, '/mlops');
    await expect(
      page.getByRole('heading', { name: 'MLOps', level: 1 }),
    ).toBeVisible();
    const projects = page.getByRole('table', { name: 'ML projects' });
    await expect(projects).toBeVisible();
    const zoom = projects.getByRole('row').filter({ hasText: /ZoomMap ?Max/ });
    await expect(zoom).toContainText('zoommap-eta-forecast');
    await expect(zoom).toContainText('zoommap-eta v3');
    await saveScreenshot(page, 'mlops-overview');
  });

  test('an unreachable MLflow server is reported clearly', async ({ page }) => {
    // The backend's answer when MLflow cannot be reached (its 503 mapping is
    // covered by the backend's tests); the emulator itself keeps running for
    // the other tests, so the answer is injected in the browser.
    await page.route('**/api/mlops/entities/**/experiments', route =>
      route.fulfill({
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
        body: JSON.stringify({
          error: {
            name: 'MlflowUnavailableError',
            message:
              "MLflow server 'demo' is unreachable: connect ECONNREFUSED 127.0.0.1:5056",
          },
          request: {
            method: 'GET',
            url: '/api/mlops/entities/component/default/ZoomMapMax/experiments',
          },
          response: { statusCode: 503 },
        }),
      }),
    );
    await signInAsGuest(page, `${zoomMap}/ml-experiments`);
    await expect(
      page.getByText('MLflow server unreachable (HTTP 503)'),
    ).toBeVisible();
    await saveScreenshot(page, 'mlops-server-unreachable');
  });
});
