import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type ControlPlane, type Scenario } from '../../../../src/contracts';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0, plane, scenario } from './fixtures';

/** The default retry policy with hard declines retried or not. */
function retrying(hard: boolean | undefined): ControlPlane {
  const retryPolicy = { ...DEFAULT_CONTROL_PLANE.retryPolicy };
  if (hard !== undefined) retryPolicy.retryHardDeclines = hard;
  return plane({ retryPolicy });
}

const run = (s: Scenario, p: ControlPlane) => simulateWindow({ ...s, trafficVolume: 6000 }, p, T0);

// Issuers decline a third of payments (INSUFFICIENT_FUNDS, DO_NOT_HONOR): hard declines.
const declining = scenario({ issuerDeclineRate: 0.3 });
// The processor fails attempts softly (timeouts, unavailable): retries can still succeed.
const softFaults = scenario({ processorHealth: 0.7 });

describe('a retry policy that stops retrying hard declines', () => {
  it('retries hard declines by default, as before', () => {
    const declined = run(declining, retrying(undefined));
    const baseline = run(scenario(), retrying(undefined));
    expect(declined.totalRetries).toBeGreaterThan(baseline.totalRetries + 1000);
    expect(run(declining, retrying(true))).toEqual(declined);
  });

  it('sends no retry for a hard decline: retries fall to those of a world without declines', () => {
    const declined = run(declining, retrying(false));
    const withoutDeclines = run(scenario(), retrying(false));
    // The same payments fail softly in both worlds; the declined ones add no retry at all.
    expect(declined.totalRetries).toBe(withoutDeclines.totalRetries);
    expect(run(declining, retrying(true)).totalRetries).toBeGreaterThan(declined.totalRetries);
    expect(declined.successRate).toBeLessThan(withoutDeclines.successRate - 0.2);
  });

  it('keeps retrying soft failures', () => {
    const soft = run(softFaults, retrying(false)).totalRetries;
    const healthy = run(scenario(), retrying(false)).totalRetries;
    const all = run(softFaults, retrying(true)).totalRetries;
    expect(soft).toBeGreaterThan(healthy + 1000);
    // Only the issuers' few base-rate declines stop retrying; the soft failures' retries stay.
    expect(soft).toBeLessThan(all);
    expect(soft).toBeGreaterThan(0.95 * all);
  });
});
