import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const clock = (page: Page) => page.getByRole('region', { name: 'Clock' });
const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });

/** Collects console errors and page errors so each journey can assert there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The window the clock will step next, read from the play bar. */
async function clockWindow(page: Page): Promise<number> {
  const text = (await page.getByTestId('clock-window').textContent()) ?? '';
  const match = /Played (\d+)/.exec(text);
  if (!match) throw new Error(`no window in "${text}"`);
  return Number(match[1]);
}

/** Opens the lab and waits for its first decision. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/** Steps `n` windows one at a time, waiting for each to land. */
async function stepWindows(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const before = await clockWindow(page);
    await clock(page).getByRole('button', { name: 'Step' }).click();
    await expect(page.getByTestId('clock-window')).toContainText(`Played ${before + 1} of`);
  }
}

test('play advances windows, pause stops them, step advances exactly one', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page);
  await clock(page).getByLabel('Speed').selectOption('8');
  await clock(page).getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => clockWindow(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await clock(page).getByRole('button', { name: 'Pause' }).click();
  await expect(clock(page).getByRole('button', { name: 'Play' })).toBeVisible();
  const paused = await clockWindow(page);
  await page.waitForTimeout(1500);
  // At most the window in flight when Pause was pressed lands afterwards.
  const after = await clockWindow(page);
  expect(after - paused).toBeLessThanOrEqual(1);
  await page.waitForTimeout(1000);
  expect(await clockWindow(page)).toBe(after);
  await clock(page).getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('clock-window')).toContainText(`Played ${after + 1} of`);
  await page.waitForTimeout(800);
  expect(await clockWindow(page)).toBe(after + 1);
  expect(errors).toEqual([]);
});

test('an incident script shows its fault band, labelled with what changed', async ({ page }) => {
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('latency_and_declines');
  await expect(page.getByTestId('clock-window')).toContainText('Played 0 of 30');
  await stepWindows(page, 10);
  const chart = page.getByTestId('timeline-success');
  await expect(chart).toHaveAttribute('aria-label', /Network latency 3× minutes 8–9/);
  await expect(chart).toHaveAttribute('aria-label', /Amex declines 15 % minutes 8–9/);
  // The fault shows in the world's figures: timeouts and latency rise in window 9.
  await expect(page.getByTestId('window-detail')).toContainText('Window 9');
});

test('scrubbing shows an older window as it was, by click and by arrow keys', async ({ page }) => {
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('issuer_degrades_then_clears');
  await stepWindows(page, 12);
  const detail = page.getByTestId('window-detail');
  await expect(detail).toContainText('Window 11');
  const newest = await page.getByTestId('detail-success').textContent();
  const slider = timeline(page).getByRole('slider', { name: 'Window shown' });
  await slider.focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowLeft');
  await expect(detail).toContainText('Window 2');
  await expect(detail).toContainText('(as it was)');
  const older = await page.getByTestId('detail-success').textContent();
  // Window 2 is before the ramp: healthy, above the degraded newest window.
  expect(parseFloat(older!)).toBeGreaterThan(parseFloat(newest!));
  await expect(slider).toHaveAttribute('aria-valuenow', '2');
  await page.keyboard.press('End');
  await expect(detail).toContainText('Window 11');
  // A click on the chart picks the window under the pointer.
  const box = (await page.getByTestId('timeline-success').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
  await expect(detail).not.toContainText('Window 11');
  await expect(detail).toContainText('(as it was)');
});

test('an exported run opens again with the same figures', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('processor_retry_storm');
  await stepWindows(page, 8);
  const slider = timeline(page).getByRole('slider', { name: 'Window shown' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const detail = page.getByTestId('window-detail');
  await expect(detail).toContainText('Window 5');
  const figures = await detail.locator('dl').textContent();
  const headline = await page.getByTestId('incident-headline').textContent();

  const downloadPromise = page.waitForEvent('download');
  await clock(page).getByRole('button', { name: 'Export run' }).click();
  const download = await downloadPromise;
  const path = testInfo.outputPath('run.json');
  await download.saveAs(path);
  const run = JSON.parse(readFileSync(path, 'utf8'));
  expect(run).toMatchObject({ format: 'agent-payment-lab-run', windows: 8 });
  expect(run.script.id).toBe('processor_retry_storm');

  // A fresh page (the clock elsewhere) opens the file and shows the same windows.
  await open(page);
  await clock(page).getByLabel('Incident script').selectOption('slow_burn');
  await stepWindows(page, 2);
  await clock(page).getByLabel('Run file to open').setInputFiles(path);
  await expect(page.getByTestId('clock-window')).toContainText('Played 8 of 30');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(detail).toContainText('Window 5');
  expect(await detail.locator('dl').textContent()).toBe(figures);
  expect(await page.getByTestId('incident-headline').textContent()).toBe(headline);
  expect(errors).toEqual([]);
});

test('a broken run file is refused next to Open run, naming the field', async ({
  page,
}, testInfo) => {
  await open(page);
  const path = testInfo.outputPath('bad-run.json');
  writeFileSync(path, JSON.stringify({ format: 'agent-payment-lab-run', version: 1, seed: -1 }));
  await clock(page).getByLabel('Run file to open').setInputFiles(path);
  const alert = clock(page).getByRole('alert');
  await expect(alert).toContainText('Run file refused');
  await expect(alert).toContainText('seed');
  await expect(page.getByTestId('clock-window')).toContainText('Clock stopped at window 0');
});
