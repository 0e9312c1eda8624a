/**
 * The multi-seed evaluation report: the agent's per-situation summary, the leaderboard of every
 * policy on each set, the paired comparisons with the agent, the learning curves and every case.
 * Shards of one run merge into the report the whole run would have written.
 */
import type { CaseResult, EvaluationReport, LearningComparison, Situation } from '../../contracts';
import { canonicalOrder, comparisons, leaderboard } from './evaluation-run';
import { emptyLearningCurve } from './learning-curve';
import { summarise } from './scoring';

/** What a report is built from. */
export interface ReportInput {
  results: readonly CaseResult[];
  seeds: number;
  oracleSeeds: number;
  cycles: number;
  learning?: LearningComparison;
  /** Every situation of the run in order (a shard's too), for labels and the summary's order. */
  situations: readonly Pick<Situation, 'id' | 'label' | 'set'>[];
}

/** The comparison of a run without a learning curve. */
export function noLearning(seed = 1): LearningComparison {
  return {
    on: emptyLearningCurve(seed, true),
    off: emptyLearningCurve(seed, false),
    reduction: null,
  };
}

/** Builds the report; the summary is the agent's (results without a policy count as the agent's). */
export function buildReport(input: ReportInput): EvaluationReport {
  const results = canonicalOrder(
    input.results,
    input.situations.map((s) => s.id),
  );
  const agent = results.filter((r) => (r.policy ?? 'agent') === 'agent');
  return {
    seeds: input.seeds,
    cycles: input.cycles,
    oracleSeeds: input.oracleSeeds,
    summary: summarise(agent, input.situations),
    learning: input.learning ?? noLearning(),
    results,
    leaderboard: leaderboard(results),
    comparisons: comparisons(results),
    situations: input.situations.map((s) => ({
      id: s.id,
      label: s.label,
      set: s.set ?? 'held_out',
    })),
  };
}

/**
 * Merges the reports of shards of one run: their cases together, in the run's situation order
 * (which every shard carries), the learning curve of the shard that ran it, and the experienced
 * cases of all. Refuses shards of runs with different settings and a case that two shards both ran.
 */
export function mergeReports(reports: readonly EvaluationReport[]): EvaluationReport {
  const first = reports[0];
  if (!first) throw new RangeError('nothing to merge: give at least one report');
  const order = JSON.stringify(first.situations ?? []);
  for (const [k, r] of reports.entries()) {
    if (r.seeds !== first.seeds || (r.oracleSeeds ?? 0) !== (first.oracleSeeds ?? 0))
      throw new RangeError(
        `report ${k + 1} ran ${r.seeds} seeds and ${r.oracleSeeds ?? 0} oracle seeds, report 1 ran ${first.seeds} and ${first.oracleSeeds ?? 0}: they are not shards of one run`,
      );
    if (JSON.stringify(r.situations ?? []) !== order)
      throw new RangeError(
        `report ${k + 1} lists other situations than report 1: they are not shards of one run`,
      );
  }
  const results = reports.flatMap((r) => r.results);
  const seen = new Set<string>();
  for (const r of [...results, ...reports.flatMap((r) => r.experienced?.results ?? [])]) {
    const key = `${r.set}|${r.situationId}|${r.seed}|${r.policy}${r.experienced ? ' experienced' : ''}`;
    if (seen.has(key)) throw new RangeError(`case ${key} is in more than one report`);
    seen.add(key);
  }
  const withCurve = reports.find((r) => r.cycles > 0);
  const merged = buildReport({
    results,
    seeds: first.seeds,
    oracleSeeds: first.oracleSeeds ?? 0,
    cycles: withCurve?.cycles ?? 0,
    learning: withCurve?.learning ?? first.learning,
    situations: first.situations ?? [],
  });
  const experienced = mergeExperienced(reports, merged.situations ?? []);
  return experienced ? { ...merged, experienced } : merged;
}

const learnedFrom = (r: EvaluationReport) =>
  r.experienced ? `${r.experienced.cycles} cycles from stream seed ${r.experienced.seed}` : 'none';

/**
 * The experienced cases of shards, together in the run's order: every shard of a run learned the
 * same training experience (or none), else they are not shards of one run.
 */
function mergeExperienced(
  reports: readonly EvaluationReport[],
  situations: readonly { id: string }[],
): EvaluationReport['experienced'] {
  const first = reports[0]!;
  for (const [k, r] of reports.entries())
    if (learnedFrom(r) !== learnedFrom(first))
      throw new RangeError(
        `report ${k + 1} carries training experience ${learnedFrom(r)}, report 1 ${learnedFrom(first)}: they are not shards of one run`,
      );
  if (!first.experienced) return undefined;
  const cases = reports.flatMap((r) => r.experienced?.results ?? []);
  return {
    cycles: first.experienced.cycles,
    seed: first.experienced.seed,
    results: canonicalOrder(
      cases,
      situations.map((s) => s.id),
    ),
  };
}
