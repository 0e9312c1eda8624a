import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  type WorldState,
} from '../../../src/contracts';
import { projectedPlane } from '../../../src/domain/execution';
import { effectiveLimits } from '../../../src/domain/execution';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { stepWindow } from '../../../src/domain/simulation';
import { windowRequests } from '../../../src/domain/timeline';
import { LabState } from '../../../src/state/lab.svelte';
import { domainWorld, fakeLabDeps } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('What-if on a stepped window', () => {
  it('steps every row from the state the window was stepped from, so doing nothing changes nothing', async () => {
    const fakes = fakeLabDeps({ world: domainWorld });
    const lab = new LabState(fakes.deps);
    lab.live.refresh();
    await lab.live.settled();
    lab.playback.begin(presetScript('processor_retry_storm')!);
    for (let i = 0; i < 9; i++) await lab.playback.step();
    await lab.live.settled();

    // The state window 8 was stepped from: windows 0–7 of the same run on the default plane.
    const clock = lab.playback.clock!;
    let state: WorldState = INITIAL_WORLD_STATE;
    for (let w = 0; w < 8; w++) {
      state = stepWindow({
        ...windowRequests(clock, w, DEFAULT_CONTROL_PLANE).actual,
        state,
      }).state;
    }
    const request = windowRequests(clock, 8, DEFAULT_CONTROL_PLANE).actual;
    const current = stepWindow({ ...request, state }).snapshot;
    expect(lab.live.current).toEqual(current);

    const rows = lab.live.whatIf.filter((row) => row.simulated !== null);
    expect(rows.length).toBeGreaterThan(1);
    const probeShare = effectiveLimits(fakes.deps.settings.limits).probeShare;
    for (const row of rows) {
      const plane = projectedPlane(DEFAULT_CONTROL_PLANE, row.proposal, [], { probeShare });
      const after = stepWindow({ ...request, controlPlane: plane, state }).snapshot;
      expect(row.simulated!.successRateChange).toBeCloseTo(
        after.successRate - current.successRate,
        12,
      );
      if (JSON.stringify(plane) === JSON.stringify(DEFAULT_CONTROL_PLANE)) {
        expect(row.simulated!.successRateChange).toBe(0);
      }
    }
    expect(rows.some((row) => row.proposal.type === 'do_nothing')).toBe(true);
  });
});
