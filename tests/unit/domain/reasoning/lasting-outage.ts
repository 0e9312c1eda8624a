/** What the agent sees in a lasting processor outage once it failed over down to the probe share. */
import {
  DEFAULT_CONTROL_PLANE,
  type ActiveActionView,
  type ControlPlane,
  type NoticeView,
  type ReasoningInput,
} from '../../../../src/contracts';
import { runFixed } from '../../../../src/domain/evaluation/incident-stages-run';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { observe } from './observations';

const LASTING = presetScript('lasting_processor_outage')!;

/** Every issuer with only the 5 % probe share left on the failing primary. */
export function probeOnly(): ControlPlane {
  const plane = structuredClone(DEFAULT_CONTROL_PLANE);
  for (const id of Object.keys(plane.routing) as (keyof ControlPlane['routing'])[])
    plane.routing[id] = { primary: 0.05, backup: 0.95 };
  return plane;
}

/** The two failovers that left the probe share, as the audit log shows them. */
export function failovers(): ActiveActionView[] {
  return [0.5, 0.45].map((percentage, i) => ({
    recordId: `rec-failover-${i}`,
    pattern: 'processor_outage',
    appliedAt: 1_700_000_000_000,
    reason: 'the primary processor fails',
    action: {
      id: `action_failover_${i}`,
      category: 'traffic_routing',
      type: 'failover_processor',
      description: 'Fail over',
      parameters: { fromRoute: 'primary', toRoute: 'backup', percentage },
      estimatedImpact: { successRateChange: 0.05, latencyImpact: 0, costImpact: 0, riskLevel: 0.3 },
      prerequisites: [],
      reversible: true,
    },
  }));
}

/** Window 13 of the lasting outage with the failovers in force: the last four windows. */
export function onTheProbe(
  notices: NoticeView[] = [],
  activeActions = failovers(),
): ReasoningInput {
  const plane = probeOnly();
  const windows = runFixed(LASTING, 1, plane).slice(10, 14);
  const baseline = runFixed({ ...LASTING, events: [] }, 1, DEFAULT_CONTROL_PLANE)[13]!;
  const input = observe(windows, { baseline, controlPlane: plane, activeActions });
  return { ...input, observation: { ...input.observation!, notices } };
}
