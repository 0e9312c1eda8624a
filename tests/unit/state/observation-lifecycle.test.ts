import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  MAX_OBSERVED_WINDOWS,
  ObservationSchema,
  type ReasoningInput,
} from '../../../src/contracts';
import { reason } from '../../../src/domain/reasoning';
import { LabState } from '../../../src/state/lab.svelte';
import type { ReasoningPort } from '../../../src/state/ports';
import { backoffInForce, fakeLabDeps, visaOutage } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The domain's reasoning engine behind the port, keeping every input it was sent. */
function recordingReasoning(): ReasoningPort & { inputs: ReasoningInput[] } {
  const inputs: ReasoningInput[] = [];
  return {
    inputs,
    reason: (input) => {
      inputs.push(structuredClone(input));
      return Promise.resolve(reason(input));
    },
  };
}

describe('the Observation the page sends the agent', () => {
  it('carries the windows, the baseline, the live plane and the actions in force, never the scenario', async () => {
    const reasoning = recordingReasoning();
    const lab = new LabState(fakeLabDeps({ reasoning }).deps);
    const { active, plane } = backoffInForce();
    lab.live.applyPlane(plane, [active]);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    const input = reasoning.inputs.at(-1) as ReasoningInput;
    const observation = ObservationSchema.parse(input.observation);
    expect(observation.windows.map((w) => w.window)).toEqual([0]);
    expect(observation.windows.at(-1)?.metrics).toEqual(input.currentMetrics);
    expect(observation.baselineMetrics).toEqual(input.baselineMetrics);
    expect(observation.controlPlane).toEqual(plane);
    expect(observation.activeActions.map((a) => [a.recordId, a.action.type])).toEqual([
      ['backoff-1@T0:executed', 'implement_backoff'],
    ]);
    expect(JSON.stringify(observation)).not.toContain('issuerHealth');
  });

  it('keeps one sight per window, the newest, and at most the last twelve windows', async () => {
    const reasoning = recordingReasoning();
    const lab = new LabState(fakeLabDeps({ reasoning }).deps);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    lab.live.setScenario(HEALTHY_SCENARIO);
    await lab.live.settled();
    expect(lab.live.observedWindows.map((w) => w.window)).toEqual([0]);
    expect(lab.live.observedWindows[0]?.metrics).toEqual(lab.live.current);
    for (let cycle = 1; cycle <= MAX_OBSERVED_WINDOWS + 2; cycle++) {
      lab.live.cycle = cycle;
      lab.live.refresh();
      await lab.live.settled();
    }
    const windows = reasoning.inputs.at(-1)?.observation?.windows ?? [];
    expect(windows.map((w) => w.window)).toEqual(
      Array.from({ length: MAX_OBSERVED_WINDOWS }, (_, i) => i + 3),
    );
  });
});

describe('terms in the page', () => {
  it('lets an action whose term ended lapse back after a cycle, and stores the expiry', async () => {
    const { deps, history } = fakeLabDeps();
    const lab = new LabState(deps);
    lab.live.setScenario(HEALTHY_SCENARIO);
    await lab.live.settled();
    const { active, plane } = backoffInForce();
    lab.live.applyPlane(plane, [{ ...active, appliedWindow: 0, expiresWindow: 1 }]);
    await lab.live.settled();
    await expect(lab.cycles.runCycle()).resolves.toBe('done');
    expect(lab.live.activeActions).toEqual([]);
    expect(lab.live.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    const expiry = history.records.find((r) => r.note?.startsWith('Expired'));
    expect(expiry?.status).toBe('rolled_back');
    expect(expiry?.decision.selectedAction.id).toBe('backoff-1');
  });

  it('keeps an action whose term runs on', async () => {
    const { deps, history } = fakeLabDeps();
    const lab = new LabState(deps);
    lab.live.setScenario(HEALTHY_SCENARIO);
    await lab.live.settled();
    const { active, plane } = backoffInForce();
    lab.live.applyPlane(plane, [{ ...active, appliedWindow: 0, expiresWindow: 2 }]);
    await lab.live.settled();
    await lab.cycles.runCycle();
    expect(lab.live.activeActions).toHaveLength(1);
    expect(history.records.some((r) => r.note?.startsWith('Expired'))).toBe(false);
  });
});

describe("terms on the clock's windows", () => {
  it('lapses by the window the clock stepped to, not by the cycles run', async () => {
    const { deps } = fakeLabDeps();
    const lab = new LabState(deps);
    lab.live.setClockWindow(20);
    lab.live.setScenario(HEALTHY_SCENARIO);
    await lab.live.settled();
    const { active, plane } = backoffInForce();
    // Applied at window 11 with a ten-window term: over once the plane leads into window 21.
    lab.live.applyPlane(plane, [{ ...active, appliedWindow: 11, expiresWindow: 21 }]);
    await lab.live.settled();
    expect(lab.live.cycle).toBe(0);
    await expect(lab.cycles.runCycle()).resolves.toBe('done');
    expect(lab.live.activeActions).toEqual([]);
  });

  it('gives an action taken at a clock window a term from the next one, as the agent sees it', async () => {
    const reasoning = recordingReasoning();
    const lab = new LabState(fakeLabDeps({ reasoning }).deps);
    lab.live.setClockWindow(20);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    const end = await lab.cycles.runCycle();
    if (end === 'needs-approval') await lab.cycles.approve();
    const [taken] = lab.live.activeActions;
    expect(taken?.appliedWindow).toBe(21);
    expect(taken?.expiresWindow).toBe(51);
    await lab.live.settled();
    const seen = reasoning.inputs.at(-1)?.observation;
    expect(seen?.windows.at(-1)?.window).toBe(20);
    expect(seen?.activeActions[0]?.expiresWindow).toBe(51);
  });
});
