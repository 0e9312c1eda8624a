import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  ISSUER_IDS,
  type ControlPlane,
  type IssuerId,
  type IssuerMetrics,
  type MetricsSnapshot,
  type Scenario,
} from '../../../../src/contracts';

/** A fixed timestamp, so snapshots compare equal across runs. */
export const T0 = 1_767_225_600_000;

/** Every issuer's primary route at the same health, like the seeds' --degradation flag. */
export function allIssuers(health: number): Scenario['issuerHealth'] {
  return { visa: health, mastercard: health, amex: health, discover: health };
}

/** The healthy scenario with some fields changed. */
export function scenario(changes: Partial<Scenario> = {}): Scenario {
  return { ...HEALTHY_SCENARIO, issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth }, ...changes };
}

/** The default control plane with some fields changed. */
export function plane(changes: Partial<ControlPlane> = {}): ControlPlane {
  return { ...DEFAULT_CONTROL_PLANE, ...changes };
}

/** The default control plane with the listed issuers' traffic all on the backup route. */
export function onBackup(...issuers: IssuerId[]): ControlPlane {
  const routing = { ...DEFAULT_CONTROL_PLANE.routing };
  for (const issuer of issuers) routing[issuer] = { primary: 0, backup: 1 };
  return plane({ routing });
}

/** One issuer's metrics from a snapshot. */
export function issuer(snapshot: MetricsSnapshot, id: IssuerId): IssuerMetrics {
  const found = snapshot.issuerMetrics.find((m) => m.issuerId === id);
  if (!found) throw new Error(`no metrics for ${id}`);
  return found;
}

export { ISSUER_IDS };
