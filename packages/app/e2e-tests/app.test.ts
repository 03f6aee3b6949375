import { expect, saveScreenshot, signInAsGuest, test } from './helpers';

test('guest signs in and sees the demo catalog', async ({ page }) => {
  await signInAsGuest(page);
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The catalog lists the demo organisation's components, not only the guest's.
  await expect(page.getByText(/All Components \(\d+\)/)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'BrightPath Matrix' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'ZoomMap Max' })).toBeVisible();
  await saveScreenshot(page, 'catalog');
});

test('a component page opens with its metadata', async ({ page }) => {
  await signInAsGuest(page, '/catalog/default/component/BrightPathMatrix');
  await expect(
    page.getByRole('heading', { name: 'BrightPath Matrix' }).first(),
  ).toBeVisible();
  await expect(
    page.getByText('Checkout and order orchestration').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Peoria Data' }).first(),
  ).toBeVisible();
  await saveScreenshot(page, 'component-brightpathmatrix');
});

for (const { title, path } of [
  { title: 'Platform contract', path: '/platform-contract' },
  { title: 'Cost', path: '/cost' },
  { title: 'MLOps', path: '/mlops' },
]) {
  test(`the ${title} page opens from the sidebar`, async ({ page }) => {
    await signInAsGuest(page);
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(
      page.getByRole('heading', { name: title, level: 1 }).first(),
    ).toBeVisible();
    await saveScreenshot(page, `page${path.replace(/\//g, '-')}`);
  });
}
