/**
 * The oracle: the best action in hindsight. For one situation and seed it simulates every action
 * of a fixed candidate set that the guardrails allow, on the same seed, and scores each simulated
 * impact with the decision's own weighting. The candidate set does not depend on the agent, and
 * the score uses the world's answer (the simulator), never the agent's estimates.
 */
import {
  ACTION_CATEGORY,
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  ISSUER_IDS,
  type ActionParameters,
  type ActionType,
  type ControlPlane,
  type Decision,
  type EvaluatedAction,
  type MetricsSnapshot,
  type ReasoningConfig,
  type Scenario,
  type SimulatedImpact,
} from '../../contracts';
import { assessDecision } from '../execution';
import {
  compositeScore,
  scoreParts,
  scoreScale,
  type ScoreScale,
} from '../reasoning/decision-score';
import { simulateWindow, simulatePair } from '../simulation';
import { situationScenario, type Situation } from './catalog';

/** The time stamped on every evaluated window and decision: the evaluation reads no clock. */
export const EVALUATION_EPOCH = 1_700_000_000_000;

/**
 * Risk of leaving a real fault alone. Doing nothing and notifying change the same nothing in the
 * world; in a fault, a human who knows is worth more than silence, so inaction carries this risk.
 * On a healthy window doing nothing is riskless.
 */
export const INACTION_RISK = 0.3;

/** An action as the oracle and the scoring apply it: type and typed parameters. */
export interface CandidateAction {
  type: ActionType;
  parameters: ActionParameters;
}

/**
 * The key that decides agreement: the action type plus its key target. Routing actions are keyed
 * by issuer and route (a 25 % and a 50 % shift of the same issuer off the same route agree: that
 * is tuning, not a different remedy); every other type by its type alone (a retry cap of 1 or 2,
 * a timeout of 3,000 or 4,000 ms are the same remedy).
 */
export function actionKey(action: CandidateAction): string {
  const p = action.parameters;
  switch (action.type) {
    case 'shift_traffic':
      return `shift_traffic:${String(p.issuerId)}:${String(p.fromRoute)}`;
    case 'disable_route':
      return `disable_route:${String(p.issuerId)}:${String(p.routeId)}`;
    default:
      return action.type;
  }
}

/**
 * The fixed risk of an action, the same for oracle and agent so that neither can talk its way to
 * a better score: the planner's base risks without the parts that depend on what it observed.
 */
export function actionRisk(action: CandidateAction, fault: boolean): number {
  switch (action.type) {
    case 'shift_traffic': {
      const p = typeof action.parameters.percentage === 'number' ? action.parameters.percentage : 1;
      return Math.min(1, 0.15 + 0.3 * p);
    }
    case 'failover_processor': {
      const p = typeof action.parameters.percentage === 'number' ? action.parameters.percentage : 1;
      return Math.min(1, 0.25 + 0.3 * p);
    }
    case 'unwind_action':
      return 0.1;
    case 'disable_route':
      return 0.8;
    case 'adjust_retry_policy':
      return 0.25;
    case 'implement_backoff':
      return 0.15;
    case 'adjust_timeout':
      return 0.3;
    case 'rate_limit':
      return 0.3;
    case 'send_notification':
      return 0.05;
    case 'do_nothing':
      return fault ? INACTION_RISK : 0;
  }
}

/** Shares of an issuer's traffic the candidate shifts move off a route. */
export const CANDIDATE_SHIFTS = [0.25, 0.5] as const;
/** Timeouts the candidate set tries, ms. */
export const CANDIDATE_TIMEOUTS = [3000, 5000] as const;

/**
 * The fixed candidate set on a control plane: per issuer 25 % and 50 % shifts primary→backup and
 * disabling the primary route; retry caps (1 retry at multiplier 1, 2 retries at multiplier 1);
 * backoff; three timeouts; a rate limit of 2 attempts; a notification; doing nothing. Candidates
 * the plane cannot take (more than the route carries) are left out here; the guardrails judge the
 * rest.
 */
export function candidateActions(plane: ControlPlane = DEFAULT_CONTROL_PLANE): CandidateAction[] {
  const out: CandidateAction[] = [];
  for (const issuerId of ISSUER_IDS) {
    const carried = plane.routing[issuerId].primary;
    for (const percentage of CANDIDATE_SHIFTS) {
      if (percentage > carried + 1e-9) continue;
      out.push({
        type: 'shift_traffic',
        parameters: { issuerId, fromRoute: 'primary', toRoute: 'backup', percentage },
      });
    }
    out.push({ type: 'disable_route', parameters: { issuerId, routeId: 'primary' } });
  }
  out.push(
    { type: 'adjust_retry_policy', parameters: { maxRetries: 1, multiplier: 1 } },
    { type: 'adjust_retry_policy', parameters: { maxRetries: 2, multiplier: 1 } },
    { type: 'implement_backoff', parameters: { enabled: true } },
    ...CANDIDATE_TIMEOUTS.map((timeoutMs) => ({
      type: 'adjust_timeout' as const,
      parameters: { timeoutMs },
    })),
    { type: 'rate_limit', parameters: { attemptsPerPayment: 2 } },
    { type: 'send_notification', parameters: { channel: 'on_call', severity: 'warning' } },
    { type: 'do_nothing', parameters: {} },
  );
  return out;
}

/** A Decision carrying one action, as certain as the engine may be, for the guardrails to judge. */
export function decisionFor(action: CandidateAction, risk: number, now: number): Decision {
  return {
    selectedAction: {
      id: `eval_${actionKey(action).replaceAll(':', '_')}`,
      category: ACTION_CATEGORY[action.type],
      type: action.type,
      description: `evaluation candidate ${actionKey(action)}`,
      parameters: action.parameters,
      estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: risk },
      prerequisites: [],
      reversible: action.type !== 'disable_route',
    },
    rejectedActions: [],
    score: 0.5,
    requiresHumanApproval: true,
    approvalReasons: ['evaluation: a simulated operator approves'],
    confidenceInDecision: 0.99,
    decidedAt: now,
  };
}

/** The simulated operator's answer: every decision that asks is approved. */
export function operatorApproval(now: number) {
  return { approved: true, by: 'evaluation operator', at: now };
}

/** One situation on one seed: the world as it is, and a memo of simulated control planes. */
export interface CaseWorld {
  situation: Situation;
  scenario: Scenario;
  plane: ControlPlane;
  baseline: MetricsSnapshot;
  /** The window without any action. */
  current: MetricsSnapshot;
  scale: ScoreScale;
  config: ReasoningConfig;
  fault: boolean;
  /** Simulated windows by control plane (JSON), so no plane is simulated twice. */
  memo: Map<string, MetricsSnapshot>;
}

/** Simulates a situation's baseline and current window on one seed and the default control plane. */
export function caseWorld(
  situation: Situation,
  seed: number,
  config: ReasoningConfig = DEFAULT_REASONING_CONFIG,
): CaseWorld {
  const scenario = situationScenario(situation, seed);
  const plane = DEFAULT_CONTROL_PLANE;
  const { baseline, current } = simulatePair(scenario, plane, EVALUATION_EPOCH);
  return {
    situation,
    scenario,
    plane,
    baseline,
    current,
    scale: scoreScale(current, baseline),
    config,
    fault: situation.kind === 'fault',
    memo: new Map([[JSON.stringify(plane), current]]),
  };
}

/** The objective of a simulated impact: the decision's weighted score (0–1). */
export function objectiveOf(
  impact: { successRateChange: number; latencyChangeMs: number; costChange: number; risk: number },
  world: Pick<CaseWorld, 'scale' | 'config'>,
): number {
  const parts = scoreParts(
    {
      estimatedImpact: {
        successRateChange: impact.successRateChange,
        latencyImpact: impact.latencyChangeMs,
        // A cheaper plane earns nothing extra, as in the decision: cost only ever counts against.
        costImpact: Math.min(1, Math.max(0, impact.costChange)),
        riskLevel: impact.risk,
      },
    },
    world.scale,
  );
  return compositeScore(parts, world.config);
}

/** The window of a control plane on the case's seed, simulated at most once. */
export function windowOf(world: CaseWorld, plane: ControlPlane): MetricsSnapshot {
  const key = JSON.stringify(plane);
  let snapshot = world.memo.get(key);
  if (!snapshot) {
    snapshot = simulateWindow(world.scenario, plane, EVALUATION_EPOCH);
    world.memo.set(key, snapshot);
  }
  return snapshot;
}

/** The simulated impact of moving the world to `plane` with an action of the given risk. */
export function impactOf(world: CaseWorld, plane: ControlPlane, risk: number): SimulatedImpact {
  const after = windowOf(world, plane);
  const before = world.current;
  const costBefore = before.costPerTransaction ?? 0;
  const costAfter = after.costPerTransaction ?? 0;
  const raw = {
    successRateChange: Math.max(-1, Math.min(1, after.successRate - before.successRate)),
    latencyChangeMs: after.latency.p99 - before.latency.p99,
    costChange: costBefore > 0 ? (costAfter - costBefore) / costBefore : 0,
    risk,
  };
  return { ...raw, objective: objectiveOf(raw, world) };
}

/** An action in the form results carry it. */
export function evaluatedAction(action: CandidateAction): EvaluatedAction {
  return { type: action.type, parameters: action.parameters, key: actionKey(action) };
}

/** One candidate the guardrails allowed, with its simulated impact. */
export interface ScoredCandidate {
  action: CandidateAction;
  impact: SimulatedImpact;
}

/** The oracle's verdict on one case. */
export interface OracleResult {
  best: ScoredCandidate;
  /** Every allowed candidate, best first. */
  candidates: ScoredCandidate[];
  /** Candidates the guardrails refused, with the reason. */
  refused: { action: CandidateAction; reason: string }[];
}

/** Order of preference among equal objectives: reversible and gentle first, then candidate order. */
function gentleness(action: CandidateAction): number {
  return action.type === 'disable_route' ? 1 : 0;
}

/**
 * The best action in hindsight: every candidate the guardrails allow (hard limits; approval is
 * given) simulated on the case's seed and scored by objectiveOf. Ties (within 1e-9) go to the
 * reversible action, then to the earlier candidate.
 */
export function runOracle(world: CaseWorld): OracleResult {
  const scored: ScoredCandidate[] = [];
  const refused: OracleResult['refused'] = [];
  for (const action of candidateActions(world.plane)) {
    const risk = actionRisk(action, world.fault);
    const assessment = assessDecision({
      decision: decisionFor(action, risk, EVALUATION_EPOCH),
      controlPlane: world.plane,
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: operatorApproval(EVALUATION_EPOCH),
    });
    const plane = assessment.resultingControlPlane;
    if (!assessment.safetyCheck.isApproved || plane === null) {
      refused.push({ action, reason: assessment.safetyCheck.blockReason ?? 'not approved' });
      continue;
    }
    scored.push({ action, impact: impactOf(world, plane, risk) });
  }
  const candidates = scored
    .map((c, order) => ({ c, order }))
    .sort(
      (a, b) =>
        (Math.abs(b.c.impact.objective - a.c.impact.objective) > 1e-9
          ? b.c.impact.objective - a.c.impact.objective
          : 0) ||
        gentleness(a.c.action) - gentleness(b.c.action) ||
        a.order - b.order,
    )
    .map((x) => x.c);
  const best = candidates[0];
  // do_nothing is always allowed, so the list is never empty; fail loudly if that ever changes.
  if (!best) throw new Error('the guardrails allowed no candidate action, not even do_nothing');
  return { best, candidates, refused };
}
