/**
 * The executor's logic, free of effects: a decision goes through the guardrails, an approved one
 * asks for three simulated windows, and the windows decide the outcome, the rollback and the audit
 * record. The page (async worker calls) and the evaluation (synchronous simulation) both run it;
 * time and elapsed time come in as arguments.
 */
import {
  PatternTypeSchema,
  type ActionOutcome,
  type ControlPlane,
  type Decision,
  type ExecutionResult,
  type HumanApproval,
  type LearningRecord,
  type MetricsSnapshot,
  type PatternType,
  type SafetyLimits,
  type Scenario,
  type SimulationRequest,
} from '../../contracts';
import { leanSnapshot } from '../learning/lean-snapshot';
import { assessDecision, type GuardrailAssessment } from '../safety/check';
import { shouldRollBack } from '../safety/rollback';
import { effectiveLimits } from '../safety/limits';
import type { ActiveAction } from './active-action';
import { lifecycleNote, nextActiveActions, planeWithoutDecision, termOf } from './lifecycle';
import { canaryVerdict, judgeOutcome } from './judge';

export type { ActiveAction } from './active-action';

/** The executor's input: the decision and the live world it would change. */
export interface ExecuteInput {
  /** The decision as it came from the reasoning engine (parsed again by the guardrails). */
  decision: unknown;
  /** The live window before the action: the canary compares the next window with it. */
  baselineMetrics: MetricsSnapshot;
  scenario: Scenario;
  controlPlane: ControlPlane;
  activeActions: readonly ActiveAction[];
  limits: SafetyLimits;
  humanApproval?: HumanApproval;
  /** The cycle the decision is taken in (its records say it); terms run by it without `window`. */
  cycle?: number;
  /**
   * The clock's window an action taken now is first in force in, when the lab's clock runs: its
   * term then runs in the windows the agent sees rather than in cycles.
   */
  window?: number;
  /** The seed the decision's exploration drew from, kept in the record's inputs for a replay. */
  explorationSeed?: number;
  /**
   * When only a human approval is missing, store nothing yet: the decision waits for the human,
   * and the record is written with their answer (executed or rejected).
   */
  deferApproval?: boolean;
}

/** The executor's answer plus the new live state it implies. */
export interface ExecuteReport {
  result: ExecutionResult;
  /** The live control plane after execution (unchanged when blocked or rolled back). */
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  /** The audit record to store, or null when the decision was too malformed to record. */
  record: LearningRecord | null;
  /** True when a human approval would let the action through (only approval rules failed). */
  approvable: boolean;
}

/** What planExecution decided: either a finished report, or windows to simulate first. */
export interface ExecutionPlan {
  input: ExecuteInput;
  /** Wall-clock time stamped on the outcome and the record. */
  now: number;
  assessment: GuardrailAssessment;
  /**
   * Windows to simulate, in order: the window without the action, the same window with it, and
   * the next live window with it (for the canary). Empty when the decision does not run.
   */
  requests: SimulationRequest[];
  /** The report of a decision that does not run; null when the windows are needed. */
  report: ExecuteReport | null;
}

/** The seed of the window after `seed`, wrapping at 2^32. */
export function nextWindowSeed(seed: number): number {
  return (seed + 1) % 0x1_0000_0000;
}

/**
 * Runs the guardrails on a decision. A decision that does not run gets its report (a blocked or
 * rejected record, or none while it waits for a human); an approved one gets the three windows to
 * simulate: the same window with and without the action (a paired counterfactual on one seed),
 * plus the next live window for the canary.
 */
export function planExecution(input: ExecuteInput, now: number): ExecutionPlan {
  const assessment = assessDecision({
    decision: input.decision,
    controlPlane: input.controlPlane,
    activeActionCount: input.activeActions.length,
    activeActions: input.activeActions,
    limits: input.limits,
    ...(input.humanApproval ? { humanApproval: input.humanApproval } : {}),
  });
  const { safetyCheck, decision } = assessment;
  const planeAfter = assessment.resultingControlPlane;
  if (safetyCheck.isApproved && decision && planeAfter) {
    const nextScenario = { ...input.scenario, seed: nextWindowSeed(input.scenario.seed) };
    const requests: SimulationRequest[] = [
      {
        scenario: input.scenario,
        controlPlane: planeWithoutDecision(input, assessment),
        timestamp: now,
      },
      { scenario: input.scenario, controlPlane: planeAfter, timestamp: now },
      { scenario: nextScenario, controlPlane: planeAfter, timestamp: now },
    ];
    return { input, now, assessment, requests, report: null };
  }
  const blockReason = safetyCheck.blockReason ?? 'The decision was not approved.';
  const waitsForHuman =
    input.deferApproval === true && assessment.approvable && !input.humanApproval;
  const status = input.humanApproval?.approved === false ? 'rejected' : 'blocked';
  const record =
    decision && !waitsForHuman
      ? buildRecord(decision, {
          id: recordId(decision, now, status),
          recordedAt: now,
          status,
          safetyCheck,
          cycle: input.cycle,
          scenarioId: input.scenario.id,
          inputs: recordInputsOf(input),
        })
      : null;
  const report: ExecuteReport = {
    result: {
      actionId: decision?.selectedAction.id ?? 'unparsable-decision',
      safetyCheck,
      executed: false,
      blockReason,
    },
    controlPlane: input.controlPlane,
    activeActions: [...input.activeActions],
    record,
    approvable: assessment.approvable,
  };
  return { input, now, assessment, requests: [], report };
}

/**
 * Finishes an approved decision from its simulated windows (in the order of plan.requests): judges
 * the action's own effect, reads the canary, rolls back at once what the rollback policy says, and
 * builds the outcome and the audit record. `elapsedMs` is the time the execution took.
 */
export function completeExecution(
  plan: ExecutionPlan,
  windows: readonly MetricsSnapshot[],
  elapsedMs: number,
): ExecuteReport {
  if (plan.report) return plan.report;
  const { input, now, assessment } = plan;
  const decision = assessment.decision;
  const planeAfter = assessment.resultingControlPlane;
  const [withoutAction, withAction, nextLive] = windows;
  if (!decision || !planeAfter) throw new Error('An approved plan lost its decision.');
  if (!withoutAction || !withAction || !nextLive) {
    throw new Error('The simulator answered fewer windows than asked for.');
  }
  const action = decision.selectedAction;
  const judgement = judgeOutcome({
    estimatedImpact: action.estimatedImpact,
    withoutAction,
    withAction,
  });
  const canary = canaryVerdict(input.baselineMetrics, nextLive);
  const rollbackTriggered = shouldRollBack(judgement, canary);
  const pattern = patternOf(decision);

  const outcome: ActionOutcome = {
    actionId: action.id,
    executedAt: now,
    status: judgement.status,
    // Stored for good: the headline figures, not the per-route breakdowns of the live view.
    baselineMetrics: leanSnapshot(withoutAction),
    currentMetrics: leanSnapshot(withAction),
    improvementAchieved: judgement.improvementAchieved,
    metExpectations: judgement.metExpectations,
    rollbackTriggered,
    confidenceAdjustment: judgement.confidenceAdjustment,
    executionTimeMs: Math.max(0, elapsedMs),
    actionType: action.type,
    pattern,
    estimatedImpact: action.estimatedImpact,
    latencyChangeMs: judgement.latencyChangeMs,
    ...(judgement.costChange === null ? {} : { costChange: judgement.costChange }),
    canary,
  };
  const record = buildRecord(decision, {
    id: recordId(decision, now, 'executed'),
    recordedAt: now,
    status: rollbackTriggered ? 'rolled_back' : 'executed',
    safetyCheck: assessment.safetyCheck,
    outcome,
    cycle: input.cycle,
    scenarioId: input.scenario.id,
    inputs: recordInputsOf(input),
    note: rollbackTriggered
      ? `Rolled back automatically: success ${signedPoints(judgement.improvementAchieved)}, canary ${canary.verdict}.`
      : lifecycleNote(assessment),
  });

  const activeActions = rollbackTriggered
    ? [...input.activeActions]
    : nextActiveActions(input, assessment, {
        action,
        pattern,
        planeBefore: input.controlPlane,
        appliedAt: now,
        recordId: record.id,
        decision,
        ...termOf(
          now,
          input.window ?? input.cycle,
          effectiveLimits(input.limits).actionTermWindows,
        ),
      });
  return {
    result: { actionId: action.id, safetyCheck: assessment.safetyCheck, executed: true, outcome },
    controlPlane: rollbackTriggered ? input.controlPlane : planeAfter,
    activeActions,
    record,
    approvable: false,
  };
}

/** Fields of an audit record besides those every record derives from its decision. */
export type RecordFields = Omit<
  LearningRecord,
  'decision' | 'pattern' | 'actionType' | 'cycle' | 'scenarioId' | 'note' | 'inputs'
> & {
  cycle?: number | undefined;
  inputs?: LearningRecord['inputs'] | undefined;
  scenarioId?: string | undefined;
  note?: string | undefined;
};

/** What a record keeps of the cycle it came from, so that a replay can simulate it again. */
function recordInputsOf(input: ExecuteInput): NonNullable<LearningRecord['inputs']> {
  return {
    scenario: input.scenario,
    controlPlane: input.controlPlane,
    ...(input.explorationSeed === undefined ? {} : { explorationSeed: input.explorationSeed }),
  };
}

/** An audit record of a decision, leaving out the optional fields that are not set. */
export function buildRecord(decision: Decision, fields: RecordFields): LearningRecord {
  const { cycle, scenarioId, note, inputs, ...rest } = fields;
  return {
    ...rest,
    pattern: patternOf(decision),
    actionType: decision.selectedAction.type,
    decision,
    ...(cycle === undefined ? {} : { cycle }),
    ...(scenarioId === undefined ? {} : { scenarioId }),
    ...(note === undefined ? {} : { note }),
    ...(inputs === undefined ? {} : { inputs }),
  };
}

/** The decision's pattern, or `noise` when it names none the contract knows. */
export function patternOf(decision: Decision): PatternType {
  const parsed = PatternTypeSchema.safeParse(decision.pattern);
  return parsed.success ? parsed.data : 'noise';
}

/** Record ids are unique per decision, time and verdict, so an approval after a block is new. */
function recordId(decision: Decision, now: number, verdict: string): string {
  return `${decision.selectedAction.id}@${now}:${verdict}`;
}

function signedPoints(change: number): string {
  const points = change * 100;
  return `${points >= 0 ? '+' : ''}${points.toFixed(1)} pt`;
}
