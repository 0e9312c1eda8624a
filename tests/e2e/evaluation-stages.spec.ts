import { expect, test, type Page } from '@playwright/test';
import { PRESET_SCRIPTS } from '../../src/domain/scenarios/preset-scripts';

const SHOTS = 'test-results/screens';

/** Runs the smallest evaluation the panel offers and waits for its report. */
async function evaluateSmall(page: Page) {
  const panel = page.getByRole('region', { name: 'Evaluate agent' });
  await panel.getByLabel('Seeds per situation').fill('1');
  await panel.getByLabel('Learning-curve cycles').fill('10');
  await panel.getByRole('button', { name: 'Evaluate agent' }).click();
  await expect(panel.getByRole('progressbar', { name: 'Evaluation progress' })).toBeVisible();
  await expect(panel.getByTestId('evaluation-summary')).toBeVisible({ timeout: 90_000 });
  return panel;
}

test('the evaluation shows a leaderboard, incidents by stage and a case that reopens in the lab', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const panel = await evaluateSmall(page);

  // A leaderboard per set, each ranking the agent and the four baselines.
  for (const set of ['training', 'held_out']) {
    const board = panel.getByTestId(`leaderboard-${set}`);
    await expect(board.getByRole('table').getByRole('row')).toHaveCount(1 + 5);
    for (const policy of [
      /The agent/,
      /Do nothing/,
      /A random allowed action/,
      /Static rule/,
      /Success-rate router/,
    ])
      await expect(board.getByRole('row', { name: policy })).toBeVisible();
    await expect(board.getByRole('img', { name: /Mean regret with 95 % interval/ })).toBeVisible();
  }
  await expect(panel.getByTestId('scores-training')).toContainText('Training set (the catalog)');
  await expect(panel.getByTestId('scores-held_out')).toContainText('Held-out set (never tuned on)');

  const stages = panel.getByTestId('incident-stage-table');
  // A heading row plus the agent and the four baselines on each preset script.
  await expect(stages.getByRole('row')).toHaveCount(1 + PRESET_SCRIPTS.length * 5);
  const issuerRows = stages.getByRole('row', { name: /Issuer degrades, then clears/ });
  await expect(issuerRows).toHaveCount(5);
  await expect(issuerRows.filter({ hasText: 'Do nothing' })).toContainText('6–20');

  const drill = panel.getByTestId('case-drill-down');
  const select = drill.getByLabel('Case');
  // Any case opens in the drill-down, a held-out baseline's too: its decision, why, the ranking.
  const heldOut = select.locator('option', {
    hasText:
      'Static rule: shift 50 % of an issuer under 90 % success · held-out · ho-visa-backup-route · seed 1',
  });
  await select.selectOption((await heldOut.getAttribute('value')) ?? '');
  await expect(drill.getByText('ho-visa-backup-route, seed 1')).toBeVisible();
  await expect(drill.getByTestId('case-why')).not.toBeEmpty();
  await expect(drill.getByTestId('oracle-ranking').getByRole('columnheader')).toContainText([
    'Candidate',
    'Objective',
    'Gap to best [95 %]',
    'Tied',
  ]);
  const option = select.locator('option', { hasText: 'The agent · visa-severe · seed 1' });
  await select.selectOption((await option.getAttribute('value')) ?? '');
  await expect(drill.getByTestId('case-why')).not.toBeEmpty();
  await expect(drill.getByTestId('oracle-ranking')).toContainText('shift_traffic');

  await panel.screenshot({ path: `${SHOTS}/evaluation-1280-light.png` });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await drill.getByRole('button', { name: 'Open in lab' }).click();
  await expect(drill.getByRole('status')).toContainText('Opened visa-severe on seed 1');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('60');
  await expect(page).toHaveURL(/visa=60/);

  await page.emulateMedia({ colorScheme: 'dark' });
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/evaluation-1280-dark.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(drill.getByRole('button', { name: 'Open in lab' })).toBeVisible();
  await panel.screenshot({ path: `${SHOTS}/evaluation-390.png` });
  expect(errors).toEqual([]);
});

test('the case drill-down is reachable by keyboard and says why a case cannot open before one is chosen', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto('./');
  const panel = await evaluateSmall(page);
  const drill = panel.getByTestId('case-drill-down');
  await expect(drill.getByRole('button', { name: 'Open in lab' })).toBeDisabled();
  const select = drill.getByLabel('Case');
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await expect(select).not.toHaveValue('');
  await page.keyboard.press('Tab');
  await expect(drill.getByRole('button', { name: 'Open in lab' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(drill.getByRole('status')).toContainText(/Opened \S+ on seed 1 in the lab/);
});
