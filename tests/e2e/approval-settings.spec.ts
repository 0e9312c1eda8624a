import { expect, test } from '@playwright/test';

test('a confidence of 0 below which a human decides is refused next to the field, with the reason', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const field = dialog.getByLabel(/Confidence below which a human decides/);
  await field.fill('0');
  await field.press('Tab');
  await expect(dialog.getByRole('alert')).toHaveText(
    'lowConfidenceThreshold = 0 would ask a human less often; it stays 0.7 (approval settings may only be made stricter).',
  );
  // A stricter value is taken, and the refusal goes.
  await field.fill('0.8');
  await field.press('Tab');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
});
