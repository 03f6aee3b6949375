import { Page } from '@playwright/test';
import {
  expect,
  onTestClock,
  saveScreenshot,
  signInAsGuest,
  signInAsTeamMember,
  test,
} from './helpers';

test.describe('platform contract', () => {
  test('an entity shows its scorecard with deciding facts and how to fix', async ({
    page,
  }) => {
    await signInAsGuest(
      page,
      '/catalog/default/component/PrimeManagerDrive/scorecard',
    );
    await expect(
      page
        .getByRole('heading', { name: 'Kubernetes service contract' })
        .first(),
    ).toBeVisible();
    // PrimeManagerDrive has no on-call annotation: that ground rule fails.
    const onCall = page
      .getByRole('row')
      .filter({ hasText: 'pagerduty' })
      .first();
    await expect(onCall).toContainText('Fail');
    await saveScreenshot(page, 'contract-entity-tab');
  });

  test('a waiver is requested by one user and approved by another, and turns the rule into waived', async ({
    page,
    browser,
  }) => {
    const url = '/catalog/default/component/PrimeManagerDrive/scorecard';
    await signInAsTeamMember(page, url);
    const row = page.getByRole('row').filter({ hasText: 'pagerduty' }).first();
    await expect(row).toContainText('Fail');
    await row.getByRole('button', { name: 'Request waiver' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/Reason/)
      .fill('On-call rota starts with the new hires in January');
    await dialog
      .getByLabel(/Conditions/)
      .fill('Lipa Data leads are reachable by phone meanwhile');
    await dialog.getByRole('button', { name: 'Request waiver' }).click();
    await expect(dialog).toBeHidden();

    const waiverIn = (p: Page) =>
      p.getByRole('row').filter({ hasText: 'On-call rota starts' });
    const requested = waiverIn(page);
    await expect(requested).toContainText('requested');
    // Four eyes: the requester may not decide on their own waiver.
    await expect(
      requested.getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    await expect(requested).toContainText(
      'You requested it: another contract owner decides.',
    );
    await saveScreenshot(page, 'contract-waiver-requested');

    // The guest (leadership) decides, in a browser of their own.
    const guestContext = await browser.newContext();
    try {
      const guest = await onTestClock(await guestContext.newPage());
      await signInAsGuest(guest, url);
      const waiver = waiverIn(guest);
      await waiver.getByRole('button', { name: 'Approve' }).click();
      await expect(waiver).toContainText('approved');
      await expect(
        guest.getByRole('row').filter({ hasText: 'pagerduty' }).first(),
      ).toContainText('Waived');
      await saveScreenshot(guest, 'contract-waiver-approved');
    } finally {
      await guestContext.close();
    }
  });

  test('a team sees its roll-up, trend and worst rules', async ({ page }) => {
    await signInAsGuest(page, '/catalog/default/group/LipaData/scorecard');
    await expect(page.getByText('Team compliance')).toBeVisible();
    await expect(page.getByText('Worst rules')).toBeVisible();
    await saveScreenshot(page, 'contract-team-tab');
  });

  test('leadership sees compliance by team and category, and the contract reads like a document', async ({
    page,
  }) => {
    await signInAsGuest(page, '/platform-contract');
    await expect(page.getByText('Organisation compliance')).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Compliance by team and category' }),
    ).toBeVisible();
    await expect(page.getByText('Compliance frameworks')).toBeVisible();
    await saveScreenshot(page, 'contract-leadership');

    await page
      .getByRole('link', { name: 'Kubernetes service contract' })
      .click();
    await expect(
      page.getByRole('heading', { name: 'Ground rules' }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Going off-piste' }),
    ).toBeVisible();
    await saveScreenshot(page, 'contract-document');
  });

  test('leadership sees campaigns, and a campaign shows which teams are done and which are late', async ({
    page,
  }) => {
    await signInAsGuest(page, '/platform-contract');
    // demo/contracts declares a TechDocs campaign whose deadline (2026-10-31) has passed.
    const campaign = page
      .getByRole('row')
      .filter({ hasText: 'TechDocs for everything in production' });
    // Progress is computed after the first evaluation, shortly after start-up.
    await expect(async () => {
      await page.reload();
      await expect(campaign).toContainText('(3 / 4)', { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await expect(campaign).toContainText('2026-10-31');
    await expect(campaign).toContainText('1 of 3');
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: 'All services have an SLO link' }),
    ).toContainText('2030-06-30');
    await campaign.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'contract-campaigns');

    await campaign
      .getByRole('link', { name: 'TechDocs for everything in production' })
      .click();
    await expect(
      page.getByRole('heading', {
        name: 'TechDocs for everything in production',
      }),
    ).toBeVisible();
    await expect(page.getByText('1 of 3 teams late')).toBeVisible();
    // PeoriaData is done; Lipa Data's PrimeManagerDrive has no TechDocs and is late.
    await expect(
      page.getByRole('row').filter({ hasText: '100% (2 / 2)' }),
    ).toContainText(/peoria ?data/i);
    await expect(
      page.getByRole('row').filter({ hasText: '0% (0 / 1)' }),
    ).toContainText(/lipa ?data/i);
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: /prime ?manager ?drive/i })
        .last(),
    ).toContainText('Late');
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: /brightpath ?matrix/i })
        .last(),
    ).toContainText('Done');
    await saveScreenshot(page, 'contract-campaign');
  });
});
