import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  HEALTHY_SCENARIO,
  ISSUER_IDS,
  type ActionParameters,
  type ActionType,
  type SafetyLimits,
} from '../../../../src/contracts';
import {
  completeExecution,
  lapsedPlane,
  planExecution,
  type ActiveAction,
  type ExecuteInput,
} from '../../../../src/domain/execution';
import { makeDecision, makeSnapshot, T0 } from '../../support/factories';
import { FUZZ_RUNS } from '../../support/fuzz-runs';

/** A routing move the agent may take: a shift of one issuer, or a failover of every issuer. */
const move = fc.oneof(
  fc.record({
    type: fc.constant<ActionType>('shift_traffic'),
    parameters: fc.record({
      issuerId: fc.constantFrom(...ISSUER_IDS),
      fromRoute: fc.constant('primary'),
      toRoute: fc.constant('backup'),
      percentage: fc.integer({ min: 1, max: 50 }).map((p) => p / 100),
    }),
  }),
  fc.record({
    type: fc.constant<ActionType>('failover_processor'),
    parameters: fc.record({
      fromRoute: fc.constant('primary'),
      toRoute: fc.constant('backup'),
      percentage: fc.integer({ min: 1, max: 50 }).map((p) => p / 100),
    }),
  }),
);

interface Live {
  controlPlane: ExecuteInput['controlPlane'];
  activeActions: ActiveAction[];
}

/** One decision through the executor core, every window answered alike (nothing rolls back). */
function run(
  live: Live,
  action: { type: ActionType; parameters: ActionParameters },
  window: number,
  limits: SafetyLimits,
) {
  const at = T0 + window * 60_000;
  const input: ExecuteInput = {
    decision: makeDecision({ ...action, confidence: 0.8, riskLevel: 0.2, decidedAt: at }),
    baselineMetrics: makeSnapshot({ successRate: 0.9 }),
    scenario: HEALTHY_SCENARIO,
    controlPlane: live.controlPlane,
    activeActions: live.activeActions,
    limits,
    cycle: window,
    window,
  };
  const plan = planExecution(input, at);
  const snapshot = makeSnapshot({ successRate: 0.9 });
  const report = completeExecution(
    plan,
    plan.requests.length > 0 ? [snapshot, snapshot, snapshot] : [],
    1,
  );
  return { plan, report };
}

describe('renewing an action in force', () => {
  it('moves no traffic, keeps every action and its place, and restarts only its own term', () => {
    fc.assert(
      fc.property(
        fc.array(move, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: 0, max: 20 }).map((p) => p / 100),
        fc.integer({ min: 1, max: 40 }),
        (moves, pick, probeShare, term) => {
          const limits = { ...DEFAULT_SAFETY_LIMITS, probeShare, actionTermWindows: term };
          let live: Live = {
            controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
            activeActions: [],
          };
          moves.forEach((m, i) => {
            const { report } = run(live, m, i, limits);
            live = { controlPlane: report.controlPlane, activeActions: report.activeActions };
          });
          fc.pre(live.activeActions.length > 0);
          const target = live.activeActions[pick % live.activeActions.length]!;
          const window = moves.length + 5;
          const { plan, report } = run(live, target.action, window, limits);
          expect(plan.assessment.renews?.recordId).toBe(target.recordId);
          expect(report.result.executed).toBe(true);
          expect(report.controlPlane).toEqual(live.controlPlane);
          // Judged against the plane its lapse would leave, not the plane it keeps.
          expect(plan.requests[0]?.controlPlane).toEqual(
            lapsedPlane(live.controlPlane, live.activeActions, target, { probeShare }),
          );
          expect(report.activeActions.map((a) => a.recordId)).toEqual(
            live.activeActions.map((a) => a.recordId),
          );
          for (const [i, after] of report.activeActions.entries()) {
            const before = live.activeActions[i]!;
            expect(after.expiresWindow).toBe(
              before.recordId === target.recordId ? window + term : before.expiresWindow,
            );
            expect(after.appliedWindow).toBe(before.appliedWindow);
          }
        },
      ),
      { numRuns: Math.min(FUZZ_RUNS, 300) },
    );
  });
});
