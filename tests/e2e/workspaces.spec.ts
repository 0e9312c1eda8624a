import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LEARNING_HISTORY_FORMAT } from '../../src/contracts';
import { makeRecords, T0 } from '../unit/support/factories';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const workspaceSelect = (page: Page) => page.getByRole('combobox', { name: 'Workspace' });
const outcomes = (page: Page, n: number) =>
  expect(region(page, 'Learning history')).toContainText(
    `${n} outcome${n === 1 ? '' : 's'} stored`,
  );

/** Opens the lab and waits until the first decision is on screen, failing on any page error. */
async function open(page: Page, query = ''): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`./${query}`);
  await ready(page);
  return errors;
}

async function ready(page: Page): Promise<void> {
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/** Imports `count` made-up outcomes into the workspace in use. */
async function importOutcomes(page: Page, path: string, count: number): Promise<void> {
  const file = { format: LEARNING_HISTORY_FORMAT, version: 1, exportedAt: T0 };
  writeFileSync(path, JSON.stringify({ ...file, records: makeRecords(count) }));
  await page.getByLabel('Import history').setInputFiles(path);
  await expect(page.getByTestId('history-status')).toContainText(`Imported ${count} record(s)`);
}

/** Sets the minimum confidence in Settings (empty text clears it) and saves. */
async function setMinConfidence(page: Page, value: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel(/Minimum confidence/).fill(value);
  await dialog.getByLabel(/Minimum confidence/).press('Tab');
  await dialog.getByRole('button', { name: 'Save and close' }).click();
  await expect(dialog).toBeHidden();
}

async function minConfidenceField(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const value = await dialog.getByLabel(/Minimum confidence/).inputValue();
  await dialog.press('Escape');
  await expect(dialog).toBeHidden();
  return value;
}

/** Names a workspace in the name dialog that `button` opens, and submits it. */
async function nameDialog(page: Page, button: string, name: string, submit: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: button });
  await dialog.getByLabel('Workspace name').fill(name);
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  return dialog;
}

async function createWorkspace(page: Page, name: string): Promise<void> {
  await nameDialog(page, 'New workspace', name, 'Create');
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText(name);
  await ready(page);
}

async function switchTo(page: Page, name: string): Promise<void> {
  await workspaceSelect(page).selectOption({ label: name });
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText(name);
  await ready(page);
}

test('a new workspace starts empty, and switching brings back each one’s history, settings and scenario', async ({
  page,
}, testInfo) => {
  const errors = await open(page);
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText('Default');
  await importOutcomes(page, testInfo.outputPath('three.json'), 3);
  await setMinConfidence(page, '0.9');
  await page.getByRole('slider', { name: 'Visa health' }).fill('70');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('70');

  await createWorkspace(page, 'Team B');
  await outcomes(page, 0);
  expect(await minConfidenceField(page)).toBe('');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('100');
  await setMinConfidence(page, '0.95');
  await page.getByRole('slider', { name: 'Visa health' }).fill('40');

  await switchTo(page, 'Default');
  await outcomes(page, 3);
  expect(await minConfidenceField(page)).toBe('0.9');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('70');

  await switchTo(page, 'Team B');
  await outcomes(page, 0);
  expect(await minConfidenceField(page)).toBe('0.95');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('40');
  expect(errors).toEqual([]);
});

test('a name that is empty, too long or taken is refused next to the field; a good one renames', async ({
  page,
}) => {
  await open(page);
  await createWorkspace(page, 'Payments EU');

  const dialog = await nameDialog(page, 'Rename workspace', '   ', 'Rename');
  const field = dialog.getByLabel('Workspace name');
  await expect(dialog).toContainText('Name: a workspace needs a name.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('x'.repeat(61));
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog).toContainText('Name: at most 60 characters.');
  await field.fill('  default ');
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog).toContainText('Name: "Default" is already taken by another workspace.');
  await expect(workspaceSelect(page).locator('option')).toHaveText(['Default', 'Payments EU']);

  await field.fill('  Payments DACH  ');
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(workspaceSelect(page).locator('option')).toHaveText(['Default', 'Payments DACH']);
  await page.reload();
  await ready(page);
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText('Payments DACH');
});

test('duplicating copies the settings but not the history', async ({ page }, testInfo) => {
  await open(page);
  await importOutcomes(page, testInfo.outputPath('two.json'), 2);
  await setMinConfidence(page, '0.85');
  await page.getByRole('button', { name: 'Duplicate workspace', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Duplicate workspace' });
  await expect(dialog.getByLabel('Workspace name')).toHaveValue('Default (copy)');
  await dialog.getByRole('button', { name: 'Duplicate', exact: true }).click();
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText('Default (copy)');
  await ready(page);
  await outcomes(page, 0);
  expect(await minConfidenceField(page)).toBe('0.85');
});

test('deleting asks first, naming the outcomes and settings lost; the last workspace stays', async ({
  page,
}, testInfo) => {
  await open(page);
  const remove = page.getByRole('button', { name: 'Delete workspace', exact: true });
  await expect(remove).toBeDisabled();
  await createWorkspace(page, 'Scratch');
  await importOutcomes(page, testInfo.outputPath('four.json'), 4);

  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Delete workspace' });
  await expect(dialog).toContainText('Deleting “Scratch” loses its 4 outcomes');
  await expect(dialog).toContainText('its settings (safety limits, reasoning thresholds');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await outcomes(page, 4);

  await remove.click();
  await dialog.getByRole('button', { name: 'Delete “Scratch”' }).click();
  await expect(workspaceSelect(page).locator('option')).toHaveText(['Default']);
  await ready(page);
  await expect(remove).toBeDisabled();
  // A new workspace of the same name starts from nothing: the old history went with the old one.
  await createWorkspace(page, 'Scratch');
  await outcomes(page, 0);
});

test('a history file from another workspace is merged only after asking, naming both', async ({
  page,
}, testInfo) => {
  await open(page);
  await importOutcomes(page, testInfo.outputPath('one.json'), 1);
  const history = region(page, 'Learning history');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    history.getByRole('button', { name: 'Export history' }).click(),
  ]);
  const file = testInfo.outputPath('from-default.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { workspace: unknown };
  expect(exported.workspace).toEqual({ id: 'default', name: 'Default' });

  await createWorkspace(page, 'Audit');
  const questions: string[] = [];
  page.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByRole('alert').filter({ hasText: 'Import cancelled' })).toContainText(
    'the file comes from the workspace "Default"; nothing was merged into "Audit"',
  );
  expect(questions).toEqual([
    'This history was exported from the workspace "Default", not from "Audit", the one in use. Merge its records into "Audit"?',
  ]);
  await outcomes(page, 0);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByLabel('Import history').setInputFiles(file);
  await expect(page.getByTestId('history-status')).toContainText('Imported 1 record(s)');
  await outcomes(page, 1);
});

test('a second tab follows a switch made in the first', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await open(first);
  await open(second);
  await createWorkspace(first, 'Night shift');
  await expect(workspaceSelect(second).locator('option:checked')).toHaveText('Night shift');
  await ready(second);
  await switchTo(second, 'Default');
  await expect(workspaceSelect(first).locator('option:checked')).toHaveText('Default');
});

test('a stricter limit in one workspace rules out the action another workspace lets through', async ({
  page,
}) => {
  await open(page, '?preset=issuer_outage&visa=60');
  const verdict = page.getByTestId('guardrail-verdict');
  await expect(verdict).toHaveText('Guardrails: needs a human approval');
  await createWorkspace(page, 'Strict');
  // The same incident, opened by link in the new workspace, with a stricter minimum confidence.
  await page.goto('./?preset=issuer_outage&visa=60');
  await ready(page);
  await expect(workspaceSelect(page).locator('option:checked')).toHaveText('Strict');
  await setMinConfidence(page, '1');
  // Under a minimum it cannot meet, the agent waits or notifies rather than propose the shift.
  await expect(verdict).toHaveText('Guardrails: allowed');
  await expect(page.getByTestId('rejected-actions')).toContainText('the guardrails need');

  await switchTo(page, 'Default');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('60');
  await expect(verdict).toHaveText('Guardrails: needs a human approval');
});
