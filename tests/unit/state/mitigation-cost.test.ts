import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type ControlPlane } from '../../../src/contracts';
import { simulateWindow } from '../../../src/domain/simulation';
import { MitigationCost } from '../../../src/state/mitigation-cost.svelte';
import { fakeSimulator, visaOutage } from './fakes';

const T = 1_700_000_000_000;
const visaOnBackup: ControlPlane = {
  ...DEFAULT_CONTROL_PLANE,
  routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
};

describe('MitigationCost', () => {
  it('prices a shift against the same window on the default plane', async () => {
    const cost = new MitigationCost(fakeSimulator());
    const current = simulateWindow(visaOutage, visaOnBackup, T);
    const byDefault = simulateWindow(visaOutage, DEFAULT_CONTROL_PLANE, T);
    cost.update(visaOutage, visaOnBackup, current);
    await cost.settled();
    expect(cost.figures).not.toBeNull();
    expect(cost.figures!.successRateChange).toBeCloseTo(
      current.successRate - byDefault.successRate,
      12,
    );
    // Dearer attempts on the backup, but fewer retries against a weak primary: the net is measured.
    expect(cost.figures!.costChange).toBeCloseTo(
      current.costPerTransaction! / byDefault.costPerTransaction! - 1,
      12,
    );
    expect(cost.figures!.costChange).not.toBe(0);
    expect(cost.figures!.p99ChangeMs).toBe(current.latency.p99 - byDefault.latency.p99);
    expect(cost.figures!.successRateChange).toBeGreaterThan(0);
    expect(cost.problem).toBeNull();
  });

  it('has nothing to price on the default plane, notifications aside', async () => {
    const simulator = fakeSimulator();
    const cost = new MitigationCost(simulator);
    const plane = { ...DEFAULT_CONTROL_PLANE, notificationsSent: 2 };
    cost.update(visaOutage, plane, simulateWindow(visaOutage, plane, T));
    await cost.settled();
    expect(cost.figures).toBeNull();
  });

  it('says so when the default plane cannot be simulated', async () => {
    const cost = new MitigationCost({
      simulateMany: () => Promise.reject(new Error('worker gone')),
    });
    cost.update(visaOutage, visaOnBackup, simulateWindow(visaOutage, visaOnBackup, T));
    await cost.settled();
    expect(cost.problem).toMatch(/could not be simulated.*worker gone/);
  });
});
