import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Opens the lab on a link and waits until the first decision is on screen. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/** Runs a cycle on the Visa outage and waits for the shift that needs a human. */
async function pendingShift(page: Page): Promise<void> {
  await open(page, '?preset=issuer_outage&visa=30');
  await region(page, 'Decision').getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();
}

test('at 1280×800 Run cycle and the current decision sit above the fold', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '?preset=issuer_outage&visa=30');
  const run = await region(page, 'Decision')
    .getByRole('button', { name: 'Run cycle' })
    .boundingBox();
  const decision = await page.getByTestId('selected-action').boundingBox();
  expect(run!.y + run!.height).toBeLessThanOrEqual(800);
  expect(decision!.y + decision!.height).toBeLessThanOrEqual(800);
  // The play bar leads the column and the timeline starts within the first screen as well.
  const play = await page.getByRole('button', { name: 'Play' }).boundingBox();
  expect(play!.y + play!.height).toBeLessThanOrEqual(800);
  const timeline = await page.getByRole('heading', { name: 'Timeline' }).boundingBox();
  expect(timeline!.y + timeline!.height).toBeLessThanOrEqual(800);
  // Nothing scrolls sideways at 1280: the tables fit.
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(widths[0]).toBe(widths[1]);
});

test('the approval box says what will change, on which window and when', async ({ page }) => {
  await pendingShift(page);
  const pending = page.getByTestId('pending-approval');
  await expect(page.getByTestId('pending-change')).toHaveText(
    'Move 50 % of Visa payments from the primary route to the backup route.',
  );
  await expect(page.getByTestId('pending-facts')).toContainText(
    /Touches \d+(\.\d)? % of this window's payments\. Decided on window 1 at \d\d:\d\d:\d\d/,
  );
  await expect(pending.getByLabel('Share to approve (%)')).toHaveValue('50');
  await expect(pending.getByLabel('Share to approve (%)')).toHaveAttribute('max', '50');
});

test('approving a smaller share moves only that share and records it', async ({ page }) => {
  await pendingShift(page);
  const pending = page.getByTestId('pending-approval');
  const share = pending.getByLabel('Share to approve (%)');
  // More than proposed is refused beside the field, and nothing runs.
  await share.fill('70');
  await pending.getByRole('button', { name: 'Approve' }).click();
  await expect(pending.getByRole('alert')).toHaveText('The share must be between 1 % and 50 %.');
  await expect(page.getByTestId('no-active-actions')).toBeVisible();

  await share.fill('20');
  await pending.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(page.getByTestId('routing-row-visa')).toContainText('20 %');
  await expect(page.getByTestId('active-actions')).toContainText(
    'Approved at 20 % instead of 50 %',
  );
});

test('the routing view shows a shift and the mitigation debt it leaves', async ({ page }) => {
  await pendingShift(page);
  const routing = region(page, 'Routing');
  await expect(page.getByTestId('mitigation-debt-none')).toBeVisible();
  await expect(page.getByTestId('routing-row-visa')).toContainText(/Visa\s*\d+ %\s*100 %\s*0 %/);
  await region(page, 'Decision').getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(page.getByTestId('routing-row-visa')).toContainText('(default 0 %)');
  const debt = page.getByTestId('mitigation-debt');
  await expect(debt).toContainText('Visa: 50 % on the backup route (default 0 %)');
  await expect(debt).toContainText(/of payments off their default route/);
  await expect(debt).toContainText(/since window \d+ · lapses at window \d+ unless renewed/);
  await expect(page.getByTestId('mitigation-cost')).toContainText(
    /success [+−-]?\d+\.\d\d pt, cost per payment [+−-]?\d+\.\d %, p99/,
  );
  await expect(page.getByTestId('processor-load')).not.toContainText('backup processor 0 %');
  await expect(routing.getByTestId('routing-sankey')).toHaveAttribute(
    'aria-label',
    /Visa 50 % on backup/,
  );
});

test('an approval expires when a newer window supersedes it, and is stored as expired', async ({
  page,
}) => {
  await pendingShift(page);
  await page.getByRole('slider', { name: 'Mastercard health' }).fill('90');
  await expect(page.getByTestId('pending-approval')).toBeHidden();
  await expect(page.getByTestId('approval-expired')).toContainText(
    'The approval of shift_traffic of window 1 expired: the scenario changed.',
  );
  await expect(page.getByTestId('history-table')).toContainText('expired');
  await expect(page.getByTestId('no-active-actions')).toBeVisible();
  await page.getByTestId('approval-expired').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('approval-expired')).toBeHidden();
  await expect(region(page, 'Decision').getByRole('button', { name: 'Run cycle' })).toBeFocused();
});

test('a pending approval survives a reload with its window and can still be approved', async ({
  page,
}) => {
  await pendingShift(page);
  await page.reload();
  const pending = page.getByTestId('pending-approval');
  await expect(pending).toBeVisible();
  await expect(page.getByTestId('pending-facts')).toContainText('Decided on window 1');
  await pending.getByLabel('Share to approve (%)').fill('30');
  await pending.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('routing-row-visa')).toContainText('30 %');
});

test('the history folds do-nothing cycles and filters by status, action and pattern', async ({
  page,
}) => {
  await open(page);
  const decision = region(page, 'Decision');
  const run = decision.getByRole('button', { name: 'Run cycle' });
  for (let i = 0; i < 3; i++) {
    await run.click();
    await expect(run).toBeEnabled();
  }
  const table = page.getByTestId('history-table');
  await expect(page.getByTestId('idle-run')).toHaveText(/3 do-nothing cycles folded/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  const history = region(page, 'Learning history');
  await expect(history).toContainText('3 of them idle (do nothing)');
  await expect(history).toContainText('0 outcomes stored');
  await expect(page.getByTestId('history-stats')).not.toContainText('do_nothing');
  await expect(page.getByTestId('improvement-chart')).toHaveCount(0);

  await history.getByLabel('Each do-nothing cycle').check();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await history.getByLabel('Each do-nothing cycle').uncheck();

  // A rejected shift on a degraded world, then the filters pick it out.
  await page.goto('./?preset=issuer_outage&visa=30');
  await run.click();
  await decision.getByRole('button', { name: 'Reject' }).click();
  await expect(table).toContainText('rejected');
  await history.getByLabel('Status', { exact: true }).selectOption('rejected');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('shift_traffic');
  await history.getByLabel('Status', { exact: true }).selectOption('');
  await history.getByLabel('Action', { exact: true }).selectOption('do_nothing');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await history.getByLabel('Pattern', { exact: true }).selectOption('issuer_degradation');
  await expect(table).toContainText('No record matches.');
  await history.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
});

test('an import refusal appears beside Import history and can be dismissed', async ({
  page,
}, testInfo) => {
  await open(page);
  const bad = testInfo.outputPath('bad.json');
  writeFileSync(bad, '{"format":"agent-payment-lab/learning-history","version":1,"records":[');
  await page.getByLabel('Import history').setInputFiles(bad);
  const refusal = region(page, 'Learning history').getByRole('alert');
  await expect(refusal).toContainText('Import refused');
  const button = await page.getByText('Import history', { exact: true }).boundingBox();
  const box = await refusal.boundingBox();
  expect(Math.abs(box!.y - button!.y)).toBeLessThan(120);
  await refusal.getByRole('button', { name: 'Dismiss' }).click();
  await expect(refusal).toBeHidden();
});

test('the Start here guide shows on the first visit and stays away once dismissed', async ({
  page,
}) => {
  await open(page);
  const guide = region(page, 'Start here');
  await expect(guide).toContainText('Run cycle');
  await guide.getByRole('button', { name: 'Got it' }).click();
  await expect(guide).toBeHidden();
  await expect(region(page, 'Decision').getByRole('button', { name: 'Run cycle' })).toBeFocused();
  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(guide).toBeHidden();
});
