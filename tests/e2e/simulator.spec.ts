import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  LearningHistorySchema,
} from '../../src/contracts';
import { applyAction } from '../../src/domain/execution';
import { leanSnapshot } from '../../src/domain/learning';
import { scenarioFromQuery } from '../../src/domain/scenarios/link';
import { simulateWindow } from '../../src/domain/simulation';

test('the simulator worker gives bit-identical windows to the model run in Node', async ({
  page,
}, testInfo) => {
  const query = 'preset=issuer_outage&visa=60&seed=42';
  await page.goto(`./?${query}`);
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await page.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export history' }).click(),
  ]);
  const file = testInfo.outputPath('history.json');
  await download.saveAs(file);
  const history = LearningHistorySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const record = history.records[0]!;
  const outcome = record.outcome!;

  // The worker simulated the window without and with the action at the outcome's timestamp;
  // the same scenario, control planes and seed in Node must give the very same snapshots.
  const { scenario } = scenarioFromQuery(query, HEALTHY_SCENARIO);
  const without = simulateWindow(scenario, DEFAULT_CONTROL_PLANE, outcome.executedAt);
  const withAction = simulateWindow(
    scenario,
    applyAction(DEFAULT_CONTROL_PLANE, record.decision.selectedAction),
    outcome.executedAt,
  );
  // The history keeps the lean form of each window (no per-route breakdowns).
  expect(outcome.baselineMetrics).toEqual(leanSnapshot(without));
  expect(outcome.currentMetrics).toEqual(leanSnapshot(withAction));
  expect(outcome.baselineMetrics.issuerMetrics).toHaveLength(4);
  expect(outcome.currentMetrics.successRate).toBeGreaterThan(outcome.baselineMetrics.successRate);
});
