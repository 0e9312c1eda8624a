import { expect, test } from '@playwright/test';

test('a latency spike notification runs without asking anyone: notifications are pre-approved', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('./?latency=3');
  await expect(page.getByTestId('selected-action-type')).toHaveText('send_notification');
  const decision = page.getByRole('region', { name: 'Decision', exact: true });
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(page.getByTestId('pending-approval')).toHaveCount(0);
  await expect(page.getByTestId('history-table')).toContainText('send_notification');
  expect(errors).toEqual([]);
});

test('with a short term set, the agent renews a shift still needed instead of letting it lapse', async ({
  page,
}) => {
  await page.goto('./?preset=issuer_outage&visa=60');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const term = dialog.getByLabel(/Term of an action, in windows/);
  await term.fill('0');
  await term.press('Tab');
  await expect(dialog.getByRole('alert')).toContainText(
    'actionTermWindows = 0 ignored (it must be a whole number of windows from 1 to 1440)',
  );
  await term.fill('4');
  await term.press('Tab');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save and close' }).click();

  const decision = page.getByRole('region', { name: 'Decision', exact: true });
  const selected = page.getByTestId('selected-action');
  // The shift (approved when asked), its second step, then the renewal as the term runs out.
  for (let cycle = 0; cycle < 6; cycle++) {
    if ((await selected.locator('p').first().textContent())?.startsWith('Renew:')) break;
    await decision.getByRole('button', { name: 'Run cycle' }).click();
    const pending = page.getByTestId('pending-approval');
    if (await pending.isVisible().catch(() => false))
      await pending.getByRole('button', { name: 'Approve' }).click();
    await expect(decision.getByRole('button', { name: 'Run cycle' })).toBeEnabled();
  }
  await expect(selected.locator('p').first()).toHaveText(/^Renew: Shift: move \d+% of visa/);
  await expect(page.getByTestId('what-if-against-lapse')).toBeVisible();
  await expect(page.getByTestId('mitigation-debt')).toContainText(
    /since window \d+ · lapses at window \d+ unless renewed/,
  );
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('history-table')).toContainText('Renewed: shift_traffic');
  await expect(page.getByTestId('routing-row-visa')).toContainText('95 %');
});
