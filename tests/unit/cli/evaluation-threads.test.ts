import { describe, expect, it } from 'vitest';
import type { IncidentStagesRequest, PolicyId } from '../../../src/contracts';
import { runEvaluationInThreads, ThreadJobSchema } from '../../../src/cli/evaluation-threads';
import { defaultSituations, evaluationUnits, runUnit } from '../../../src/domain/evaluation';
import { scoreIncidents } from '../../../src/domain/evaluation/incident-stages';
import { STAGED_POLICIES } from '../../../src/domain/evaluation/incident-stages-policies';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';

const POLICIES: PolicyId[] = ['agent', 'static_rule'];
const SCRIPTS = ['slow_burn', 'flapping_route', 'backup_fails_after_failover'];

describe('evaluation thread pool', () => {
  it('scores the cases and the staged table in two threads exactly as one thread does', async () => {
    const situations = defaultSituations().filter((s) =>
      ['healthy', 'visa-severe', 'ho-low-volume-visa'].includes(s.id),
    );
    const units = evaluationUnits({ seeds: 2, oracleSeeds: 2, policies: POLICIES, situations });
    const requests: IncidentStagesRequest[] = SCRIPTS.map((scriptId) => ({
      scriptId,
      policies: POLICIES,
      seed: 3,
    }));
    const pooled = await runEvaluationInThreads(units, requests, 2);
    const sequential = scoreIncidents({
      scripts: SCRIPTS.map((id) => presetScript(id)!),
      policies: STAGED_POLICIES.filter((p) => POLICIES.includes(p.id)),
      seed: 3,
    });
    expect(pooled.incidents).toHaveLength(SCRIPTS.length * POLICIES.length);
    expect(pooled.incidents.map((r) => `${r.scriptId}:${r.policy}`)).toEqual(
      sequential.map((r) => `${r.scriptId}:${r.policy}`),
    );
    expect(pooled.incidents).toEqual(sequential);
    expect(pooled.results).toEqual(units.flatMap((u) => runUnit(u)));
  }, 120_000);

  it('refuses a job of an unknown kind or a staged request without policies, naming the field', () => {
    expect(ThreadJobSchema.safeParse({ kind: 'curve' }).success).toBe(false);
    const bad = ThreadJobSchema.safeParse({
      kind: 'stages',
      request: { scriptId: 'slow_burn', policies: [], seed: 1 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['request', 'policies']);
  });
});
