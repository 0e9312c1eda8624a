import { expect, test } from '@playwright/test';

// Visa at 40 % and the primary processor at 80 %: shifting Visa and failing the processor over
// score a hair apart, and the first window's draws try the failover.
const NEAR_TIE = './?visa=40&processor=80';

test('the exploration switch is labelled, works from the keyboard and persists across a reload', async ({
  page,
}) => {
  await page.goto(NEAR_TIE);
  const explored = page.getByTestId('decision-explored');
  await expect(explored).toHaveText(
    /^Explored: failover_processor instead of shift_traffic \(score 0\.\d{3} vs 0\.\d{3}\)/,
  );
  await expect(page.getByTestId('selected-action-type')).toHaveText('failover_processor');

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const toggle = dialog.getByRole('switch', { name: 'Explore near-best safe alternatives' });
  await expect(toggle).toBeChecked();
  await expect(toggle).toHaveAccessibleDescription(
    'Tries a near-best safe alternative now and then so experience can correct the estimates.',
  );
  // Keyboard only: Space turns it off, Tab reaches Save and close, Enter presses it.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).not.toBeChecked();
  const save = dialog.getByRole('button', { name: 'Save and close' });
  for (let i = 0; i < 10 && !(await save.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(save).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // Without exploration the best score stands.
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await expect(explored).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await expect(explored).toHaveCount(0);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(toggle).not.toBeChecked();
  // And back on from the keyboard.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await dialog.getByRole('button', { name: 'Save and close' }).click();
  await expect(explored).toBeVisible();
});

test('a stored exploration setting that is neither on nor off falls back to on, with a message', async ({
  page,
}) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('agent-payment-lab:settings', JSON.stringify({ exploration: 'often' }));
    }
  });
  await page.goto(NEAR_TIE);
  await expect(page.getByTestId('decision-explored')).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(
    dialog.getByRole('switch', { name: 'Explore near-best safe alternatives' }),
  ).toBeChecked();
  await expect(dialog.getByTestId('exploration-problem')).toHaveText(
    'The stored exploration setting "often" is neither on nor off; exploration is on, the default.',
  );
});
