import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  LearningHistorySchema,
  type MetricsSnapshot,
  type ScriptRunRequest,
} from '../../src/contracts';
import { applyAction } from '../../src/domain/execution';
import { leanSnapshot } from '../../src/domain/learning';
import { scenarioFromQuery } from '../../src/domain/scenarios/link';
import { presetScript } from '../../src/domain/scenarios/preset-scripts';
import { simulateWindow } from '../../src/domain/simulation';
import { runScript } from '../../src/domain/simulation/script-runner';

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

/** Calls one method of a fresh simulator worker over Comlink's wire format, from the page. */
async function callWorker(
  page: Page,
  workerUrl: string,
  method: string,
  argument: unknown,
): Promise<{ type: string; value: unknown }> {
  return page.evaluate(
    ({ url, method, argument }) =>
      new Promise<{ type: string; value: unknown }>((resolve, reject) => {
        const worker = new Worker(url, { type: 'module' });
        worker.onerror = (event) => reject(new Error(event.message));
        worker.onmessage = (event: MessageEvent<{ id: string; type: string; value: unknown }>) => {
          if (event.data.id !== 'script-run') return;
          worker.terminate();
          resolve({ type: event.data.type, value: event.data.value });
        };
        worker.postMessage({
          id: 'script-run',
          type: 'APPLY',
          path: [method],
          argumentList: [{ type: 'RAW', value: argument }],
        });
      }),
    { url: workerUrl, method, argument },
  );
}

/** Opens the lab and returns the address of the simulator worker it started. */
async function simulatorWorkerUrl(page: Page): Promise<string> {
  const started = page.waitForEvent('worker', (w) => w.url().includes('simulator'));
  await page.goto('./');
  return (await started).url();
}

test('a script run in the simulator worker equals the Node run bit for bit', async ({ page }) => {
  const url = await simulatorWorkerUrl(page);
  const shifted = {
    ...DEFAULT_CONTROL_PLANE,
    routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
  };
  const request: ScriptRunRequest = {
    script: presetScript('backup_fails_after_failover')!,
    seed: 5,
    actions: [{ window: 8, controlPlane: shifted }],
    startTime: 1_700_000_000_000,
  };
  const answer = await callWorker(page, url, 'runScript', request);
  expect(answer.type).toBe('RAW');
  const inWorker = answer.value as MetricsSnapshot[];
  const inNode = runScript(request);
  expect(inWorker).toHaveLength(30);
  expect(inWorker).toEqual(inNode);
  expect(JSON.stringify(inWorker)).toBe(JSON.stringify(inNode));
  // The action took effect from its window on: Visa's backup route carries traffic from then.
  const visaBackup = (t: number) =>
    inWorker[t]!.issuerMetrics.find((m) => m.issuerId === 'visa')!.routes!.find(
      (r) => r.routeId === 'backup',
    )!.transactionCount;
  expect(visaBackup(7)).toBe(0);
  expect(visaBackup(8)).toBeGreaterThan(1000);
});

test('the simulator worker refuses a bad script, naming the event and field', async ({ page }) => {
  const url = await simulatorWorkerUrl(page);
  const script = presetScript('slow_burn')!;
  const bad = { ...script, events: [...script.events, { ...script.events[0]!, at: 2 }] };
  const answer = await callWorker(page, url, 'runScript', { script: bad });
  expect(answer.type).toBe('HANDLER');
  expect(JSON.stringify(answer.value)).toContain('events[1].at: events must be in window order');
});

test('a link to a preset script opens the scenario in force at its window', async ({ page }) => {
  await page.goto('./?script=issuer_degrades_then_clears&at=12');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('60');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
});

test('a link with a bad script says why and leaves the lab on its last good state', async ({
  page,
}) => {
  await page.goto('./?script=no_such_incident&visa=40');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Script (script) refused' }),
  ).toContainText('"no_such_incident" is not a preset script');
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('100');
  await expect(page.getByTestId('selected-action-type')).toHaveText('do_nothing');
});
