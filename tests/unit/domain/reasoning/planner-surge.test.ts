import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  type ActiveActionView,
  type ControlPlane,
  type IncidentScript,
} from '../../../../src/contracts';
import { runFixed } from '../../../../src/domain/evaluation/incident-stages-run';
import { reason } from '../../../../src/domain/reasoning';
import { overloadedByVolume, paymentLoad } from '../../../../src/domain/reasoning/headroom';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { observe } from './observations';

/** Traffic jumps from 6,000 to `volume` payments per window at window 2 and stays there. */
function surge(volume: number): IncidentScript {
  return {
    id: `surge_${volume}`,
    label: 'Surge',
    description: `Traffic at ${volume} payments per window from window 2.`,
    windows: 8,
    events: [{ at: 2, fault: 'trafficVolume', kind: 'set', value: volume }],
  };
}

/** What the agent sees at window `at` of `script` run on `plane` throughout. */
function seenAt(
  script: IncidentScript,
  at: number,
  plane: ControlPlane = DEFAULT_CONTROL_PLANE,
  activeActions: ActiveActionView[] = [],
) {
  const windows = runFixed(script, 1, plane).slice(0, at + 1);
  const baseline = runFixed({ ...script, events: [] }, 1, DEFAULT_CONTROL_PLANE)[at]!;
  return {
    windows,
    baseline,
    input: observe(windows.slice(-3), { baseline, controlPlane: plane, activeActions }),
  };
}

const DAMPERS = ['adjust_retry_policy', 'implement_backoff', 'rate_limit'];

describe('telling a surge from a retry storm by what fills the route', () => {
  it('reads the payments alone as filling the primary past capacity in a surge', () => {
    const { windows, baseline } = seenAt(surge(14_000), 4);
    const load = paymentLoad(windows[4]!, baseline, 'primary');
    // 14,000 payments on a route whose healthy window shows room for about 12,000 attempts.
    expect(load).toBeGreaterThan(1.05);
    expect(load).toBeLessThan(1.3);
    expect(overloadedByVolume(windows[4]!, baseline, 'primary')).toBe(true);
  });

  it('reads a retry storm’s overload as the retries’, not the payments’', () => {
    const storm = presetScript('processor_retry_storm')!;
    const { windows, baseline } = seenAt(storm, 5);
    expect(windows[5]!.routeMetrics!.find((r) => r.routeId === 'primary')!.load).toBeGreaterThan(
      1.5,
    );
    expect(paymentLoad(windows[5]!, baseline, 'primary')).toBeLessThan(0.6);
    expect(overloadedByVolume(windows[5]!, baseline, 'primary')).toBe(false);
  });

  it('has no idea without a healthy baseline figure for the route', () => {
    const { windows, baseline } = seenAt(surge(14_000), 4);
    // The backup carries nothing in a healthy window, so its capacity cannot be read there.
    expect(paymentLoad(windows[4]!, baseline, 'backup')).toBeNull();
  });
});

describe('the agent under a traffic surge', () => {
  it('damps no retries: they rescue payments and the volume overloads the route anyway', () => {
    for (const volume of [14_000, 30_000]) {
      const { proposals } = reason(seenAt(surge(volume), 4).input);
      expect(proposals.filter((p) => DAMPERS.includes(p.type))).toEqual([]);
    }
  });

  it('moves only the excess over the primary’s safe load, not the seeds’ full 50 %', () => {
    const { decision } = reason(seenAt(surge(14_000), 4).input);
    expect(decision.selectedAction.type).toBe('failover_processor');
    const p = decision.selectedAction.parameters.percentage as number;
    // About 1 − 0.8 / 1.17 of the traffic: enough to bring the primary back below 0.8.
    expect(p).toBeGreaterThanOrEqual(0.25);
    expect(p).toBeLessThanOrEqual(0.35);
  });

  it('still damps the retries of a storm on a weak route', () => {
    const { input } = seenAt(presetScript('processor_retry_storm')!, 5);
    expect(reason(input).proposals.some((p) => DAMPERS.includes(p.type))).toBe(true);
  });

  it('gives back only what an overloaded destination cannot carry', () => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    for (const id of Object.keys(plane.routing) as (keyof ControlPlane['routing'])[])
      plane.routing[id] = { primary: 0.5, backup: 0.5 };
    const failover: ActiveActionView = {
      recordId: 'rec-failover',
      pattern: 'processor_outage',
      appliedAt: 1_700_000_000_000,
      reason: 'primary overloaded',
      action: {
        id: 'action_rec-failover',
        category: 'traffic_routing',
        type: 'failover_processor',
        description: 'fail over half of every issuer',
        parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.5 },
        estimatedImpact: {
          successRateChange: 0.1,
          latencyImpact: 0,
          costImpact: 0,
          riskLevel: 0.4,
        },
        prerequisites: [],
        reversible: true,
      },
    };
    const { input, windows } = seenAt(surge(20_000), 4, plane, [failover]);
    // 10,000 payments on the 4,800-attempt backup: it is overloaded and fails more than the primary.
    expect(windows[4]!.routeMetrics!.find((r) => r.routeId === 'backup')!.load).toBeGreaterThan(1);
    const unwind = reason(input).proposals.find((p) => p.type === 'unwind_action');
    expect(unwind?.parameters.actionRecordId).toBe('rec-failover');
    expect(unwind?.parameters.fraction).toBeGreaterThan(0.1);
    expect(unwind?.parameters.fraction).toBeLessThan(1);
  });
});
