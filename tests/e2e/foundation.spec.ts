import { expect, test, type Page } from '@playwright/test';
import { serveDist, type StaticServer } from './support/static-server';

/** Collects console errors and page errors so a test can assert there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('the built page loads and both workers answer', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Agent Payment Lab' })).toBeVisible();
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('worker-reasoning')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('worker-simulator')).toContainText('answered');
  await expect(page.getByTestId('worker-reasoning')).toContainText('reason');
  expect(errors).toEqual([]);
});

test('a crashed worker is reported and restarted instead of hanging', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  await page.getByText('System', { exact: true }).click();
  await page.getByRole('button', { name: 'Test crash recovery' }).click();
  await expect(page.getByRole('alert')).toContainText('crashed');
  await expect(page.getByTestId('worker-simulator')).toContainText('restarted 1×');
  await expect(page.getByTestId('worker-reasoning')).toContainText('restarted 1×');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('worker-reasoning')).toHaveAttribute('data-state', 'ready');
});

test.describe('served from a sub-path', () => {
  let server: StaticServer;
  let origin = '';

  test.beforeAll(async () => {
    // A plain static server that only answers under /nested/lab/, as a sub-path host would.
    server = await serveDist({ prefix: '/nested/lab/' });
    origin = server.origin;
  });

  test.afterAll(async () => {
    await server.close();
  });

  test('the page and its module workers load from /nested/lab/', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`${origin}/nested/lab/`);
    // Under the page's content security policy (a violation would be a console error).
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
    await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('worker-reasoning')).toHaveAttribute('data-state', 'ready');
    expect(errors).toEqual([]);
  });
});
