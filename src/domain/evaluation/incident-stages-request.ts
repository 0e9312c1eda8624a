/**
 * Staged work named by ids, so it can cross a worker boundary: a preset script's id and the ids
 * of the policies to run. Unknown names are refused with the names that are known.
 */
import { IncidentStagesRequestSchema, parseContract, type IncidentStageRow } from '../../contracts';
import { PRESET_SCRIPTS, presetScript } from '../scenarios/preset-scripts';
import { scoreScript, type StagedPolicy } from './incident-stages';
import { STAGED_POLICIES } from './incident-stages-policies';

/** Parses a staged request and scores it against the given policies (the default set if none). */
export function scoreStagedRequest(
  request: unknown,
  available: readonly StagedPolicy[] = STAGED_POLICIES,
): IncidentStageRow[] {
  const checked = parseContract(IncidentStagesRequestSchema, request, 'staged incident request');
  const script = presetScript(checked.scriptId);
  if (!script) {
    throw new RangeError(
      `unknown incident script ${checked.scriptId}; known: ${PRESET_SCRIPTS.map((s) => s.id).join(', ')}`,
    );
  }
  const policies = checked.policies.map((id) => {
    const policy = available.find((p) => p.id === id);
    if (!policy) {
      throw new RangeError(
        `no staged policy ${id}; available: ${available.map((p) => p.id).join(', ')}`,
      );
    }
    return policy;
  });
  return scoreScript(script, policies, checked.seed);
}
