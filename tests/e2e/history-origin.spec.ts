import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LEARNING_HISTORY_FORMAT } from '../../src/contracts';
import { makeRecord, T0 } from '../unit/support/factories';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function open(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/** A history file exported from the workspace "Team A" with two executed shifts. */
function teamAFile(): string {
  const records = [
    makeRecord({ id: 'team-a-1', recordedAt: T0, improvementAchieved: 0.03 }),
    makeRecord({ id: 'team-a-2', recordedAt: T0 + 1000, improvementAchieved: 0.01 }),
  ];
  return JSON.stringify({
    format: LEARNING_HISTORY_FORMAT,
    version: 1,
    exportedAt: T0 + 2000,
    workspace: { id: 'team-a', name: 'Team A' },
    records,
  });
}

test('imported rows are marked with their source, filtered apart from own ones, and stay marked after a reload', async ({
  page,
}, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The file comes from another workspace: the lab asks before merging it.
  page.on('dialog', (dialog) => void dialog.accept());
  await open(page);

  // One cycle of the agent's own (a healthy window: it does nothing, and says so).
  const run = region(page, 'Decision').getByRole('button', { name: 'Run cycle' });
  await run.click();
  await expect(run).toBeEnabled();
  const history = region(page, 'Learning history');
  await expect(history).toContainText('1 of them idle (do nothing)');

  const path = testInfo.outputPath('team-a.json');
  writeFileSync(path, teamAFile());
  await page.getByLabel('Import history').setInputFiles(path);
  await expect(page.getByTestId('history-status')).toContainText(
    "Imported 2 record(s), skipped 0 already present. The added records are marked imported: foreign experience, weighted below the agent's own.",
  );

  const table = page.getByTestId('history-table');
  const badges = table.getByTestId('origin-badge');
  const check = async () => {
    await expect(history).toContainText('2 outcomes stored');
    await expect(page.getByTestId('history-origins')).toHaveText("1 the agent's own, 2 imported");
    await expect(page.getByTestId('experience-origin')).toContainText('0 · 2');
    await expect(page.getByTestId('experience-origin')).toContainText(
      'each weighs 0.3 of an own one',
    );
    await expect(badges).toHaveCount(2);
    await expect(badges.first()).toHaveText('imported · Team A');
    await expect(badges.first()).toHaveAttribute(
      'title',
      /^Imported from the workspace "Team A" \(file team-a\.json\) on .* UTC: foreign experience/,
    );
  };
  await check();

  const source = page.getByLabel('Source');
  await source.selectOption('imported');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(badges).toHaveCount(2);
  await source.selectOption('own');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('idle-run')).toHaveText(/1 do-nothing cycle folded/);
  await expect(badges).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(3);

  // The marks are stored with the records: a reload reads them back from IndexedDB.
  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await check();
  await page.getByLabel('Source').selectOption('imported');
  await expect(table.locator('tbody tr')).toHaveCount(2);

  // Under a Visa outage the agent shifts Visa: the decision says its experience is imported.
  await page.goto('./?preset=issuer_outage&visa=30');
  await expect(page.getByTestId('selected-action-type')).toHaveText(/shift_traffic/);
  await expect(page.getByTestId('imported-experience')).toHaveText(
    'Experience with shift_traffic for issuer_degradation: 2 imported outcome(s) and none of its own; imported history is foreign experience and weighs 0.3 of an own outcome.',
  );
  expect(pageErrors).toEqual([]);
});
