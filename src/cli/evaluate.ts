/**
 * Scores the agent and the baselines on the training set (the catalog) and the held-out set with
 * the multi-seed oracle:
 *
 *   npm run evaluate -- [--seeds 10] [--oracle-seeds 20] [--policies agent,random]
 *                       [--situations FILE] [--only IDS] [--shard i/n] [--merge A,B]
 *                       [--cycles 0] [--seed 1] [--stream catalog] [--experience 200] [--json]
 *
 * Prints the leaderboard (regret with paired intervals, agreement, false alarms, lift over random,
 * the paired difference with the agent), then the agent's scores per situation, with --cycles the
 * learning curve, the calibration per set and the held-out set again with the agent carrying its
 * training experience. --json prints the whole EvaluationReport. Bad flags exit 2.
 */
import { readFileSync } from 'node:fs';
import {
  EvaluationReportSchema,
  type CaseResult,
  formatZodError,
  type EvaluationReport,
  type IncidentStagesRequest,
} from '../contracts';
import {
  buildReport,
  evaluationUnits,
  mergeReports,
  noLearning,
  runLearningComparison,
  runUnit,
  shardUnits,
} from '../domain/evaluation';
import { formatReport } from './evaluate-format';
import { fileExperienced } from '../domain/evaluation/training-experience';
import { planExperience } from './evaluate-experience';
import { parseOptions, USAGE, type EvaluateOptions } from './evaluate-options';
import { runEvaluationInThreads } from './evaluation-threads';
import { scoreIncidents } from '../domain/evaluation/incident-stages';
import { STAGED_POLICIES } from '../domain/evaluation/incident-stages-policies';
import { formatIncidentTable } from '../domain/evaluation/incident-stages-table';
import { PRESET_SCRIPTS } from '../domain/scenarios/preset-scripts';
import { runCommand, UsageError } from './args';

export { formatReport } from './evaluate-format';
export { parseOptions, readSituationFile, type EvaluateOptions } from './evaluate-options';

/** The units of a run, or of its shard. */
function unitsOf(options: EvaluateOptions) {
  const all = evaluationUnits({
    seeds: options.seeds,
    oracleSeeds: options.oracleSeeds,
    policies: options.policies,
    situations: options.situations,
  });
  return options.shard ? shardUnits(all, options.shard.index, options.shard.count) : all;
}

/** The report of scored results, with the learning curve on the first shard only. */
function reportOf(options: EvaluateOptions, results: readonly CaseResult[]): EvaluationReport {
  const curve = options.cycles > 0 && (options.shard?.index ?? 1) === 1;
  return buildReport({
    results,
    seeds: options.seeds,
    oracleSeeds: options.oracleSeeds,
    cycles: curve ? options.cycles : 0,
    learning: curve
      ? runLearningComparison(
          {
            cycles: options.cycles,
            seed: options.seed,
            ...(options.stream === 'drawn' ? { stream: 'drawn' as const } : {}),
          },
          () => performance.now(),
        )
      : noLearning(options.seed),
    situations: options.situations,
  });
}

/** The staged incident table's requests: every preset script with every staged policy. */
function stagedRequests(options: EvaluateOptions): IncidentStagesRequest[] {
  const policies = STAGED_POLICIES.map((p) => p.id);
  return PRESET_SCRIPTS.map((script) => ({ scriptId: script.id, policies, seed: options.seed }));
}

/**
 * Whether a run ends with the staged incident table: the whole default run only (a run narrowed
 * to some situations, a shard other than the first, or a merge skips it).
 */
function wantsIncidents(options: EvaluateOptions): boolean {
  return options.incidents && options.merge === null && (options.shard?.index ?? 1) === 1;
}

/** Runs the evaluation (or this shard of it) in this thread, the staged table after the cases. */
export function runEvaluation(options: EvaluateOptions): EvaluationReport {
  const plan = planExperience(options, unitsOf(options));
  const report = fileExperienced(
    plan.learned,
    plan.units.flatMap((unit) => runUnit(unit)),
    (fresh) => reportOf(options, fresh),
  );
  if (!wantsIncidents(options)) return report;
  const incidents = scoreIncidents({
    scripts: PRESET_SCRIPTS,
    policies: STAGED_POLICIES,
    seed: options.seed,
  });
  return { ...report, incidents };
}

/**
 * Runs the evaluation (or this shard) in `options.workers` threads, the staged scripts in the
 * same pool as the situations; the same report as one thread.
 */
export async function runEvaluationThreaded(options: EvaluateOptions): Promise<EvaluationReport> {
  const units = unitsOf(options);
  const requests = wantsIncidents(options) ? stagedRequests(options) : [];
  if (options.workers <= 1 || units.length + requests.length <= 1) return runEvaluation(options);
  const plan = planExperience(options, units);
  const pooled = await runEvaluationInThreads(plan.units, requests, options.workers);
  const report = fileExperienced(plan.learned, pooled.results, (fresh) => reportOf(options, fresh));
  return requests.length > 0 ? { ...report, incidents: pooled.incidents } : report;
}

/** Reads shard reports and merges them; a file that is not a report is named in the message. */
export function mergeFiles(paths: readonly string[]): EvaluationReport {
  if (paths.length === 0) throw new UsageError('--merge needs at least one file');
  const reports = paths.map((path) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`--merge: cannot read ${path}: ${(error as Error).message}`);
    }
    const parsed = EvaluationReportSchema.safeParse(json);
    if (!parsed.success)
      throw new UsageError(`--merge: ${path}: ${formatZodError(parsed.error, 5)}`);
    return parsed.data;
  });
  try {
    return mergeReports(reports);
  } catch (error) {
    throw new UsageError(`--merge: ${(error as Error).message}`);
  }
}

/** Runs the command line; resolves with the exit code. */
export async function main(args: string[]): Promise<number> {
  let chosen: (EvaluateOptions & { merged?: EvaluationReport }) | undefined;
  const code = runCommand(
    'evaluate',
    USAGE,
    args,
    (a) => {
      const options = parseOptions(a);
      // Merging reads its files before anything runs, so a bad file is a usage error.
      return options === 'help' || options.merge === null
        ? options
        : { ...options, merged: mergeFiles(options.merge) };
    },
    (options) => {
      chosen = options;
      return 0;
    },
  );
  if (chosen === undefined) return code;
  const report = chosen.merged ?? (await runEvaluationThreaded(chosen));
  const incidents = report.incidents;
  process.stdout.write(
    chosen.json
      ? `${JSON.stringify(report)}\n`
      : formatReport(report) + (incidents ? formatIncidentTable(incidents) : ''),
  );
  return 0;
}

// Run only as a program, so tests can import the helpers.
if (process.argv[1] !== undefined && /evaluate\.ts$/.test(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
