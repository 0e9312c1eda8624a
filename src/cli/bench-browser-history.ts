/**
 * The learning history's browser figures for `npm run bench:browser`: import (read and validate in
 * the history worker, merge a chunk at a time), reload and export of 10,000 and 50,000 records,
 * with the longest main-thread task during each, and the refusal of a 3 MB hostile file. Figures
 * are medians of RUNS runs on whatever else the machine is doing: on a shared machine they vary.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';

/** One line of the bench's table. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note: string;
}

/** Sizes of history measured (LAB_BENCH_SIZES=10000,50000), and runs of each (figures are medians). */
const SIZES = (process.env.LAB_BENCH_SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = 2;

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Records every main-thread long task of the page in window.__longTasks, from its first script. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const store = window as unknown as { __longTasks: number[] };
    store.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest task seen since the last call (0 for none over 50 ms), and forgets them. */
async function takeLongest(page: Page): Promise<number> {
  return page.evaluate(() => {
    const store = window as unknown as { __longTasks: number[] };
    const longest = Math.max(0, ...store.__longTasks);
    store.__longTasks = [];
    return longest;
  });
}

interface Run {
  importMs: number;
  importTask: number;
  reloadFirstMs: number;
  reloadMs: number;
  reloadTask: number;
  exportMs: number;
  exportTask: number;
}

/** One import, reload and export of the file of `count` records in a fresh browser context. */
async function measure(
  browser: Browser,
  origin: string,
  file: string,
  count: number,
): Promise<Run> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await observeLongTasks(page);
  await page.goto(origin);
  await page.getByTestId('selected-action-type').waitFor();
  await takeLongest(page);

  let t = Date.now();
  await page.getByLabel('Import history').setInputFiles(file);
  await page
    .getByTestId('history-status')
    .filter({ hasText: `Imported ${count} record(s)` })
    .or(page.getByRole('alert').filter({ hasText: 'Import refused' }))
    .waitFor({ timeout: 600_000 });
  const importMs = Date.now() - t;
  const refused = page.getByRole('alert').filter({ hasText: 'Import refused' });
  if (await refused.isVisible())
    throw new Error(`The import was refused: ${await refused.innerText()}`);
  const importTask = await takeLongest(page);

  await page.goto('about:blank');
  t = Date.now();
  await page.goto(origin);
  const counted = page.getByTestId('outcome-count').filter({ hasText: `${count} outcomes stored` });
  // The panel says what it is reading before the worker has summed it all up.
  await page
    .getByTestId('history-status')
    .filter({ hasText: `Reading ${count} stored record(s)` })
    .or(counted)
    .first()
    .waitFor({ timeout: 600_000 });
  const reloadFirstMs = Date.now() - t;
  await counted.waitFor({ timeout: 600_000 });
  const reloadMs = Date.now() - t;
  const reloadTask = await takeLongest(page);

  t = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }),
    page.getByRole('button', { name: 'Export history' }).click(),
  ]);
  await download.path();
  const exportMs = Date.now() - t;
  const exportTask = await takeLongest(page);
  await context.close();
  return { importMs, importTask, reloadFirstMs, reloadMs, reloadTask, exportMs, exportTask };
}

/** How long a 3 MB file of empty records takes to be refused, and the longest task meanwhile. */
async function hostileRefusal(browser: Browser, origin: string, file: string): Promise<Figure[]> {
  const times: number[] = [];
  const tasks: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await observeLongTasks(page);
    await page.goto(origin);
    await page.getByTestId('selected-action-type').waitFor();
    await takeLongest(page);
    const t = Date.now();
    await page.getByLabel('Import history').setInputFiles(file);
    await page.getByRole('alert').filter({ hasText: 'Import refused' }).waitFor();
    times.push(Date.now() - t);
    tasks.push(await takeLongest(page));
    await context.close();
  }
  return [
    {
      name: 'hostile_3mb_refused_ms',
      value: median(times),
      unit: 'ms',
      note: `choose a 3 MB file of [{},{},…] until it is refused; runs ${times.join(', ')}; target < 500`,
    },
    {
      name: 'hostile_3mb_longest_task_ms',
      value: round(median(tasks)),
      unit: 'ms',
      note: `longest main-thread task meanwhile; runs ${tasks.map((v) => round(v)).join(', ')}; 0 = none over 50 ms`,
    },
  ];
}

/** Every history figure, medians of RUNS runs per size. */
export async function historyFigures(
  browser: Browser,
  origin: string,
  makeHistory: (count: number) => Promise<string>,
): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-'));
  const figures: Figure[] = [];
  for (const count of SIZES) {
    const file = join(dir, `history-${count}.json`);
    writeFileSync(file, await makeHistory(count));
    const runs: Run[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await measure(browser, origin, file, count));
    const figure = (key: keyof Run, name: string, unit: string, how: string): Figure => {
      const values = runs.map((r) => round(r[key]));
      return {
        name: `${name}_${count}_${unit}`,
        value: round(median(values)),
        unit,
        note: `${how}; runs ${values.join(', ')}`,
      };
    };
    const sized = [
      figure('importMs', 'idb_import', 'ms', 'choose file until the page says it is imported'),
      figure(
        'importTask',
        'import_longest_task',
        'ms',
        'longest main-thread task during it; target < 50',
      ),
      figure(
        'reloadFirstMs',
        'idb_read_first_paint',
        'ms',
        'page load until the history panel shows what it is reading',
      ),
      figure('reloadMs', 'idb_read', 'ms', 'page load until every record is read and counted'),
      figure(
        'reloadTask',
        'read_longest_task',
        'ms',
        'longest main-thread task during the load; target < 50',
      ),
      figure('exportMs', 'idb_export', 'ms', 'click until the file is downloaded'),
      figure(
        'exportTask',
        'export_longest_task',
        'ms',
        'longest main-thread task during it; target < 50',
      ),
    ];
    // Printed as they come, so a later failure still leaves these figures.
    for (const f of sized) console.log(`${f.name} ${f.value} ${f.unit} (${f.note})`);
    figures.push(...sized);
  }
  const hostile = join(dir, 'hostile.json');
  writeFileSync(hostile, `[${Array.from({ length: 1_000_000 }, () => '{}').join(',')}]`);
  figures.push(...(await hostileRefusal(browser, origin, hostile)));
  return figures;
}
