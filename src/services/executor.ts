import type {
  ActionOutcome,
  ActionProposal,
  ControlPlane,
  Decision,
  ExecutionResult,
  HumanApproval,
  LearningRecord,
  MetricsSnapshot,
  PatternType,
  SafetyLimits,
  Scenario,
  SimulationRequest,
} from '../contracts';
import { PatternTypeSchema } from '../contracts';
import {
  applyAction,
  assessDecision,
  canaryVerdict,
  isControlPlaneChange,
  judgeOutcome,
} from '../domain/execution';
import { leanSnapshot } from '../domain/learning';

/** An executed control-plane change that is still in force and can be rolled back. */
export interface ActiveAction {
  action: ActionProposal;
  pattern: PatternType;
  /** The live control plane just before this action was applied. */
  planeBefore: ControlPlane;
  appliedAt: number;
  /** The audit record of the decision that applied it. */
  recordId: string;
  decision: Decision;
}

/** What the executor needs from the outside world; injected so Node tests can run it directly. */
export interface ExecutorDeps {
  /** Simulates windows (the simulator worker in the page, the domain model in tests). */
  simulateMany(requests: SimulationRequest[]): Promise<MetricsSnapshot[]>;
  /** Stores one audit record. */
  record(record: LearningRecord): Promise<void>;
  /** Wall-clock time in ms since the epoch, stamped on outcomes and records. */
  now(): number;
  /** A monotonic clock in ms for executionTimeMs. */
  elapsed(): number;
}

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
  cycle?: number;
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
  /** The audit record stored, or null when the decision was too malformed to record. */
  record: LearningRecord | null;
  /** True when a human approval would let the action through (only approval rules failed). */
  approvable: boolean;
}

/** The seed of the window after `seed`, wrapping at 2^32. */
export function nextWindowSeed(seed: number): number {
  return (seed + 1) % 0x1_0000_0000;
}

/**
 * Runs one decision through the guardrails and, when approved, carries it out in simulation: the
 * same window with and without the action (a paired counterfactual on one seed), plus the next live
 * window for a canary verdict against the previous one. An action that made things significantly
 * worse is rolled back at once. Every decision, executed or not, is stored as an audit record.
 */
export async function executeDecision(
  input: ExecuteInput,
  deps: ExecutorDeps,
): Promise<ExecuteReport> {
  const started = deps.elapsed();
  const activeControlChanges = input.activeActions.length;
  const assessment = assessDecision({
    decision: input.decision,
    controlPlane: input.controlPlane,
    activeActionCount: activeControlChanges,
    limits: input.limits,
    ...(input.humanApproval ? { humanApproval: input.humanApproval } : {}),
  });
  const { safetyCheck, decision } = assessment;
  const actionId = decision?.selectedAction.id ?? 'unparsable-decision';
  const now = deps.now();

  if (!safetyCheck.isApproved || !decision || !assessment.resultingControlPlane) {
    const blockReason = safetyCheck.blockReason ?? 'The decision was not approved.';
    const waitsForHuman =
      input.deferApproval === true && assessment.approvable && !input.humanApproval;
    const record =
      decision && !waitsForHuman
        ? buildRecord(decision, {
            id: recordId(
              decision,
              now,
              input.humanApproval?.approved === false ? 'rejected' : 'blocked',
            ),
            recordedAt: now,
            status: input.humanApproval?.approved === false ? 'rejected' : 'blocked',
            safetyCheck,
            cycle: input.cycle,
            scenarioId: input.scenario.id,
          })
        : null;
    if (record) await deps.record(record);
    return {
      result: { actionId, safetyCheck, executed: false, blockReason },
      controlPlane: input.controlPlane,
      activeActions: [...input.activeActions],
      record,
      approvable: assessment.approvable,
    };
  }

  const action = decision.selectedAction;
  const planeAfter = assessment.resultingControlPlane;
  const nextScenario = { ...input.scenario, seed: nextWindowSeed(input.scenario.seed) };
  const [withoutAction, withAction, nextLive] = await deps.simulateMany([
    { scenario: input.scenario, controlPlane: input.controlPlane, timestamp: now },
    { scenario: input.scenario, controlPlane: planeAfter, timestamp: now },
    { scenario: nextScenario, controlPlane: planeAfter, timestamp: now },
  ]);
  if (!withoutAction || !withAction || !nextLive) {
    throw new Error('The simulator answered fewer windows than asked for.');
  }

  const judgement = judgeOutcome({
    estimatedImpact: action.estimatedImpact,
    withoutAction,
    withAction,
  });
  const canary = canaryVerdict(input.baselineMetrics, nextLive);
  // The paired counterfactual is the action's own effect; the canary also sees the world moving,
  // so a failing canary only triggers a rollback when the action itself did not help either.
  const rollbackTriggered =
    judgement.significantlyWorse ||
    (canary.verdict === 'fail' && judgement.improvementAchieved < 0);
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
    executionTimeMs: Math.max(0, deps.elapsed() - started),
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
    safetyCheck,
    outcome,
    cycle: input.cycle,
    scenarioId: input.scenario.id,
    note: rollbackTriggered
      ? `Rolled back automatically: success ${signedPoints(judgement.improvementAchieved)}, canary ${canary.verdict}.`
      : undefined,
  });
  await deps.record(record);

  const keep = !rollbackTriggered && isControlPlaneChange(action.type);
  const activeActions = keep
    ? [
        ...input.activeActions,
        {
          action,
          pattern,
          planeBefore: input.controlPlane,
          appliedAt: now,
          recordId: record.id,
          decision,
        },
      ]
    : [...input.activeActions];

  return {
    result: { actionId: action.id, safetyCheck, executed: true, outcome },
    controlPlane: rollbackTriggered ? input.controlPlane : planeAfter,
    activeActions,
    record,
    approvable: false,
  };
}

/** The live state after rolling one active action back by hand. */
export interface RollbackReport {
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  record: LearningRecord;
  /** Later actions that could no longer be applied once this one was gone, and were dropped. */
  dropped: ActiveAction[];
}

/**
 * Rolls one active action back by hand: the control plane is rebuilt from the plane before it,
 * re-applying the actions taken after it. An action marked irreversible needs an approval.
 */
export async function rollbackAction(
  actionId: string,
  input: { activeActions: readonly ActiveAction[]; approved: boolean; cycle?: number },
  deps: Pick<ExecutorDeps, 'record' | 'now'>,
): Promise<RollbackReport> {
  const index = input.activeActions.findIndex((a) => a.action.id === actionId);
  const target = input.activeActions[index];
  if (!target) throw new Error(`No active action ${actionId} to roll back.`);
  if (!target.action.reversible && !input.approved) {
    throw new Error(
      `${target.action.type} is marked irreversible: rolling it back needs an approval.`,
    );
  }
  let plane = target.planeBefore;
  const kept: ActiveAction[] = input.activeActions.slice(0, index);
  const dropped: ActiveAction[] = [];
  for (const later of input.activeActions.slice(index + 1)) {
    try {
      const before = plane;
      plane = applyAction(plane, later.action);
      kept.push({ ...later, planeBefore: before });
    } catch {
      dropped.push(later);
    }
  }
  const now = deps.now();
  const record = buildRecord(target.decision, {
    id: `${target.recordId}-rollback-${now}`,
    recordedAt: now,
    status: 'rolled_back',
    cycle: input.cycle,
    note: `Rolled back by hand${dropped.length > 0 ? `; ${dropped.length} later action(s) no longer applied and were dropped` : ''}.`,
  });
  await deps.record(record);
  return { controlPlane: plane, activeActions: kept, record, dropped };
}

function buildRecord(
  decision: Decision,
  fields: Omit<
    LearningRecord,
    'decision' | 'pattern' | 'actionType' | 'cycle' | 'scenarioId' | 'note'
  > & {
    cycle?: number | undefined;
    scenarioId?: string | undefined;
    note?: string | undefined;
  },
): LearningRecord {
  const { cycle, scenarioId, note, ...rest } = fields;
  return {
    ...rest,
    pattern: patternOf(decision),
    actionType: decision.selectedAction.type,
    decision,
    ...(cycle === undefined ? {} : { cycle }),
    ...(scenarioId === undefined ? {} : { scenarioId }),
    ...(note === undefined ? {} : { note }),
  };
}

function patternOf(decision: Decision): PatternType {
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
