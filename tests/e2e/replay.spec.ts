import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const clock = (page: Page) => page.getByRole('region', { name: 'Clock' });
const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Collects console errors and page errors so each journey can assert there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Opens the lab and waits for its first decision. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/** The window the clock will step next, read from the play bar. */
async function clockWindow(page: Page): Promise<number> {
  const text = (await page.getByTestId('clock-window').textContent()) ?? '';
  const match = /Played (\d+)/.exec(text);
  if (!match) throw new Error(`no window in "${text}"`);
  return Number(match[1]);
}

/** Steps `n` windows one at a time, waiting for each to land. */
async function stepWindows(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const before = await clockWindow(page);
    await clock(page).getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('clock-window')).toContainText(`Played ${before + 1} of`);
  }
}

/** Runs a cycle and answers the approval, if one is asked for, with Approve. */
async function runAndApprove(page: Page): Promise<void> {
  const decision = region(page, 'Decision');
  const stored = page.getByTestId('history-table').getByRole('button', { name: 'Replay' });
  const before = await stored.count();
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(
    page.getByTestId('last-outcome').or(page.getByTestId('pending-approval')).first(),
  ).toBeVisible();
  if (await page.getByTestId('pending-approval').isVisible()) {
    await decision.getByRole('button', { name: 'Approve' }).click();
  }
  await expect(stored).toHaveCount(before + 1);
}

test('a history row replays its cycle to the same decision', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page, '?preset=issuer_outage&visa=60');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await runAndApprove(page);
  await runAndApprove(page);
  const table = page.getByTestId('history-table');
  // Newest first: the second cycle decided on the plane the first one changed.
  const rows = table.getByRole('row').filter({ has: page.getByRole('button', { name: 'Replay' }) });
  for (const index of [1, 0]) {
    const row = rows.nth(index);
    await row.getByRole('button', { name: 'Replay' }).click();
    const said = row.getByTestId('replay-result');
    await expect(said).toContainText('Replayed: the same decision');
    await expect(said).toContainText('Not in the record, so assumed');
  }
  // The record's scenario is back on the sliders.
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('60');
  expect(errors).toEqual([]);
});

test('an exported run reopens with what the agent concluded on each window', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('processor_retry_storm');
  await stepWindows(page, 8);
  // The what-if rows are stepped from the window's own world: doing nothing changes nothing.
  const idle = page.getByTestId('what-if-table').getByRole('row', { name: /do_nothing/ });
  await expect(idle.getByRole('cell').nth(2)).toHaveText(/^[+−-]?0\.00 pt$/);
  const detail = page.getByTestId('window-detail');
  const slider = timeline(page).getByRole('slider', { name: 'Window shown' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(detail).toContainText('Window 6');
  const decided = (await detail.locator('h4 + p strong').nth(0).textContent())?.trim();
  expect(decided).toBeTruthy();

  const downloadPromise = page.waitForEvent('download');
  await clock(page).getByRole('button', { name: 'Export run' }).click();
  const path = testInfo.outputPath('run.json');
  await (await downloadPromise).saveAs(path);
  const run = JSON.parse(readFileSync(path, 'utf8'));
  expect(run.conclusions).toHaveLength(8);
  expect(run.conclusions[6].action.replaceAll('_', ' ')).toBe(decided);

  await open(page);
  await clock(page).getByLabel('Run file to open').setInputFiles(path);
  await expect(page.getByTestId('clock-window')).toContainText('Played 8 of 30');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(detail).toContainText('Window 6');
  const conclusion = detail.getByTestId('window-conclusion');
  await expect(conclusion.getByTestId('conclusion-action')).toHaveText(decided!);
  await expect(conclusion).toContainText('Guardrails');
  // A run file from before conclusions were kept still opens.
  delete run.conclusions;
  const old = testInfo.outputPath('old-run.json');
  writeFileSync(old, JSON.stringify(run));
  await clock(page).getByLabel('Run file to open').setInputFiles(old);
  await expect(page.getByTestId('clock-window')).toContainText('Played 8 of 30');
  await expect(detail).toContainText('was not part of the file');
  expect(errors).toEqual([]);
});

test('a link with at=N starts the clock at window N, the world carried there', async ({ page }) => {
  const errors = watchErrors(page);
  // The figures of window 5 when the script is played from window 0.
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('slow_burn');
  await stepWindows(page, 6);
  const detail = page.getByTestId('window-detail');
  await expect(detail).toContainText('Window 5');
  const played = await page.getByTestId('detail-success').textContent();

  await open(page, '?script=slow_burn&at=5');
  await expect(page.getByTestId('clock-window')).toContainText('Played 5 of');
  await expect(detail).toContainText('Window 4');
  await clock(page).getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('clock-window')).toContainText('Played 6 of');
  await expect(detail).toContainText('Window 5');
  expect(await page.getByTestId('detail-success').textContent()).toBe(played);
  expect(errors).toEqual([]);
});

test('an evaluation case, held-out included, opens in the lab at its decision window', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await open(page);
  const panel = page.getByRole('region', { name: 'Evaluate agent' });
  await panel.getByLabel('Seeds per situation').fill('1');
  await panel.getByLabel('Learning-curve cycles').fill('10');
  await panel.getByRole('button', { name: 'Evaluate agent' }).click();
  await expect(panel.getByTestId('evaluation-summary')).toBeVisible({ timeout: 150_000 });
  const drill = panel.getByTestId('case-drill-down');
  const select = drill.getByLabel('Case');
  const option = select.locator('option', {
    hasText: 'The agent · held-out · ho-visa-backup-route · seed 1',
  });
  await select.selectOption((await option.getAttribute('value')) ?? '');
  await drill.getByRole('button', { name: 'Open in lab' }).click();
  await expect(drill.getByTestId('case-opened')).toContainText(
    'Opened ho-visa-backup-route (held-out) on seed 1 in the lab at its decision window',
  );
  await expect(page.getByTestId('clock-window')).toContainText('Played 3 of 4');
  await expect(page.getByTestId('window-detail')).toContainText('Window 2');
  expect(errors).toEqual([]);
});
