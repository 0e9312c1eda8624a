import { expect, test, type Page } from '@playwright/test';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The pixels of the routing Sankey's canvas, as a data URL. */
async function sankeyPixels(page: Page): Promise<string> {
  return page
    .getByTestId('routing-sankey')
    .locator('canvas')
    .evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

test('a chart off screen waits with its redraw and shows the newest data when scrolled to', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?preset=issuer_outage&visa=30');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  const sankey = page.getByTestId('routing-sankey');
  await sankey.scrollIntoViewIfNeeded();
  await expect(sankey).toHaveAttribute('aria-label', /Visa 0 % on backup/);
  // Two frames for the queued redraw to land.
  await page.waitForTimeout(300);
  const before = await sankeyPixels(page);

  // Back at the top, approve the shift: the routing changes while the Sankey is off screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  const decision = region(page, 'Decision');
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await decision.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(sankey).toHaveAttribute('aria-label', /Visa 50 % on backup/);
  await page.waitForTimeout(300);
  expect(await sankey.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(1000);
  expect(await sankeyPixels(page)).toBe(before);

  // Scrolled to, it draws the newest split.
  await sankey.scrollIntoViewIfNeeded();
  await expect.poll(() => sankeyPixels(page)).not.toBe(before);
});
