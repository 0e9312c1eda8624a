import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

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
  let server: Server;
  let origin = '';
  const dist = normalize(join(process.cwd(), 'dist'));
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
    '.map': 'application/json',
  };

  test.beforeAll(async () => {
    // A plain static server that only answers under /nested/lab/, as a sub-path host would.
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const prefix = '/nested/lab/';
      if (!url.pathname.startsWith(prefix)) {
        response.writeHead(404).end();
        return;
      }
      const relative = url.pathname.slice(prefix.length) || 'index.html';
      const file = normalize(join(dist, relative));
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
      });
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
