/**
 * A multi-seed evaluation as independent units (one situation: its oracle, then every policy on
 * every decision seed), so that a pool of workers, a shard of a batch system or one thread can
 * run any of them in any order and get the same results; and the leaderboard built from them.
 */
import {
  POLICY_IDS,
  type CaseResult,
  type EvaluationUnit,
  type LeaderboardRow,
  type PolicyComparison,
  type PolicyId,
  type Situation,
  type SituationSet,
} from '../../contracts';
import type { AgentPolicyOptions } from '../policies';
import { CATALOG } from './catalog';
import { warmRun } from './case-world';
import { HELD_OUT } from './held-out';
import { DEFAULT_ORACLE_SEEDS, runMultiSeedOracle } from './oracle-multi-seed';
import { policyTurn } from './policy-turn';
import { FIRST_SEED, meanInterval } from './scoring';

/** Decision seeds per situation by default: ten cases per situation and policy. */
export const DEFAULT_DECISION_SEEDS = 10;

/** The two sets, in report order. */
export const SETS: readonly SituationSet[] = ['training', 'held_out'];

/** What a multi-seed evaluation covers. */
export interface UnitOptions {
  /** Decision seeds per situation. */
  seeds: number;
  /** Oracle seeds per candidate (K). */
  oracleSeeds?: number;
  policies?: readonly PolicyId[];
  /** Situations to score instead of the catalog and the held-out set (e.g. from a file). */
  situations?: readonly Situation[];
}

/** The situations of a default run: the catalog as training, the held-out set as held out. */
export function defaultSituations(): Situation[] {
  return [
    ...CATALOG.map((s) => ({ ...s, set: 'training' as const })),
    ...HELD_OUT.map((s) => ({ ...s, set: 'held_out' as const })),
  ];
}

/** The units of an evaluation, one per situation, in situation order. */
export function evaluationUnits(options: UnitOptions): EvaluationUnit[] {
  const seeds = Array.from(
    { length: Math.max(1, Math.floor(options.seeds)) },
    (_, k) => FIRST_SEED + k,
  );
  const policies = [...(options.policies ?? POLICY_IDS)];
  return (options.situations ?? defaultSituations()).map((situation) => ({
    situation,
    set: situation.set ?? 'held_out',
    seeds,
    oracleSeeds: options.oracleSeeds ?? DEFAULT_ORACLE_SEEDS,
    policies,
  }));
}

/** The units of shard `index` of `count` (1-based): every count-th unit, so shards weigh alike. */
export function shardUnits<T>(units: readonly T[], index: number, count: number): T[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`shard count ${count} is not a whole number ≥ 1`);
  if (!Number.isInteger(index) || index < 1 || index > count)
    throw new RangeError(`shard ${index} is not between 1 and ${count}`);
  return units.filter((_, k) => k % count === index - 1);
}

/**
 * Runs one unit: the oracle on K seeds, then each policy on each decision seed (the warm-up of a
 * seed is shared by the policies, which all see the same windows). Results are in seed, then
 * policy order. A unit that carries training experience adds, after each seed's policies, the
 * agent deciding on the same warm-up with that experience, marked experienced.
 */
export function runUnit(unit: EvaluationUnit, agent: AgentPolicyOptions = {}): CaseResult[] {
  const oracle = runMultiSeedOracle(unit.situation, unit.oracleSeeds);
  const out: CaseResult[] = [];
  for (const seed of unit.seeds) {
    const run = warmRun(unit.situation, seed);
    for (const policy of unit.policies)
      out.push(policyTurn(policy, oracle, unit.set, seed, agent, run));
    if (unit.experience) {
      const experienced = { ...agent, learningContext: unit.experience };
      out.push({
        ...policyTurn('agent', oracle, unit.set, seed, experienced, run),
        experienced: true,
      });
    }
  }
  return out;
}

const policyOrder = (p: PolicyId | undefined) => POLICY_IDS.indexOf(p ?? 'agent');

/**
 * Results in one canonical order (set, then the order situations first appear, then seed, then
 * policy), so results assembled from shards in any order compare equal to one run's.
 */
export function canonicalOrder(
  results: readonly CaseResult[],
  situationOrder: readonly string[] = [...new Set(results.map((r) => r.situationId))],
): CaseResult[] {
  const rank = new Map(situationOrder.map((id, k) => [id, k]));
  return [...results].sort(
    (a, b) =>
      SETS.indexOf(a.set ?? 'training') - SETS.indexOf(b.set ?? 'training') ||
      (rank.get(a.situationId) ?? 1e9) - (rank.get(b.situationId) ?? 1e9) ||
      a.seed - b.seed ||
      policyOrder(a.policy) - policyOrder(b.policy),
  );
}

const caseKey = (r: CaseResult) => `${r.set}|${r.situationId}|${r.seed}`;

/** One leaderboard row per policy and set present in the results, in policy then set order. */
export function leaderboard(results: readonly CaseResult[]): LeaderboardRow[] {
  const rows: LeaderboardRow[] = [];
  for (const set of SETS) {
    for (const policy of POLICY_IDS) {
      const mine = results.filter((r) => r.policy === policy && r.set === set);
      if (mine.length === 0) continue;
      const regret = meanInterval(mine.map((r) => r.regret));
      const healthy = mine.filter((r) => r.changedPlane !== null && r.changedPlane !== undefined);
      rows.push({
        policy,
        set,
        cases: mine.length,
        regretMean: regret.mean ?? 0,
        regretLow: regret.low ?? 0,
        regretHigh: regret.high ?? 0,
        agreement: mine.filter((r) => r.exactAgreement === true).length / mine.length,
        falseAlarms:
          healthy.length > 0 ? healthy.filter((r) => r.changedPlane).length / healthy.length : 0,
      });
    }
  }
  return rows;
}

/** Share of a policy's cases on a set that agree with the oracle by family. */
export function familyAgreement(
  results: readonly CaseResult[],
  policy: PolicyId,
  set: SituationSet,
): number {
  const mine = results.filter((r) => r.policy === policy && r.set === set);
  return mine.length === 0
    ? 0
    : mine.filter((r) => r.familyAgreement === true).length / mine.length;
}

/**
 * Each policy against the agent on each set: the paired difference of regret over the cases both
 * ran (positive: the policy regrets more than the agent), and the lift over random.
 */
export function comparisons(results: readonly CaseResult[]): PolicyComparison[] {
  const out: PolicyComparison[] = [];
  for (const set of SETS) {
    const of = (policy: PolicyId) =>
      new Map(
        results.filter((r) => r.policy === policy && r.set === set).map((r) => [caseKey(r), r]),
      );
    const agent = of('agent');
    const random = of('random');
    const randomMean =
      random.size > 0 ? [...random.values()].reduce((s, r) => s + r.regret, 0) / random.size : null;
    for (const policy of POLICY_IDS) {
      const mine = of(policy);
      if (mine.size === 0) continue;
      const diffs = [...mine].flatMap(([key, r]) => {
        const a = agent.get(key);
        return a ? [r.regret - a.regret] : [];
      });
      const diff = meanInterval(diffs);
      const mean = [...mine.values()].reduce((s, r) => s + r.regret, 0) / mine.size;
      out.push({
        policy,
        set,
        liftOverRandom: randomMean !== null && randomMean > 0 ? 1 - mean / randomMean : null,
        diffMean: diff.mean ?? 0,
        diffLow: diff.low ?? 0,
        diffHigh: diff.high ?? 0,
      });
    }
  }
  return out;
}
