/**
 * Scoring the agent: one case (a situation on a seed) is reasoned about with the real engine,
 * passed through the real guardrails with a simulated operator's approval, carried out in the
 * simulator on the same seed, and compared with the truth (pattern, hypothesis) and with the
 * oracle (agreement, regret). Summaries aggregate many cases with 95 % intervals.
 */
import {
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
  type CaseResult,
  type EvaluationCase,
  type EvaluationSummary,
  type LearningContext,
  type LearningRecord,
  type MeanInterval,
  type MetricsSnapshot,
  type PatternType,
  type Proportion,
  type ReasoningResult,
  type ScoreRow,
  type SimulationRequest,
} from '../../contracts';
import { completeExecution, planExecution } from '../execution/executor-core';
import { simulateWindow } from '../simulation';
import { reason } from '../reasoning';
import { CATALOG, situationById, type Situation } from './catalog';
import {
  EVALUATION_EPOCH,
  actionKey,
  actionRisk,
  caseWorld,
  evaluatedAction,
  impactOf,
  operatorApproval,
  runOracle,
  type CandidateAction,
  type CaseWorld,
  type OracleResult,
  windowOf,
} from './oracle';

/** Seed of the first case; case k of a situation runs on seed FIRST_SEED + k. */
export const FIRST_SEED = 1;

/**
 * The cases of an evaluation: every situation (or the named ones, in catalog order) on `seeds`
 * seeds. Each case is independent and small, so a pool can split the list across workers.
 */
export function evaluationCases(options: {
  seeds: number;
  situations?: readonly string[];
}): EvaluationCase[] {
  const seeds = Math.max(0, Math.floor(options.seeds));
  const wanted = options.situations;
  const situations =
    wanted === undefined ? CATALOG : wanted.map((id) => situationById(id)).filter(Boolean);
  const cases: EvaluationCase[] = [];
  for (const situation of situations) {
    for (let k = 0; k < seeds; k++) cases.push({ situationId: situation.id, seed: FIRST_SEED + k });
  }
  return cases;
}

/** The agent's turn on one case, with what the learning store would keep of it. */
export interface AgentTurn {
  result: CaseResult;
  reasoning: ReasoningResult;
  /** The audit record the lab would store (with its outcome when the action ran). */
  record: LearningRecord;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/**
 * Whether the hypotheses name the root cause: the most confident one has the true pattern, the
 * issuers named by every hypothesis of that pattern are the true issuers (when the truth names
 * issuers), and the recognised patterns of that type place the fault where it is (when the truth
 * names a location). Two issuers degraded at once count as named when both have a hypothesis.
 */
export function hypothesisNamesCause(
  reasoning: Pick<ReasoningResult, 'hypotheses' | 'patterns'>,
  truth: Situation['truth'],
): boolean {
  const top = reasoning.hypotheses[0];
  if (!top || top.pattern !== truth.pattern) return false;
  if (truth.issuerIds !== null) {
    const named = reasoning.hypotheses
      .filter((h) => h.pattern === truth.pattern)
      .flatMap((h) => h.issuerIds ?? []);
    if (!sameSet(named, truth.issuerIds)) return false;
  }
  if (truth.faultLocation !== null) {
    const located = reasoning.patterns.filter((p) => p.type === truth.pattern);
    if (located.length === 0 || located.some((p) => p.faultLocation !== truth.faultLocation))
      return false;
  }
  return true;
}

/** Whether an executed action belongs to the situation's right remedy family. */
export function inRemedyFamily(action: CandidateAction, situation: Situation): boolean {
  if (!situation.remedy.actionTypes.includes(action.type)) return false;
  const issuer = action.parameters.issuerId;
  if (situation.remedy.issuerIds === null || typeof issuer !== 'string') return true;
  return (situation.remedy.issuerIds as string[]).includes(issuer);
}

const DO_NOTHING: CandidateAction = { type: 'do_nothing', parameters: {} };

/**
 * Runs the agent on one case of a prepared world: reason with the given learning context, then
 * the lab's executor core with approval given (a hard block means nothing is done; the canary and
 * the rollback policy apply), and score it against the truth and the oracle. `elapsed` is a
 * monotonic clock for the record's executionTimeMs (none: 0).
 */
export function agentTurn(
  world: CaseWorld,
  oracle: OracleResult,
  learningContext: LearningContext,
  now: number,
  cycle?: number,
  elapsed: () => number = () => 0,
): AgentTurn {
  const { situation } = world;
  const reasoning = reason({
    currentMetrics: world.current,
    baselineMetrics: world.baseline,
    learningContext,
    config: world.config,
    now,
  });
  const decision = reasoning.decision;
  const selected = decision.selectedAction;
  // The lab's own executor core: guardrails, paired counterfactual, canary and rollback.
  const plan = planExecution(
    {
      decision,
      baselineMetrics: world.current,
      scenario: world.scenario,
      controlPlane: world.plane,
      activeActions: [],
      limits: DEFAULT_SAFETY_LIMITS,
      humanApproval: operatorApproval(now),
      ...(cycle === undefined ? {} : { cycle }),
    },
    now,
  );
  const started = elapsed();
  const windows = plan.requests.map((request) => caseWindow(world, request));
  const report = completeExecution(plan, windows, elapsed() - started);
  if (report.record === null) throw new Error('the engine produced a decision that does not parse');
  const assessment = plan.assessment;
  const approvedPlane = assessment.resultingControlPlane;
  const blocked = !assessment.safetyCheck.isApproved || approvedPlane === null;
  const chosen: CandidateAction = { type: selected.type, parameters: selected.parameters };
  const executed = blocked ? DO_NOTHING : chosen;
  const agentImpact = impactOf(
    world,
    blocked ? world.plane : approvedPlane,
    actionRisk(executed, world.fault),
  );
  const best = oracle.best;
  const regret = Math.min(1, Math.max(0, best.impact.objective - agentImpact.objective));
  const recognised: PatternType = reasoning.patterns[0]?.type ?? 'noise';
  const result: CaseResult = {
    situationId: situation.id,
    seed: world.scenario.seed,
    truePattern: situation.truth.pattern,
    recognisedPattern: recognised,
    patternCorrect: recognised === situation.truth.pattern,
    hypothesisCorrect: hypothesisNamesCause(reasoning, situation.truth),
    agentAction: evaluatedAction(chosen),
    executedAction: evaluatedAction(executed),
    agentImpact,
    oracleAction: evaluatedAction(best.action),
    oracleImpact: best.impact,
    agreesWithOracle: actionKey(executed) === actionKey(best.action),
    remedyCorrect: inRemedyFamily(executed, situation),
    regret,
    falseAlarm:
      situation.kind === 'healthy'
        ? selected.type !== 'do_nothing' || reasoning.anomalies.length > 0
        : null,
    blocked,
    blockReason: blocked ? (assessment.safetyCheck.blockReason ?? 'not approved') : null,
    confidence: decision.confidenceInDecision,
    anomalyCount: reasoning.anomalies.length,
    candidatesSimulated: oracle.candidates.length,
  };
  return {
    result,
    reasoning,
    record: report.record,
  };
}

/**
 * A window the executor core asks for, simulated synchronously: the case's own seed comes from
 * the world's memo (the oracle simulated most planes already), the next window is simulated anew.
 */
function caseWindow(world: CaseWorld, request: SimulationRequest): MetricsSnapshot {
  if (request.scenario.seed === world.scenario.seed) return windowOf(world, request.controlPlane);
  return simulateWindow(request.scenario, request.controlPlane, request.timestamp);
}

/**
 * Scores one case with no learning history: a pure function of the case, so cases can run in any
 * order, in any worker, and give the same result.
 */
export function runCase(evaluationCase: EvaluationCase): CaseResult {
  const situation = situationById(evaluationCase.situationId);
  const world = caseWorld(situation, evaluationCase.seed, DEFAULT_REASONING_CONFIG);
  const oracle = runOracle(world);
  return agentTurn(world, oracle, EMPTY_LEARNING_CONTEXT, EVALUATION_EPOCH).result;
}

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval (95 %) of `count` successes in `total` trials. */
export function wilson(count: number, total: number): Proportion {
  if (total <= 0) return { count, total, rate: null, low: null, high: null };
  const p = count / total;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return {
    count,
    total,
    rate: p,
    low: Math.max(0, centre - half),
    high: Math.min(1, centre + half),
  };
}

/** Two-sided 95 % quantiles of Student's t for 1–4 degrees of freedom (exact to 3 decimals). */
const T95_SMALL = [12.706, 4.303, 3.182, 2.776];

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (Cornish–Fisher above 4). */
export function tQuantile95(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 4) return T95_SMALL[df - 1] as number;
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

/** Mean with a 95 % t interval; one value gives a zero-width interval, none gives nulls. */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: null, low: null, high: null };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { n, mean, low: mean, high: mean };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = tQuantile95(n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function row(id: string, label: string, results: readonly CaseResult[]): ScoreRow {
  const count = (f: (r: CaseResult) => boolean) => results.filter(f).length;
  const healthy = results.filter((r) => r.falseAlarm !== null);
  return {
    id,
    label,
    cases: results.length,
    patternAccuracy: wilson(
      count((r) => r.patternCorrect),
      results.length,
    ),
    hypothesisAccuracy: wilson(
      count((r) => r.hypothesisCorrect),
      results.length,
    ),
    oracleAgreement: wilson(
      count((r) => r.agreesWithOracle),
      results.length,
    ),
    remedyAccuracy: wilson(
      count((r) => r.remedyCorrect),
      results.length,
    ),
    regret: meanInterval(results.map((r) => r.regret)),
    falseAlarms: wilson(healthy.filter((r) => r.falseAlarm === true).length, healthy.length),
    blocks: wilson(
      count((r) => r.blocked),
      results.length,
    ),
    agentActions: tally(results.map((r) => r.executedAction.type)),
    oracleActions: tally(results.map((r) => r.oracleAction.type)),
  };
}

/**
 * Aggregates case results per situation (in the order of `situations`, the catalog by default,
 * then any unknown ids in order of appearance) and overall, each score with its 95 % interval.
 */
export function summarise(
  results: readonly CaseResult[],
  situations: readonly Pick<Situation, 'id' | 'label'>[] = CATALOG,
): EvaluationSummary {
  const ids = [...new Set(results.map((r) => r.situationId))];
  const order = (id: string) => {
    const i = situations.findIndex((s) => s.id === id);
    return i < 0 ? situations.length + ids.indexOf(id) : i;
  };
  ids.sort((a, b) => order(a) - order(b));
  const rows = ids.map((id) =>
    row(
      id,
      situations.find((s) => s.id === id)?.label ?? id,
      results.filter((r) => r.situationId === id),
    ),
  );
  return { situations: rows, overall: row('overall', 'All situations', results) };
}
