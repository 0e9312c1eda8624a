import type { ActionOutcome, Decision, MetricsSnapshot } from '../../../src/contracts';

/** The seeds' example current window (contract 1), filled out to a whole snapshot. */
export function seedCurrentMetrics(): MetricsSnapshot {
  return {
    timestamp: 1769883960810,
    successRate: 0.832,
    latency: { p50: 505, p95: 776, p99: 2131 },
    totalTransactions: 6000,
    totalRetries: 420,
    retryRatio: 0.0654,
    errorBreakdown: [
      { code: 'TIMEOUT', count: 540, percentage: 0.09 },
      { code: 'PAYMENT_FAILED', count: 468, percentage: 0.078 },
    ],
    issuerMetrics: [
      {
        issuerId: 'visa',
        issuerName: 'Visa',
        successRate: 0.81,
        latency: { p50: 520, p95: 790, p99: 2200 },
        transactionCount: 2700,
        errorCount: 513,
        retryCount: 190,
      },
      {
        issuerId: 'amex',
        issuerName: 'American Express',
        successRate: 0.86,
        latency: { p50: 480, p95: 750, p99: 2000 },
        transactionCount: 720,
        errorCount: 101,
        retryCount: 50,
      },
    ],
  };
}

/** The seeds' healthy baseline (98.97 % success in the seeds' example output). */
export function seedBaselineMetrics(): MetricsSnapshot {
  return {
    ...seedCurrentMetrics(),
    successRate: 0.9897,
    latency: { p50: 180, p95: 320, p99: 550 },
    totalRetries: 60,
    retryRatio: 0.0099,
    errorBreakdown: [{ code: 'PAYMENT_FAILED', count: 62, percentage: 0.0103 }],
  };
}

/** The seeds' example decision (contract 2): notify, 72 % confidence, approval required. */
export function seedDecision(): Decision {
  return {
    selectedAction: {
      id: 'action_send_notification_1769883960900',
      category: 'alerting',
      type: 'send_notification',
      description: 'Notify the on-call team about the success-rate drop',
      parameters: { channel: 'on_call', severity: 'critical' },
      estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.05 },
      prerequisites: ['on-call rota reachable'],
      reversible: true,
    },
    rejectedActions: [
      {
        actionId: 'action_shift_traffic_1769883960900',
        reason: 'Hypothesis confidence too low to move traffic',
        comparedToSelected: 'score 0.41 vs 0.58',
      },
    ],
    score: 0.58,
    requiresHumanApproval: true,
    approvalReasons: ['Novel situation: no past outcome for this pattern'],
    confidenceInDecision: 0.72,
    decidedAt: 1769883960900,
  };
}

/** The seeds' example approved execution (contract 3): shift_traffic, 83.2 % → 84.8 %. */
export function seedOutcome(): ActionOutcome {
  return {
    actionId: 'action_shift_traffic_1769883961000',
    executedAt: 1769883961000,
    status: 'success',
    baselineMetrics: seedCurrentMetrics(),
    currentMetrics: { ...seedCurrentMetrics(), successRate: 0.848 },
    improvementAchieved: 0.016,
    metExpectations: true,
    rollbackTriggered: false,
    confidenceAdjustment: 0.1,
    executionTimeMs: 412,
  };
}
