import { expect, test, type Page } from '@playwright/test';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  INITIAL_WORLD_STATE,
  type WorldRunRequest,
} from '../../src/contracts';
import { stepWindow, stepWindows, windowSeed } from '../../src/domain/simulation';

/** The page's simulator worker script, as the built site serves it. */
async function simulatorUrl(page: Page): Promise<string> {
  await page.goto('./');
  await expect(page.getByTestId('worker-simulator')).toHaveAttribute('data-state', 'ready');
  const worker = page.workers().find((w) => w.url().includes('simulator'));
  if (!worker) throw new Error('the page started no simulator worker');
  return worker.url();
}

/**
 * Calls one method of a fresh simulator worker in the page over Comlink's wire format (an APPLY
 * message with raw arguments), so the test drives the very worker the lab ships.
 */
async function callWorker(page: Page, url: string, method: string, arg: unknown) {
  return page.evaluate(
    ({ url, method, arg }) =>
      new Promise<{ ok: boolean; value: unknown }>((resolve) => {
        const worker = new Worker(url, { type: 'module' });
        worker.onmessage = (event: MessageEvent) => {
          const data = event.data as { type: string; value: unknown };
          worker.terminate();
          if (data.type === 'HANDLER') {
            const thrown = data.value as { value: { message?: string } };
            resolve({ ok: false, value: thrown.value.message ?? String(thrown.value) });
          } else resolve({ ok: true, value: data.value });
        };
        worker.postMessage({
          id: 'world-step-test',
          type: 'APPLY',
          path: [method],
          argumentList: [{ type: 'RAW', value: arg }],
        });
      }),
    { url, method, arg },
  );
}

const T0 = 1_767_225_600_000;
const stormy = { ...HEALTHY_SCENARIO, retryAggressiveness: 1, clientBackoff: false };

/** An outage with a retry storm that outlives it, then a retry cap: five clocked windows. */
const run: WorldRunRequest = {
  state: INITIAL_WORLD_STATE,
  windows: [0.6, 0.6, 1, 1, 1].map((processorHealth, t) => ({
    scenario: { ...stormy, processorHealth, seed: windowSeed(11, t) },
    controlPlane:
      t < 4
        ? DEFAULT_CONTROL_PLANE
        : {
            ...DEFAULT_CONTROL_PLANE,
            retryPolicy: { maxRetries: 1, multiplier: 2, backoff: false },
          },
    timestamp: T0 + t * 60_000,
  })),
};

test('stepped windows in the simulator worker equal the Node model bit for bit', async ({
  page,
}) => {
  const url = await simulatorUrl(page);
  const inWorker = await callWorker(page, url, 'stepMany', run);
  expect(inWorker.ok).toBe(true);
  const inNode = stepWindows(run.state, run.windows);
  expect(JSON.stringify(inWorker.value)).toBe(JSON.stringify(inNode));
  // The storm outlived the outage in the worker too, and the cap ended it.
  expect(inNode.snapshots[3]!.routeMetrics![0].load!).toBeGreaterThan(1.5);
  expect(inNode.snapshots[4]!.successRate).toBeGreaterThan(0.9);

  const one = { ...run.windows[0]!, state: INITIAL_WORLD_STATE };
  const single = await callWorker(page, url, 'step', one);
  expect(JSON.stringify(single.value)).toBe(JSON.stringify(stepWindow(one)));
});

test('the simulator worker refuses a bad world state with a message naming the field', async ({
  page,
}) => {
  const url = await simulatorUrl(page);
  const bad = { ...run, state: { ...INITIAL_WORLD_STATE, routeLoad: [-1, 0] } };
  const answer = await callWorker(page, url, 'stepMany', bad);
  expect(answer.ok).toBe(false);
  expect(String(answer.value)).toMatch(/world run request.*state\.routeLoad\[0\]/);
});
