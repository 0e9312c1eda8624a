import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The axe violations on the page as it stands, one line each so a failure reads at a glance. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

/** Opens the lab on a link and waits until the first decision is on screen. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(page.getByTestId('metric-success-rate')).toBeVisible();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the healthy lab has no axe violations', async ({ page }) => {
      await open(page);
      expect(await violations(page)).toEqual([]);
    });

    test('a degraded lab with anomalies and a what-if table has no axe violations', async ({
      page,
    }) => {
      await open(page, '?preset=issuer_outage&visa=30');
      await expect(page.getByTestId('what-if-table')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('a pending approval, then the shift in force, have no axe violations', async ({
      page,
    }) => {
      await open(page, '?preset=issuer_outage&visa=30');
      await region(page, 'Decision').getByRole('button', { name: 'Run cycle' }).click();
      await expect(page.getByTestId('pending-approval')).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await region(page, 'Decision').getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByTestId('mitigation-debt')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('a finished evaluation has no axe violations', async ({ page }) => {
      // A whole evaluation in the browser: about 30 s alone, nearer 60 s beside another test.
      test.setTimeout(180_000);
      await open(page);
      const panel = region(page, 'Evaluate agent');
      await panel.getByLabel('Seeds per situation').fill('1');
      await panel.getByLabel('Learning-curve cycles').fill('20');
      await panel.getByRole('button', { name: 'Evaluate agent' }).click();
      await expect(panel.getByTestId('evaluation-summary')).toBeVisible({ timeout: 150_000 });
      expect(await violations(page)).toEqual([]);
    });
  });
}
