import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

function valueOf(families: ParsedFamily[], name: string, labels: Record<string, string> = {}) {
  const samples = families
    .find((f) => f.name === name)
    ?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  expect(samples, name).toHaveLength(1);
  return Number(samples![0]!.value);
}

test('Copy as Prometheus and Download .prom give the live window and the agent', async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./?preset=issuer_outage&visa=60');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  const metrics = region(page, 'Metrics');

  // Before any action: nothing in force, no debt, the shown success rate.
  await metrics.getByRole('button', { name: 'Copy as Prometheus' }).click();
  await expect(metrics.getByRole('status')).toContainText(/Copied \d+ series/);
  const before = parsePrometheusTextFormat(
    await page.evaluate(() => navigator.clipboard.readText()),
  );
  const shown = Number(
    (await page.getByTestId('metric-success-rate').textContent())!.replace(/[^\d.]/g, ''),
  );
  expect(valueOf(before, 'payment_lab_success_ratio', { window: 'current' }) * 100).toBeCloseTo(
    shown,
    1,
  );
  expect(valueOf(before, 'payment_lab_success_ratio', { window: 'baseline' })).toBeGreaterThan(
    0.97,
  );
  expect(valueOf(before, 'payment_lab_agent_active_actions')).toBe(0);
  expect(valueOf(before, 'payment_lab_agent_mitigation_debt')).toBe(0);
  const confidence = valueOf(before, 'payment_lab_agent_decision_confidence');
  expect(confidence).toBeGreaterThan(0);
  expect(confidence).toBeLessThan(1);
  expect(
    valueOf(before, 'payment_lab_issuer_success_ratio', { window: 'current', issuer: 'visa' }),
  ).toBeLessThan(0.9);

  // After an approved traffic shift: one action in force and traffic off its default route.
  await region(page, 'Decision').getByRole('button', { name: 'Run cycle' }).click();
  await region(page, 'Decision').getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('active-actions')).toContainText('shift_traffic');
  // The live window is simulated again on the new plane a moment after the approval lands, so
  // the download is read until it shows that window (Visa traffic on the backup).
  let after: ParsedFamily[] = [];
  await expect
    .poll(async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        metrics.getByRole('button', { name: 'Download .prom' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^agent-payment-lab-[\dT-]+\.prom$/);
      const file = testInfo.outputPath('window.prom');
      await download.saveAs(file);
      after = parsePrometheusTextFormat(readFileSync(file, 'utf8'));
      return valueOf(after, 'payment_lab_issuer_route_transactions', {
        window: 'current',
        issuer: 'visa',
        route: 'backup',
      });
    })
    .toBeGreaterThan(0);
  expect(valueOf(after, 'payment_lab_agent_active_actions')).toBe(1);
  const debt = valueOf(after, 'payment_lab_agent_mitigation_debt');
  expect(debt).toBeGreaterThan(0);
  expect(debt).toBeLessThanOrEqual(0.45);
  await expect(metrics.getByRole('status')).toContainText(/Downloaded \d+ series/);
});

test('a refused clipboard is reported, not swallowed', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new Error('Write permission denied.')) },
    });
  });
  await page.goto('./');
  const metrics = region(page, 'Metrics');
  await expect(metrics.getByRole('button', { name: 'Copy as Prometheus' })).toBeEnabled();
  await metrics.getByRole('button', { name: 'Copy as Prometheus' }).click();
  await expect(metrics.getByRole('status')).toHaveText('Could not copy: Write permission denied.');
});
