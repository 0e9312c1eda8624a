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
