import { expect, test, type Page } from '@playwright/test';

const MB = 1024 * 1024;

/** Makes navigator.storage.estimate() answer `usage` of `quota` bytes from the first script on. */
async function stubEstimate(page: Page, usage: number, quota: number): Promise<void> {
  await page.addInitScript(
    ([u, q]) => {
      navigator.storage.estimate = () => Promise.resolve({ usage: u, quota: q });
    },
    [usage, quota] as const,
  );
}

test('a nearly full quota is announced beside the learning history at start', async ({ page }) => {
  await stubEstimate(page, 98.5 * MB, 100 * MB);
  await page.goto('./');
  const notice = page.getByRole('status').filter({ hasText: 'Storage is nearly full' });
  await expect(notice).toHaveText(
    'Storage is nearly full: 1.5 MB free of 100 MB (1.5 %). New outcomes may soon not be saved; export the history to keep it.',
  );
  // It sits right before the Learning history region.
  const next = await page
    .getByTestId('storage-quota')
    .evaluate((el) => el.nextElementSibling?.getAttribute('aria-labelledby'));
  const history = page.getByRole('region', { name: 'Learning history', exact: true });
  expect(next).toBe(await history.getAttribute('aria-labelledby'));
});

test('a full quota is an alert', async ({ page }) => {
  await stubEstimate(page, 100 * MB, 100 * MB);
  await page.goto('./');
  await expect(page.getByRole('alert').filter({ hasText: 'Storage is full' })).toContainText(
    'New outcomes will not be saved',
  );
});

test('with room to spare there is no storage notice', async ({ page }) => {
  await stubEstimate(page, 10 * MB, 2000 * MB);
  await page.goto('./');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Learning history', exact: true })).toBeVisible();
  await expect(page.getByTestId('storage-quota')).toHaveCount(0);
});
