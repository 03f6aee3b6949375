import {
  expect,
  saveScreenshot,
  signInAsGuest,
  signInAsTeamMember,
  test,
} from './helpers';

/**
 * The demo's member of one team (Lena Fischer, PeoriaData) sees her team's
 * cost, and a plain sentence, not an error, where she may not look.
 */
test.describe('a member of one team', () => {
  test('sees her team’s cost but not another team’s', async ({ page }) => {
    await signInAsTeamMember(
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
    await saveScreenshot(page, 'team-member-own-cost');

    // churn-predictor belongs to ViennaAI.
    await page.goto('/catalog/default/component/churn-predictor/cost');
    await expect(
      page.getByText('You do not have permission to see these costs').first(),
    ).toBeVisible();
    await expect(page.getByText('Cost by service category')).toHaveCount(0);
    await expect(page.getByText(/Request failed|Error/)).toHaveCount(0);
    await saveScreenshot(page, 'team-member-other-team-cost');
  });

  test('sees only her own team on the organisation cost page', async ({
    page,
  }) => {
    await signInAsTeamMember(page, '/cost');
    const teams = page.getByRole('table', { name: 'teams' });
    await expect(teams.getByText('Peoria Data')).toBeVisible({
      timeout: 120_000,
    });
    await expect(teams.getByText('Vienna AI')).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText(
      'You see the cost of the teams you belong to.',
    );
    await saveScreenshot(page, 'team-member-organisation-cost');
  });

  test('signing out offers the choice again, and the guest sees every team', async ({
    page,
  }) => {
    await signInAsTeamMember(page, '/settings');
    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Sign Out' }).click();
    await signInAsGuest(page, '/cost');
    const teams = page.getByRole('table', { name: 'teams' });
    await expect(teams.getByText('Vienna AI')).toBeVisible({
      timeout: 120_000,
    });
  });
});
