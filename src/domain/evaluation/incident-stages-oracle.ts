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
  type ControlPlane,
  type IncidentScript,
  type MetricsSnapshot,
} from '../../contracts';
import { applyAction } from '../execution/actions';
import { stepScript } from './incident-stages-run';

/** Shares of an issuer (or of every issuer) the oracle may move off the primary route. */
const ORACLE_SHARES = [0.5, 1] as const;

/**
 * The oracle's candidate planes: the defaults; each issuer half or wholly on its backup; every
 * issuer half or wholly on the backup processor; backoff on; retries cut to one.
 */
export function oraclePlanes(): ControlPlane[] {
  const planes: ControlPlane[] = [DEFAULT_CONTROL_PLANE];
  const on = (type: string, parameters: Record<string, unknown>) =>
    applyAction(DEFAULT_CONTROL_PLANE, { type: type as 'do_nothing', parameters });
  for (const share of ORACLE_SHARES) {
    for (const issuerId of ISSUER_IDS) {
      planes.push(
        on('shift_traffic', {
          issuerId,
          fromRoute: 'primary',
          toRoute: 'backup',
          percentage: share,
        }),
      );
    }
    planes.push(
      on('failover_processor', { fromRoute: 'primary', toRoute: 'backup', percentage: share }),
    );
  }
  planes.push(on('implement_backoff', {}));
  planes.push(on('adjust_retry_policy', { maxRetries: 1, multiplier: 1 }));
  return planes;
}

/** Payments a window completed. */
export function completed(snapshot: MetricsSnapshot): number {
  return snapshot.successRate * snapshot.totalTransactions;
}

/**
 * The oracle's run through the script: per window the candidate plane that completes the most
 * payments from the world the oracle has carried so far (the defaults on a tie, then the first).
 * Windows before the fault starts keep the defaults, where nothing is to be gained.
 */
export function runOracleIncident(
  script: IncidentScript,
  seed: number,
  start: number,
  planes: readonly ControlPlane[] = oraclePlanes(),
): MetricsSnapshot[] {
  let state = INITIAL_WORLD_STATE;
  const out: MetricsSnapshot[] = [];
  for (let w = 0; w < script.windows; w++) {
    const tried = w < start ? planes.slice(0, 1) : planes;
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
