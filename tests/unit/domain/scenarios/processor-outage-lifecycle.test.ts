import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  INITIAL_WORLD_STATE,
  type ActionParameters,
  type ActionType,
  type ControlPlane,
  type MetricsSnapshot,
  type SafetyLimits,
  type WorldState,
} from '../../../../src/contracts';
import {
  completeExecution,
  lapseExpired,
  planExecution,
  type ActiveAction,
  type ExecuteReport,
} from '../../../../src/domain/execution';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { simulateWindow, stepWindow, windowSeed } from '../../../../src/domain/simulation';
import { scenarioAt } from '../../../../src/domain/simulation/script';
import { makeDecision, T0 } from '../../support/factories';

const SCRIPT = presetScript('processor_retry_storm');
const MINUTE = 60_000;

/** A hand-written decision for window `t`: what the agent would propose there. */
type Plan = Record<number, { type: ActionType; parameters: (live: Live) => ActionParameters }>;

interface Live {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  state: WorldState;
  windows: MetricsSnapshot[];
  reports: ExecuteReport[];
}

/**
 * Steps the processor outage script window by window, carrying the world, and runs each planned
 * decision through the executor core on the live plane (its three windows simulated on the
 * window's scenario), then lets expired terms lapse.
 */
function runOutage(plan: Plan, limits: SafetyLimits = DEFAULT_SAFETY_LIMITS): Live {
  if (!SCRIPT) throw new Error('the processor outage script is missing');
  const live: Live = {
    controlPlane: DEFAULT_CONTROL_PLANE,
    activeActions: [],
    state: INITIAL_WORLD_STATE,
    windows: [],
    reports: [],
  };
  for (let t = 0; t < SCRIPT.windows; t++) {
    const scenario = { ...scenarioAt(SCRIPT, t), seed: windowSeed(42, t) };
    const now = T0 + t * MINUTE;
    const step = stepWindow({
      scenario,
      controlPlane: live.controlPlane,
      state: live.state,
      timestamp: now,
    });
    live.state = step.state;
    live.windows.push(step.snapshot);
    const planned = plan[t];
    if (planned) {
      const decision = makeDecision({
        type: planned.type,
        parameters: planned.parameters(live),
        confidence: 0.85,
        riskLevel: 0.2,
        pattern: 'processor_outage',
        decidedAt: now,
      });
      const execution = planExecution(
        {
          decision,
          baselineMetrics: step.snapshot,
          scenario,
          controlPlane: live.controlPlane,
          activeActions: live.activeActions,
          limits,
          cycle: t,
        },
        now,
      );
      const windows = execution.requests.map((r) =>
        simulateWindow(r.scenario, r.controlPlane, r.timestamp),
      );
      const report = completeExecution(execution, windows, 1);
      live.reports.push(report);
      live.controlPlane = report.controlPlane;
      live.activeActions = report.activeActions;
    }
    const lapse = lapseExpired(
      {
        controlPlane: live.controlPlane,
        activeActions: live.activeActions,
        cycle: t,
        options: { probeShare: 0.05 },
      },
      { now, window: t },
    );
    live.controlPlane = lapse.controlPlane;
    live.activeActions = lapse.activeActions;
  }
  return live;
}

const failover = (percentage: number) => ({
  type: 'failover_processor' as const,
  parameters: () => ({ fromRoute: 'primary', toRoute: 'backup', percentage }),
});
/** Unwinds the action in force that is `index` from the newest (0: the newest). */
const unwind = (fraction: number, index = 0) => ({
  type: 'unwind_action' as const,
  parameters: (live: Live) => ({
    actionRecordId: live.activeActions.at(-1 - index)?.recordId ?? 'none',
    fraction,
  }),
});

describe('a processor outage, failed over and unwound', () => {
  it('fails over during the fault, then unwinds in steps to the default plane once the fault cleared', () => {
    const live = runOutage({ 6: failover(0.5), 14: unwind(0.5), 16: unwind(1) });
    expect(live.reports.map((r) => r.record?.note ?? 'applied')).toEqual([
      'applied',
      expect.stringMatching(/^Unwound in part: failover_processor of record /),
      expect.stringMatching(/^Unwound fully: failover_processor of record /),
    ]);
    // During the fault the failover helps, against the same world without it.
    const unaided = runOutage({});
    const during = (l: Live) => (l.windows[9] as MetricsSnapshot).successRate;
    expect(during(live)).toBeGreaterThan(during(unaided) + 0.05);
    // After the fault cleared and the unwinds: the default plane, nothing in force.
    expect(live.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(live.activeActions).toEqual([]);
    // Back within a point of the healthy windows before the fault; without the failover the
    // retry storm the outage provoked is still raging then.
    const success = (l: Live, t: number) => (l.windows[t] as MetricsSnapshot).successRate;
    expect(success(live, 20)).toBeGreaterThan(success(live, 3) - 0.01);
    expect(success(unaided, 20)).toBeLessThan(success(live, 20) - 0.5);
  });

  it('rolls back a second failover that would push nearly everything onto the backup', () => {
    const live = runOutage({ 6: failover(0.5), 7: failover(0.45) });
    expect(live.reports[1]?.result.outcome?.rollbackTriggered).toBe(true);
    expect(live.activeActions).toHaveLength(1);
    expect(live.controlPlane.routing.visa.primary).toBeCloseTo(0.5, 12);
  });

  it('lapses back to the default plane by itself when nobody unwinds or renews the failover', () => {
    const limits = { ...DEFAULT_SAFETY_LIMITS, actionTermWindows: 10 };
    const live = runOutage({ 6: failover(0.5) }, limits);
    expect(live.reports[0]?.result.executed).toBe(true);
    expect(live.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(live.activeActions).toEqual([]);
  });

  it('stays failed over while the failover is in force', () => {
    const live = runOutage({ 6: failover(0.5) });
    expect(live.controlPlane.routing.visa.primary).toBeCloseTo(0.5, 12);
    expect(live.activeActions.map((a) => a.expiresWindow)).toEqual([36]);
  });
});
