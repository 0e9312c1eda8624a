import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { LEARNING_HISTORY_FORMAT } from '../../src/contracts';
import type { HistoryWork } from '../../src/domain/learning/history-file-view';
import { makeRecord, T0 } from '../unit/support/factories';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/**
 * The history worker's own count of its work, read inside the worker. Where the work ran is what
 * these tests assert; how long it took is the bench's to measure (`npm run bench:browser`).
 */
async function historyWork(page: Page): Promise<HistoryWork> {
  let worker: Worker | undefined;
  await expect
    .poll(() => (worker = page.workers().find((w) => /history/.test(w.url()))) !== undefined)
    .toBe(true);
  return worker!.evaluate(() => (self as unknown as { __historyWork: HistoryWork }).__historyWork);
}

async function open(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  expect(errors).toEqual([]);
}

function historyFile(records: unknown[]): string {
  return JSON.stringify({ format: LEARNING_HISTORY_FORMAT, version: 1, exportedAt: T0, records });
}

function writeFile(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

test('a file that repeats an id with other contents is refused, naming the id', async ({
  page,
}, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await open(page);
  const a = makeRecord({ id: 'twice', recordedAt: T0 });
  const b = makeRecord({ id: 'twice', recordedAt: T0 + 1000 });
  const file = writeFile(testInfo.outputPath('twice.json'), historyFile([a, b]));
  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByRole('alert').filter({ hasText: 'Import refused' })).toContainText(
    'records[1].id: the id "twice" is used by records[0] too, with different contents',
  );
  await expect(region(page, 'Learning history')).toContainText('0 outcomes stored');

  // The same record twice is one record, and the summary says the repeat was merged.
  const same = writeFile(testInfo.outputPath('same.json'), historyFile([a, a]));
  await page.getByLabel('Import history').setInputFiles(same);
  await expect(page.getByTestId('history-status')).toContainText(
    'Imported 1 record(s), skipped 0 already present. Changed on the way in: merged 1 repeated record',
  );
  await expect(region(page, 'Learning history')).toContainText('1 outcome stored');
  await page.reload();
  await expect(region(page, 'Learning history')).toContainText('1 outcome stored');
  await expect(page.getByTestId('history-table').locator('tbody tr')).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test('a 3 MB file of empty records is refused in the worker, after its first few problems', async ({
  page,
}, testInfo) => {
  await open(page);
  const hostile = `[${Array.from({ length: 1_000_000 }, () => '{}').join(',')}]`;
  const file = writeFile(testInfo.outputPath('hostile.json'), hostile);
  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByRole('alert').filter({ hasText: 'Import refused' })).toContainText(
    "Import refused: This version 0 history does not match the prototype's outcome format: [0].",
  );
  await expect(page.getByRole('alert').filter({ hasText: 'Import refused' })).toContainText(
    '(and more problems; checking stopped after 3)',
  );
  await expect(region(page, 'Learning history')).toContainText('0 outcomes stored');
  // The worker read the file; nothing reached the store, so the worker holds nothing either.
  expect(await historyWork(page)).toMatchObject({ filesRead: 1, exportsBuilt: 0 });
});

test('50,000 records are imported, read back and exported with the work done in the worker', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await open(page);
  const template = makeRecord({ recordedAt: T0 });
  const count = 50_000;
  const records = Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `bulk-${i}`,
    recordedAt: T0 + i,
  }));
  const file = writeFile(testInfo.outputPath('bulk.json'), historyFile(records));
  const history = region(page, 'Learning history');
  const rows = page.getByTestId('history-table').locator('tbody tr');

  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByTestId('history-status')).toContainText(
    `Imported ${count} record(s), skipped 0`,
    { timeout: 180_000 },
  );
  await expect(history).toContainText(`${count} outcomes stored`);
  expect(await historyWork(page)).toMatchObject({ filesRead: 1 });
  // The table shows the newest records, a bounded page of them.
  await expect(rows).toHaveCount(25);

  await page.reload();
  await expect(history).toContainText(`${count} outcomes stored`, { timeout: 180_000 });
  // A fresh page: its worker parsed every stored row and summed them up; the page did neither.
  const afterReload = await historyWork(page);
  expect(afterReload.rowsParsed).toBe(count);
  expect(afterReload.summaries).toBeGreaterThanOrEqual(1);
  await expect(rows).toHaveCount(25);

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 180_000 }),
    history.getByRole('button', { name: 'Export history' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    records: { id: string }[];
  };
  expect(exported.records).toHaveLength(count);
  expect(new Set(exported.records.map((r) => r.id)).size).toBe(count);
  expect(exported.records[0]!.id).toBe('bulk-0');
  expect(await historyWork(page)).toMatchObject({ exportsBuilt: 1, exportedRecords: count });
  await expect(page.getByTestId('history-status')).toContainText(`Exported ${count} record(s).`);
});
