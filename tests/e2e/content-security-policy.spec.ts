import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { serveDist, type StaticServer } from './support/static-server';

/** Records every CSP violation the page reports, as events and as console messages. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  const record = (message: ConsoleMessage) => {
    if (/content security policy|refused to/i.test(message.text())) console.push(message.text());
  };
  page.on('console', record);
  // Workers log their own refusals; under the header policy they are bound by it too.
  page.on('worker', (worker) => worker.on('console', record));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return async () => [
    ...console,
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
  ];
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('the built page carries the policy: scripts and workers from self, no inline script', async ({
  page,
}) => {
  await page.goto('./');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("worker-src 'self'");
  expect(policy).toContain("connect-src 'self' https://generativelanguage.googleapis.com");
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  // The policy is enforced: a script the page did not ship is refused.
  const ran = await page.evaluate(async () => {
    const flag = window as unknown as { injected?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return flag.injected === true;
  });
  expect(ran).toBe(false);
});

test('the main journeys run with no policy violation', async ({ page }, testInfo) => {
  // Every journey, a short evaluation among them: well past the default minute on a busy machine.
  test.setTimeout(180_000);
  const violations = await watchViolations(page);
  await page.route('https://generativelanguage.googleapis.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                {
                  text: JSON.stringify([
                    {
                      pattern: 'issuer_degradation',
                      rootCause: 'Visa primary route failing',
                      evidence: ['visa success rate fell'],
                      suggestedActions: ['shift_traffic'],
                      confidence: 0.7,
                    },
                  ]),
                },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
      }),
    }),
  );
  await page.goto('./?preset=issuer_outage&visa=60');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');

  // A slider move, a cycle with approval, and a rollback.
  await page.getByRole('slider', { name: 'Mastercard health' }).press('ArrowLeft');
  await region(page, 'Decision').getByRole('button', { name: 'Run cycle' }).click();
  await expect(
    page.getByTestId('last-outcome').or(page.getByTestId('pending-approval')).first(),
  ).toBeVisible();
  if (await page.getByTestId('pending-approval').isVisible())
    await region(page, 'Decision').getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');

  // Settings with a Gemini key: the SDK's request goes to the allowed host.
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Gemini API key').fill('test-key-csp');
  await dialog.getByRole('button', { name: 'Save and close' }).click();
  await expect(page.getByTestId('hypothesis-list')).toContainText('Gemini', { timeout: 15_000 });

  // Export and re-import the history.
  const history = region(page, 'Learning history');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    history.getByRole('button', { name: 'Export history' }).click(),
  ]);
  const file = testInfo.outputPath('history.json');
  await download.saveAs(file);
  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByTestId('history-status')).toContainText('Imported');

  // Crash recovery restarts both workers under the policy.
  await page.getByText('System', { exact: true }).click();
  await page.getByRole('button', { name: 'Test crash recovery' }).click();
  await expect(page.getByTestId('worker-simulator')).toContainText('restarted 1×');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');

  // A short evaluation runs its worker pool.
  const evaluation = region(page, 'Evaluate agent');
  await evaluation.getByLabel('Seeds per situation').fill('1');
  await evaluation.getByLabel('Learning-curve cycles').fill('10');
  await evaluation.getByRole('button', { name: 'Evaluate agent' }).click();
  await expect(evaluation.getByTestId('evaluation-summary')).toBeVisible({ timeout: 150_000 });

  expect(await violations()).toEqual([]);
});

test('the watcher sees a violation when one happens', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('./');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  await page.evaluate(() => {
    const style = document.createElement('div');
    style.setAttribute('style', 'color: red');
    document.body.append(style);
    void fetch('https://example.com/').catch(() => undefined);
  });
  await expect
    .poll(violations)
    .toEqual(expect.arrayContaining([expect.stringContaining('connect-src')]));
});

test('public/_headers sends the same policy with frame protection', () => {
  const headers = readFileSync(join(process.cwd(), 'public', '_headers'), 'utf8');
  const built = readFileSync(join(process.cwd(), 'dist', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/
    .exec(built)?.[1]
    ?.replaceAll('&#39;', "'");
  expect(meta).toBeTruthy();
  const header = /Content-Security-Policy: (.+)/.exec(headers)?.[1]?.trim();
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  expect(headers).toMatch(/^\s+X-Frame-Options: DENY$/m);
  expect(headers).toMatch(/^\/\*$/m);
});

test.describe('served with the headers of public/_headers', () => {
  let server: StaticServer;
  let origin = '';

  test.beforeAll(async () => {
    // A static host that reads _headers: every file gets the headers listed under /*.
    const headers = Object.fromEntries(
      readFileSync(join(process.cwd(), 'dist', '_headers'), 'utf8')
        .split('\n')
        .filter((line) => /^\s+\S+: /.test(line))
        .map((line) => {
          const [name, ...value] = line.trim().split(': ');
          return [name!, value.join(': ')];
        }),
    );
    server = await serveDist({ headers });
    origin = server.origin;
  });

  test.afterAll(async () => {
    await server.close();
  });

  test('the page and its workers run under the header policy too', async ({ page }) => {
    const violations = await watchViolations(page);
    const response = await page.goto(`${origin}/`);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('worker-reasoning')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('selected-action-type')).toHaveText('do_nothing');
    expect(await violations()).toEqual([]);
  });

  test('another site cannot frame the lab; without the headers it could', async ({
    page,
    baseURL,
  }) => {
    // A neutral parent page with no policy of its own frames the lab twice: as served with the
    // headers, and as served by the preview server, which sends none.
    await page.setContent(
      `<iframe name="guarded" src="${origin}/"></iframe><iframe name="bare" src="${baseURL}"></iframe>`,
    );
    const bare = page.frame({ name: 'bare' })!;
    await expect(bare.locator('h1')).toHaveText('Agent Payment Lab');
    // Chromium replaces a refused frame with its own error page ("127.0.0.1 is blocked").
    const guarded = page.frame({ name: 'guarded' })!;
    await expect.poll(() => guarded.url()).toMatch(/^chrome-error:/);
    await expect(guarded.getByText('Agent Payment Lab')).toHaveCount(0);
  });
});
