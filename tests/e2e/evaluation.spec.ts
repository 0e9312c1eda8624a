import { expect, test } from '@playwright/test';

test('the agent is evaluated in a worker pool with progress, a table and a learning curve', async ({
  page,
}) => {
  // Both sets with a 20-seed oracle: minutes on a busy two-core machine.
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const panel = page.getByRole('region', { name: 'Evaluate agent' });
  await panel.getByLabel('Seeds per situation').fill('2');
  await panel.getByLabel('Learning-curve cycles').fill('40');
  await panel.getByRole('button', { name: 'Evaluate agent' }).click();
  await expect(panel.getByRole('progressbar', { name: 'Evaluation progress' })).toBeVisible();
  await expect(panel.getByTestId('evaluation-summary')).toBeVisible({ timeout: 180_000 });
  const table = panel.getByTestId('evaluation-table');
  await expect(table).toContainText('Healthy');
  // The agent's rows per set, each under its set's heading: the training catalog (15) and the
  // held-out set (21), then the overall row.
  await expect(table.getByTestId('scores-training').getByRole('row')).toHaveCount(1 + 15);
  await expect(table.getByTestId('scores-held_out').getByRole('row')).toHaveCount(1 + 21);
  await expect(table.getByRole('row')).toHaveCount(1 + (1 + 15) + (1 + 21) + 1);
  await expect(table.getByTestId('scores-held_out')).toContainText('Held-out set (never tuned on)');
  await expect(table.getByTestId('scores-held_out')).toContainText(
    'Mastercard primary route flapping',
  );
  await expect(panel.getByTestId('evaluation-summary')).toContainText(
    '72 cases (2 seeds × 36 situations)',
  );
  await expect(panel.getByTestId('evaluation-summary')).toContainText('over 40 cycles');
  await expect(panel.getByTestId('learning-curve-chart')).toBeVisible();
  // Regret in points of the objective, as npm run evaluate prints it: there the decline surge
  // costs the agent 0.201 pt on every seed.
  await expect(
    table.getByRole('row').filter({ hasText: 'Issuer-side decline surge' }),
  ).toContainText('0.20 pt');
  // Calibration per set, and the held-out set again after the training experience.
  const calibration = panel.getByTestId('calibration-table');
  await expect(calibration.getByRole('row')).toHaveCount(1 + 3);
  await expect(calibration.getByRole('row').nth(3)).toContainText('Held-out, experienced');
  // Two seeds of the 21 held-out situations, none blocked.
  await expect(calibration.getByRole('row').nth(2).getByRole('cell').first()).toHaveText('42');
  await expect(panel.getByTestId('reliability-chart')).toBeVisible();
  await expect(panel.getByTestId('experience-summary')).toContainText(
    'After 200 learning cycles on the training catalog',
  );
  // The paired figure is the difference from the fresh agent, not the fresh agent's regret.
  const summary = (await panel.getByTestId('experience-summary').textContent()) ?? '';
  expect(summary.replace(/\s+/g, ' ')).toMatch(
    /; minus the fresh agent's, paired: [+−-]?\d+\.\d\d pt \[[+−-]?\d+\.\d\d, [+−-]?\d+\.\d\d\]; experience changed the pick in \d+ of \d+ cases\./,
  );
  expect(errors).toEqual([]);
});

test('a running evaluation can be cancelled', async ({ page }) => {
  await page.goto('./');
  const panel = page.getByRole('region', { name: 'Evaluate agent' });
  await panel.getByLabel('Seeds per situation').fill('50');
  await panel.getByLabel('Learning-curve cycles').fill('1000');
  await panel.getByRole('button', { name: 'Evaluate agent' }).click();
  await expect(panel.getByTestId('evaluation-progress')).toContainText(/\d+ of \d+/);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('status')).toContainText('The evaluation was cancelled');
  await expect(panel.getByRole('button', { name: 'Evaluate agent' })).toBeEnabled();
  await expect(panel.getByTestId('evaluation-table')).toHaveCount(0);
});
