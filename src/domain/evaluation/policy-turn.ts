/**
 * One policy on one case (a situation on a decision seed): the policy sees the Observation of the
 * warm-up windows, its Decision goes through the lab's executor core (guardrails with a simulated
 * operator's approval, paired counterfactual, canary, rollback), and what is in force afterwards
 * is scored on the oracle's seeds against the oracle's best.
 */
import {
  DEFAULT_SAFETY_LIMITS,
  type CaseResult,
  type LearningRecord,
  type MetricsSnapshot,
  type PatternType,
  type PolicyId,
  type ReasoningResult,
  type SimulationRequest,
  type SituationSet,
} from '../../contracts';
import { completeExecution, planExecution } from '../execution/executor-core';
import { makePolicy, type AgentPolicyOptions } from '../policies';
import { Random } from '../random';
import { simulateWindow } from '../simulation';
import { decisionWindow, observationOf, warmRun, type WarmRun } from './case-world';
import { agreement, rankingOf, scorePlane, type MultiSeedOracle } from './oracle-multi-seed';
import { evaluatedAction, operatorApproval, type CandidateAction } from './oracle';
import { hypothesisNamesCause, inRemedyFamily } from './scoring';

/** Stream of the draws a policy is given (the random baseline, the router's exploration). */
export const POLICY_STREAM = 0x706f6c;

const DO_NOTHING: CandidateAction = { type: 'do_nothing', parameters: {} };

/** Policies' indices in the draw streams, so each policy's draws are its own. */
const POLICY_INDEX: Record<PolicyId, number> = {
  agent: 0,
  do_nothing: 1,
  random: 2,
  static_rule: 3,
  sr_router: 4,
};

/** The confidence a lifted gate reads: the highest a decision may state. */
const LIFTED_CONFIDENCE = 0.99;

/** A window the executor core asks for: the decision window from the run's memo, others anew. */
function executorWindow(run: WarmRun, request: SimulationRequest): MetricsSnapshot {
  if (request.scenario.seed === run.decisionScenario.seed)
    return decisionWindow(run, request.controlPlane);
  return simulateWindow(request.scenario, request.controlPlane, request.timestamp);
}

/**
 * Scores policy `policyId` on one decision seed of the oracle's situation; `onRecord` hears the
 * audit record the lab would store (a learning run feeds it back). With `gate: 'lifted'` the
 * guardrails read the decision as confident as a decision may be, so the confidence minimum (a hard limit no
 * setting can lower) lets every pick through while every other limit still holds: a calibration
 * fit sees what each pick does; the case keeps the confidence the policy stated.
 */
export function policyTurn(
  policyId: PolicyId,
  oracle: MultiSeedOracle,
  set: SituationSet,
  seed: number,
  agentOptions: AgentPolicyOptions = {},
  run: WarmRun = warmRun(oracle.situation, seed),
  onRecord?: (record: LearningRecord) => void,
  gate: 'enforced' | 'lifted' = 'enforced',
): CaseResult {
  const { situation } = oracle;
  let reasoning: ReasoningResult | null = null;
  const policy = makePolicy(policyId, {
    ...agentOptions,
    onReasoning: (r) => {
      reasoning = r;
    },
  });
  const random = new Random(seed, POLICY_STREAM + POLICY_INDEX[policyId]);
  const now = run.decisionTimestamp;
  const observation = observationOf(run);
  const current = run.windows[run.windows.length - 1] as MetricsSnapshot;
  const decision = policy.decide({
    observation,
    limits: DEFAULT_SAFETY_LIMITS,
    now,
    random: () => random.next(),
  });
  const plan = planExecution(
    {
      decision:
        gate === 'lifted' ? { ...decision, confidenceInDecision: LIFTED_CONFIDENCE } : decision,
      baselineMetrics: current,
      scenario: run.decisionScenario,
      controlPlane: run.plane,
      activeActions: [],
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: operatorApproval(now),
    },
    now,
  );
  const report = completeExecution(
    plan,
    plan.requests.map((r) => executorWindow(run, r)),
    0,
  );
  if (report.record !== null) onRecord?.(report.record);
  const selected = decision.selectedAction;
  const chosen: CandidateAction = { type: selected.type, parameters: selected.parameters };
  const blocked =
    !plan.assessment.safetyCheck.isApproved || plan.assessment.resultingControlPlane === null;
  const rolledBack = report.result.outcome?.rollbackTriggered === true;
  const inForce = report.controlPlane;
  const executed = blocked || rolledBack ? DO_NOTHING : chosen;
  const score = scorePlane(oracle, executed.type, inForce);
  const best = oracle.best;
  const agrees = agreement(oracle, executed);
  const r = reasoning as ReasoningResult | null;
  const recognised: PatternType = r?.patterns[0]?.type ?? 'noise';
  const planeChanged = JSON.stringify(inForce) !== JSON.stringify(run.plane);
  const impact = (s: typeof score) => ({
    successRateChange: Math.max(-1, Math.min(1, s.terms.success / 100)),
    latencyChangeMs: 0,
    costChange: 0,
    risk: Math.min(1, Math.max(0, -s.terms.risk / 2)),
    objective: s.mean,
    terms: s.terms,
  });
  return {
    situationId: situation.id,
    seed,
    truePattern: situation.truth.pattern,
    recognisedPattern: recognised,
    patternCorrect: recognised === situation.truth.pattern,
    hypothesisCorrect: r ? hypothesisNamesCause(r, situation.truth) : false,
    agentAction: evaluatedAction(chosen),
    executedAction: evaluatedAction(executed),
    agentImpact: impact(score),
    oracleAction: evaluatedAction(best.action),
    oracleImpact: impact(best),
    agreesWithOracle: agrees.exact,
    remedyCorrect: inRemedyFamily(executed, situation),
    regret: Math.max(0, best.mean - score.mean),
    falseAlarm:
      situation.kind === 'healthy'
        ? policyId === 'agent'
          ? selected.type !== 'do_nothing' || (r?.anomalies.length ?? 0) > 0
          : planeChanged
        : null,
    blocked,
    blockReason: blocked ? (report.result.blockReason ?? 'not approved') : null,
    confidence: decision.confidenceInDecision,
    anomalyCount: r?.anomalies.length ?? 0,
    candidatesSimulated: oracle.candidates.length,
    policy: policyId,
    set,
    exactAgreement: agrees.exact,
    familyAgreement: agrees.family,
    ranking: rankingOf(oracle),
    changedPlane: situation.kind === 'healthy' ? planeChanged : null,
    outcomeMet: report.result.outcome?.metExpectations ?? null,
  };
}
