/**
 * The small oracle of the staged incident scores: at every window it tries each candidate
 * control plane on the same seed and the same carried world, keeps the one that completes the
 * most payments, and carries that world on. It knows nothing a policy does not, except hindsight:
 * it may switch planes freely from window to window, with no guardrail on how far.
 */
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  ISSUER_IDS,
  type ActionType,
  type ControlPlane,
  type IncidentScript,
  type MetricsSnapshot,
} from '../../contracts';
import { applyAction } from '../execution/actions';
import { stepScript } from './incident-stages-run';
import type { FaultPlace } from './incident-stages-truth';

/** Shares of an issuer (or of every issuer) the oracle may move off the primary route. */
const ORACLE_SHARES = [0.5, 1] as const;

/**
 * The oracle's candidate planes: the defaults; every issuer half or wholly on the backup
 * processor; backoff on; retries cut to one; and each issuer half or wholly on its backup. In
 * hindsight the oracle knows where the fault sits, so when it names issuer routes only those
 * issuers' shifts are tried (the others cannot gain), which halves its work on a route fault.
 */
export function oraclePlanes(places: readonly FaultPlace[] = []): ControlPlane[] {
  const named = places.flatMap((p) => (p.kind === 'route' ? [p.issuerId] : []));
  const issuers = named.length > 0 ? ISSUER_IDS.filter((id) => named.includes(id)) : ISSUER_IDS;
  const planes: ControlPlane[] = [DEFAULT_CONTROL_PLANE];
  const on = (type: ActionType, parameters: Record<string, unknown>) =>
    applyAction(DEFAULT_CONTROL_PLANE, { type, parameters });
  for (const share of ORACLE_SHARES) {
    planes.push(
      on('failover_processor', { fromRoute: 'primary', toRoute: 'backup', percentage: share }),
    );
    for (const issuerId of issuers) {
      planes.push(
        on('shift_traffic', {
          issuerId,
          fromRoute: 'primary',
          toRoute: 'backup',
          percentage: share,
        }),
      );
    }
  }
  planes.push(on('implement_backoff', {}));
  planes.push(on('adjust_retry_policy', { maxRetries: 1, multiplier: 1 }));
  return planes;
}

/** Payments a window completed. */
export function completed(snapshot: MetricsSnapshot): number {
  return snapshot.successRate * snapshot.totalTransactions;
}

/** Windows after the fault clears that the oracle still searches: a storm can outlive its trigger. */
export const ORACLE_AFTERMATH = 3;

/**
 * The oracle's run through the script: per window the candidate plane that completes the most
 * payments from the world the oracle has carried so far (the defaults on a tie, then the first).
 * Before the fault starts, and once it has been clear for ORACLE_AFTERMATH windows, it keeps the
 * defaults, where nothing is to be gained.
 */
export function runOracleIncident(
  script: IncidentScript,
  seed: number,
  span: { start: number; clear: number | null; places?: readonly FaultPlace[] },
  planes: readonly ControlPlane[] = oraclePlanes(span.places),
): MetricsSnapshot[] {
  let state = INITIAL_WORLD_STATE;
  const out: MetricsSnapshot[] = [];
  const settled = span.clear === null ? script.windows : span.clear + ORACLE_AFTERMATH;
  for (let w = 0; w < script.windows; w++) {
    const tried = w < span.start || w >= settled ? planes.slice(0, 1) : planes;
    let best: ReturnType<typeof stepScript> | null = null;
    for (const plane of tried) {
      const step = stepScript(script, seed, w, plane, state);
      if (best === null || completed(step.snapshot) > completed(best.snapshot)) best = step;
    }
    // `tried` always holds the defaults, so a best exists.
    state = best!.state;
    out.push(best!.snapshot);
  }
  return out;
}
