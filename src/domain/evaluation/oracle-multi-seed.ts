/**
 * The multi-seed oracle: every candidate the guardrails allow on a situation's start plane is
 * scored on K run seeds of its own (disjoint from the seeds policies decide on), each against the
 * same decision window without the action (the paired sampler). A candidate's objective is its
 * mean over the K seeds; candidates whose paired 95 % interval of the gap to the best includes 0
 * are tied with it, and a policy agrees with the oracle when it picks the best or a tied one.
 */
import {
  DEFAULT_SAFETY_LIMITS,
  type ActionType,
  type ControlPlane,
  type ObjectiveTerms,
  type RankedCandidate,
  type Situation,
} from '../../contracts';
import { assessDecision } from '../execution';
import { decisionWindow, startPlane, warmRun, type WarmRun } from './case-world';
import { exactKey, familyKey, multiSeedCandidates } from './candidates';
import { meanTerms, objectiveTerms, objectiveValue, riskPoints } from './objective';
import {
  EVALUATION_EPOCH,
  actionRisk,
  decisionFor,
  operatorApproval,
  type CandidateAction,
} from './oracle';
import { meanInterval } from './scoring';

/** Seeds the oracle averages each candidate over by default. */
export const DEFAULT_ORACLE_SEEDS = 20;

/**
 * First run seed of the oracle. Policies decide on run seeds 1–1000, so the oracle's 2³⁰ + k
 * never meets them; within a run every window has its own seed (windowSeed).
 */
export const ORACLE_SEED_BASE = 0x4000_0000;

/** The oracle's run seeds for K seeds. */
export function oracleSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, k) => ORACLE_SEED_BASE + k);
}

/** A plane's paired score on the oracle's seeds. */
export interface PlaneScore {
  /** Objective per oracle seed, in seed order. */
  objectives: number[];
  mean: number;
  terms: ObjectiveTerms;
}

/** One allowed candidate, scored. */
export interface OracleCandidate extends PlaneScore {
  action: CandidateAction;
  exact: string;
  family: string;
  plane: ControlPlane;
  /** Paired 95 % interval of (this − best) over the seeds. */
  low: number;
  high: number;
  tied: boolean;
}

/** The multi-seed oracle's verdict on one situation. */
export interface MultiSeedOracle {
  situation: Situation;
  plane: ControlPlane;
  runs: WarmRun[];
  /** Allowed candidates, best first. */
  candidates: OracleCandidate[];
  best: OracleCandidate;
  refused: { action: CandidateAction; reason: string }[];
  /** Scores of planes by action type and plane, so a policy's action is simulated once. */
  memo: Map<string, PlaneScore>;
}

/** The paired score of moving the start plane to `plane` with an action of `type`. */
export function scorePlane(
  oracle: Pick<MultiSeedOracle, 'runs' | 'plane' | 'memo'>,
  type: ActionType,
  plane: ControlPlane,
): PlaneScore {
  const key = `${type}|${JSON.stringify(plane)}`;
  const known = oracle.memo.get(key);
  if (known) return known;
  const risk = riskPoints(type, oracle.plane, plane);
  const terms = oracle.runs.map((run) =>
    objectiveTerms(decisionWindow(run, run.plane), decisionWindow(run, plane), risk),
  );
  const objectives = terms.map(objectiveValue);
  const score = {
    objectives,
    mean: objectives.reduce((s, v) => s + v, 0) / Math.max(1, objectives.length),
    terms: meanTerms(terms),
  };
  oracle.memo.set(key, score);
  return score;
}

/** The paired 95 % interval of (a − b), seed by seed. */
export function pairedGap(
  a: readonly number[],
  b: readonly number[],
): { low: number; high: number; mean: number } {
  const gaps = a.map((v, k) => v - (b[k] ?? 0));
  const interval = meanInterval(gaps);
  return { mean: interval.mean ?? 0, low: interval.low ?? 0, high: interval.high ?? 0 };
}

/** Whether a paired interval of a gap to the best includes 0 (the best itself is tied). */
export function isTied(interval: { low: number; high: number }): boolean {
  return interval.low <= 1e-12 && interval.high >= -1e-12;
}

/** The plane a candidate leads to on `plane` when the guardrails allow it, or the reason not. */
export function allowedPlane(
  action: CandidateAction,
  plane: ControlPlane,
  fault: boolean,
): { plane: ControlPlane } | { reason: string } {
  const assessment = assessDecision({
    decision: decisionFor(action, actionRisk(action, fault), EVALUATION_EPOCH),
    controlPlane: plane,
    activeActionCount: 0,
    limits: DEFAULT_SAFETY_LIMITS,
    humanApproval: operatorApproval(EVALUATION_EPOCH),
  });
  const after = assessment.resultingControlPlane;
  if (!assessment.safetyCheck.isApproved || after === null)
    return { reason: assessment.safetyCheck.blockReason ?? 'not approved' };
  return { plane: after };
}

/**
 * Runs the oracle on a situation with `seeds` seeds: warm-up per seed, then every allowed
 * candidate's decision window, paired with the window without any action. The best is the
 * highest mean objective (ties in the mean go to the earlier, gentler candidate).
 */
export function runMultiSeedOracle(
  situation: Situation,
  seeds: number = DEFAULT_ORACLE_SEEDS,
): MultiSeedOracle {
  const plane = startPlane(situation);
  const runs = oracleSeeds(seeds).map((seed) => warmRun(situation, seed));
  const base = { runs, plane, memo: new Map<string, PlaneScore>() };
  const scored: Omit<OracleCandidate, 'low' | 'high' | 'tied'>[] = [];
  const refused: MultiSeedOracle['refused'] = [];
  for (const action of multiSeedCandidates(plane)) {
    const allowed = allowedPlane(action, plane, situation.kind === 'fault');
    if ('reason' in allowed) {
      refused.push({ action, reason: allowed.reason });
      continue;
    }
    scored.push({
      action,
      exact: exactKey(action),
      family: familyKey(action),
      plane: allowed.plane,
      ...scorePlane(base, action.type, allowed.plane),
    });
  }
  const order = scored
    .map((c, k) => ({ c, k }))
    .sort((a, b) => b.c.mean - a.c.mean || a.k - b.k)
    .map((x) => x.c);
  const top = order[0];
  if (!top) throw new Error('the guardrails allowed no candidate action, not even do_nothing');
  const candidates = order.map((c) => {
    const gap = pairedGap(c.objectives, top.objectives);
    return { ...c, low: gap.low, high: gap.high, tied: isTied(gap) };
  });
  return { situation, plane, runs, candidates, best: candidates[0]!, refused, memo: base.memo };
}

/** The oracle's ranking as a report carries it: the best first, at most `limit`. */
export function rankingOf(oracle: MultiSeedOracle, limit = 10): RankedCandidate[] {
  return oracle.candidates.slice(0, limit).map((c) => ({
    label: c.exact,
    objective: c.mean,
    low: c.low,
    high: c.high,
    tied: c.tied,
  }));
}

/** Whether an action is the best or tied with it: exactly (type, target, share) and by family. */
export function agreement(
  oracle: MultiSeedOracle,
  action: CandidateAction,
): { exact: boolean; family: boolean } {
  const tied = oracle.candidates.filter((c) => c.tied);
  const exact = exactKey(action);
  const family = familyKey(action);
  return {
    exact: tied.some((c) => c.exact === exact),
    family: tied.some((c) => c.family === family),
  };
}
