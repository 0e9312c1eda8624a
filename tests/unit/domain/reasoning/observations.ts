import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  type ActiveActionView,
  type ControlPlane,
  type LearningContext,
  type MetricsSnapshot,
  type ReasoningInput,
  type SafetyLimits,
} from '../../../../src/contracts';
import { makeSnapshot, withIssuers, type IssuerSpec } from './snapshots';

/** Error shares of a healthy issuer in the hand-made snapshots. */
export const HEALTHY_ERRORS = {
  PAYMENT_FAILED: 0.004,
  INSUFFICIENT_FUNDS: 0.003,
  DO_NOT_HONOR: 0.003,
};

/** Visa failing on its primary route (timeouts, unavailable), as in visaRouteDegraded. */
export function visaDown(successRate = 0.84): IssuerSpec {
  const lost = 0.99 - successRate;
  return {
    id: 'visa',
    share: 0.45,
    successRate,
    p99: 1400,
    retryRatio: 0.04,
    errors: { ...HEALTHY_ERRORS, TIMEOUT: lost * 0.6, ISSUER_UNAVAILABLE: lost * 0.4 },
  };
}

/**
 * Visa down on primary while half of Mastercard already runs on the backup: the backup reports
 * `backupLoad` (none when undefined) and succeeds `backupSuccess` for Mastercard.
 */
export function visaDownBackupBusy(
  backupLoad: number | undefined,
  backupSuccess = 0.99,
  mastercardBackupShare = 0.5,
): MetricsSnapshot {
  const mcSuccess = (1 - mastercardBackupShare) * 0.99 + mastercardBackupShare * backupSuccess;
  return makeSnapshot({
    issuers: withIssuers(visaDown(), {
      id: 'mastercard',
      successRate: mcSuccess,
      routes: [
        { routeId: 'primary', share: 1 - mastercardBackupShare, successRate: 0.99 },
        { routeId: 'backup', share: mastercardBackupShare, successRate: backupSuccess, p99: 650 },
      ],
    }),
    ...(backupLoad === undefined ? {} : { routeLoad: { backup: backupLoad } }),
  });
}

/** Visa with `primaryShare` of its traffic on the primary (succeeding `primarySuccess`), the rest on the backup. */
export function visaSplit(primaryShare: number, primarySuccess: number, backupSuccess = 0.99) {
  const successRate = primaryShare * primarySuccess + (1 - primaryShare) * backupSuccess;
  return makeSnapshot({
    issuers: withIssuers({
      id: 'visa',
      successRate,
      routes: [
        { routeId: 'primary', share: primaryShare, successRate: primarySuccess, p99: 550 },
        { routeId: 'backup', share: 1 - primaryShare, successRate: backupSuccess, p99: 700 },
      ],
    }),
  });
}

/** A control plane with some issuers' routing changed. */
export function planeWith(routing: Partial<ControlPlane['routing']>): ControlPlane {
  const plane = structuredClone(DEFAULT_CONTROL_PLANE);
  Object.assign(plane.routing, routing);
  return plane;
}

/** A shift in force, as the audit log shows it. */
export function activeShift(
  recordId: string,
  issuerId: string,
  percentage: number,
  from: 'primary' | 'backup' = 'primary',
): ActiveActionView {
  const to = from === 'primary' ? 'backup' : 'primary';
  return {
    recordId,
    pattern: 'issuer_degradation',
    appliedAt: 1_700_000_000_000,
    reason: `${issuerId} failed on ${from}`,
    action: {
      id: `action_${recordId}`,
      category: 'traffic_routing',
      type: 'shift_traffic',
      description: `move ${percentage * 100}% of ${issuerId} from ${from} to ${to}`,
      parameters: { issuerId, fromRoute: from, toRoute: to, percentage },
      estimatedImpact: {
        successRateChange: 0.02,
        latencyImpact: 0,
        costImpact: 0.05,
        riskLevel: 0.3,
      },
      prerequisites: [],
      reversible: true,
    },
  };
}

/** A reasoning input built from an observation of `windows` (oldest first, last current). */
export function observe(
  windows: readonly MetricsSnapshot[],
  options: {
    baseline?: MetricsSnapshot;
    controlPlane?: ControlPlane;
    activeActions?: ActiveActionView[];
    limits?: SafetyLimits;
    learningContext?: LearningContext;
    explorationSeed?: number;
  } = {},
): ReasoningInput {
  return {
    observation: {
      windows: windows.map((metrics, window) => ({ window, metrics })),
      baselineMetrics: options.baseline ?? makeSnapshot(),
      controlPlane: options.controlPlane ?? structuredClone(DEFAULT_CONTROL_PLANE),
      activeActions: options.activeActions ?? [],
    },
    learningContext: options.learningContext ?? EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now: 1_700_000_060_000,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.explorationSeed !== undefined ? { explorationSeed: options.explorationSeed } : {}),
  };
}
