import {
  ACTION_CATEGORY,
  type ActionOutcome,
  type ActionParameters,
  type ActionProposal,
  type ActionType,
  type Decision,
  type EstimatedImpact,
  type LearningRecord,
  type MetricsSnapshot,
  type PatternType,
  type RecordStatus,
} from '../../../src/contracts';

/** A fixed moment so that every factory output is the same from run to run. */
export const T0 = 1_769_883_960_000;

/** Overrides for makeSnapshot: the headline numbers most tests care about. */
export interface SnapshotOverrides {
  timestamp?: number;
  successRate?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  totalTransactions?: number;
  totalRetries?: number;
  costPerTransaction?: number;
}

/** A valid MetricsSnapshot of a 6,000-payment window (seed example shape), adjustable. */
export function makeSnapshot(overrides: SnapshotOverrides = {}): MetricsSnapshot {
  const total = overrides.totalTransactions ?? 6000;
  const successRate = overrides.successRate ?? 0.99;
  const failed = Math.round(total * (1 - successRate));
  const retries = overrides.totalRetries ?? Math.round(failed * 0.5);
  const p50 = overrides.p50 ?? 180;
  const p95 = Math.max(p50, overrides.p95 ?? 320);
  const p99 = Math.max(p95, overrides.p99 ?? 550);
  const snapshot: MetricsSnapshot = {
    timestamp: overrides.timestamp ?? T0,
    successRate,
    latency: { p50, p95, p99 },
    totalTransactions: total,
    totalRetries: retries,
    retryRatio: total + retries === 0 ? 0 : retries / (total + retries),
    errorBreakdown:
      failed > 0 && total > 0
        ? [{ code: 'TIMEOUT', count: failed, percentage: failed / total }]
        : [],
    issuerMetrics: [
      {
        issuerId: 'visa',
        issuerName: 'Visa',
        successRate,
        latency: { p50, p95, p99 },
        transactionCount: Math.round(total * 0.45),
        errorCount: Math.round(failed * 0.45),
        retryCount: Math.round(retries * 0.45),
      },
    ],
  };
  if (overrides.costPerTransaction !== undefined) {
    snapshot.costPerTransaction = overrides.costPerTransaction;
  }
  return snapshot;
}

/** Typical valid parameters for each action type (within the default limits). */
export const VALID_PARAMETERS: Readonly<Record<ActionType, ActionParameters>> = {
  shift_traffic: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.25 },
  failover_processor: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.25 },
  unwind_action: { actionRecordId: 'record-1', fraction: 1 },
  disable_route: { issuerId: 'visa', routeId: 'primary' },
  adjust_retry_policy: { maxRetries: 2, multiplier: 1.5 },
  implement_backoff: { enabled: true },
  adjust_timeout: { timeoutMs: 1500 },
  rate_limit: { attemptsPerPayment: 2 },
  send_notification: { channel: 'on_call', severity: 'warning' },
  do_nothing: {},
};

/** Overrides for makeDecision. */
export interface DecisionOverrides {
  type?: ActionType;
  parameters?: ActionParameters;
  confidence?: number;
  riskLevel?: number;
  successRateChange?: number;
  reversible?: boolean;
  requiresHumanApproval?: boolean;
  approvalReasons?: string[];
  decidedAt?: number;
  pattern?: PatternType;
  id?: string;
}

/** A valid ActionProposal of the given type with typical parameters. */
export function makeProposal(overrides: DecisionOverrides = {}): ActionProposal {
  const type = overrides.type ?? 'shift_traffic';
  const impact: EstimatedImpact = {
    successRateChange: overrides.successRateChange ?? 0.02,
    latencyImpact: -50,
    costImpact: 0.05,
    riskLevel: overrides.riskLevel ?? 0.3,
  };
  return {
    id: overrides.id ?? `action_${type}_${overrides.decidedAt ?? T0}`,
    category: ACTION_CATEGORY[type],
    type,
    description: `Test proposal: ${type}`,
    parameters: overrides.parameters ?? { ...VALID_PARAMETERS[type] },
    estimatedImpact: impact,
    prerequisites: [],
    reversible: overrides.reversible ?? true,
  };
}

/** A valid Decision that passes the default guardrails unless overridden. */
export function makeDecision(overrides: DecisionOverrides = {}): Decision {
  const decision: Decision = {
    selectedAction: makeProposal(overrides),
    rejectedActions: [],
    score: 0.6,
    requiresHumanApproval: overrides.requiresHumanApproval ?? false,
    approvalReasons: overrides.approvalReasons ?? [],
    confidenceInDecision: overrides.confidence ?? 0.8,
    decidedAt: overrides.decidedAt ?? T0,
  };
  if (overrides.pattern) decision.pattern = overrides.pattern;
  return decision;
}

/** Overrides for makeOutcome. */
export interface OutcomeOverrides {
  actionId?: string;
  executedAt?: number;
  status?: ActionOutcome['status'];
  improvementAchieved?: number;
  metExpectations?: boolean;
  rollbackTriggered?: boolean;
  confidenceAdjustment?: number;
  estimatedSuccessRateChange?: number;
}

/** A valid ActionOutcome whose snapshots differ by the improvement achieved. */
export function makeOutcome(overrides: OutcomeOverrides = {}): ActionOutcome {
  const executedAt = overrides.executedAt ?? T0;
  const improvement = overrides.improvementAchieved ?? 0.016;
  const before = 0.832;
  const after = Math.min(1, Math.max(0, before + improvement));
  const outcome: ActionOutcome = {
    actionId: overrides.actionId ?? `action_shift_traffic_${executedAt}`,
    executedAt,
    status: overrides.status ?? 'success',
    baselineMetrics: makeSnapshot({ timestamp: executedAt, successRate: before }),
    currentMetrics: makeSnapshot({ timestamp: executedAt, successRate: after }),
    improvementAchieved: improvement,
    metExpectations: overrides.metExpectations ?? true,
    rollbackTriggered: overrides.rollbackTriggered ?? false,
    confidenceAdjustment: overrides.confidenceAdjustment ?? 0.1,
    executionTimeMs: 3.5,
  };
  if (overrides.estimatedSuccessRateChange !== undefined) {
    outcome.estimatedImpact = {
      successRateChange: overrides.estimatedSuccessRateChange,
      latencyImpact: 0,
      costImpact: 0,
      riskLevel: 0.2,
    };
  }
  return outcome;
}

/** Overrides for makeRecord. */
export interface RecordOverrides extends OutcomeOverrides {
  id?: string;
  recordedAt?: number;
  recordStatus?: RecordStatus;
  pattern?: PatternType;
  actionType?: ActionType;
  /** Estimated success-rate change of the decision. */
  estimate?: number;
  withOutcome?: boolean;
  note?: string;
}

/** A valid LearningRecord; executed (with an outcome) unless told otherwise. */
export function makeRecord(overrides: RecordOverrides = {}): LearningRecord {
  const recordedAt = overrides.recordedAt ?? T0;
  const status = overrides.recordStatus ?? 'executed';
  const actionType = overrides.actionType ?? 'shift_traffic';
  const pattern = overrides.pattern ?? 'issuer_degradation';
  const decision = makeDecision({
    type: actionType,
    decidedAt: recordedAt,
    pattern,
    ...(overrides.estimate === undefined ? {} : { successRateChange: overrides.estimate }),
  });
  const withOutcome = overrides.withOutcome ?? (status === 'executed' || status === 'rolled_back');
  const record: LearningRecord = {
    id: overrides.id ?? `record-${recordedAt}`,
    recordedAt,
    status,
    pattern,
    actionType,
    decision,
  };
  if (withOutcome) {
    record.outcome = makeOutcome({
      actionId: decision.selectedAction.id,
      executedAt: overrides.executedAt ?? recordedAt,
      ...overrides,
    });
  }
  if (overrides.note) record.note = overrides.note;
  return record;
}

/** `count` executed records one second apart, with ids record-0 … record-(count−1). */
export function makeRecords(count: number, start = T0): LearningRecord[] {
  return Array.from({ length: count }, (_, i) =>
    makeRecord({ id: `record-${i}`, recordedAt: start + i * 1000 }),
  );
}
