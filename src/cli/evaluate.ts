/**
 * Scores the agent and the baselines on the training set (the catalog) and the held-out set with
 * the multi-seed oracle:
 *
 *   npm run evaluate -- [--seeds 10] [--oracle-seeds 20] [--policies agent,random]
 *                       [--situations FILE] [--only IDS] [--shard i/n] [--merge A,B]
 *                       [--cycles 0] [--seed 1] [--stream catalog] [--json]
 *
 * Prints the leaderboard (regret with paired intervals, agreement, false alarms, lift over random,
 * the paired difference with the agent), then the agent's scores per situation and, with
 * --cycles, the learning curve. --json prints the whole EvaluationReport. Bad flags exit 2.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  EvaluationReportSchema,
  type CaseResult,
  POLICY_IDS,
  SituationFileSchema,
  formatZodError,
  type EvaluationReport,
  type IncidentStagesRequest,
  type PolicyId,
  type Situation,
} from '../contracts';
import {
  buildReport,
  defaultSituations,
  evaluationUnits,
  mergeReports,
  noLearning,
  runLearningComparison,
  runUnit,
  shardUnits,
} from '../domain/evaluation';
import { formatReport } from './evaluate-format';
import { runEvaluationInThreads } from './evaluation-threads';
import { scoreIncidents } from '../domain/evaluation/incident-stages';
import { STAGED_POLICIES } from '../domain/evaluation/incident-stages-policies';
import { formatIncidentTable } from '../domain/evaluation/incident-stages-table';
import { PRESET_SCRIPTS } from '../domain/scenarios/preset-scripts';
import { integerFlag, parseFlags, runCommand, UsageError } from './args';

export { formatReport } from './evaluate-format';

const USAGE = `Usage: npm run evaluate -- [options]

  --seeds N            decision seeds per situation, 1–1000 (default 10)
  --oracle-seeds K     seeds the oracle averages each candidate over, 2–200 (default 20)
  --policies IDS       comma-separated policies (default: ${POLICY_IDS.join(',')})
  --situations FILE    score the situations of a JSON file ({"situations": [...]}, see README)
  --only IDS           comma-separated situation ids to keep
  --shard i/n          run only shard i of n (1-based); --merge puts the shards together
  --merge FILES        comma-separated --json reports of shards: print their merged report
  --cycles N           learning-curve cycles per arm on the training set, 0–5000 (default 0)
  --stream S           the learning curve's situations: catalog (default) or drawn (40 drawn
                       at random from the fault space, ground the planner was not built on)
  --seed S             seed of the learning curve's situation stream (default 1)
  --workers N          worker threads, 1–64 (default: one per core; 1 runs in this thread)
  --json               print the EvaluationReport as JSON
  --help               show this message`;

/** What the command line asked for, checked. */
export interface EvaluateOptions {
  seeds: number;
  oracleSeeds: number;
  cycles: number;
  seed: number;
  /** The learning curve's situations. */
  stream: 'catalog' | 'drawn';
  policies: PolicyId[];
  situations: Situation[];
  shard: { index: number; count: number } | null;
  merge: string[] | null;
  workers: number;
  /** Score the preset incident scripts by stage (the whole default run only). */
  incidents: boolean;
  json: boolean;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Reads and checks a situations file; the message names the file and the field. */
export function readSituationFile(path: string): Situation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--situations: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--situations: ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = SituationFileSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`--situations: ${path}: ${formatZodError(parsed.error, 5)}`);
  const ids = parsed.data.situations.map((s) => s.id);
  const twice = ids.find((id, k) => ids.indexOf(id) !== k);
  if (twice) throw new UsageError(`--situations: ${path}: situation id "${twice}" appears twice`);
  return parsed.data.situations.map((s) => ({ ...s, set: s.set ?? 'held_out' }));
}

function shardFlag(raw: string | undefined): EvaluateOptions['shard'] {
  if (raw === undefined) return null;
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1000 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n ≤ 1000, got "${raw}"`);
  return { index, count };
}

/** The --stream flag: catalog unless it says drawn; anything else is a usage error. */
function streamFlag(raw: string | undefined): 'catalog' | 'drawn' {
  if (raw === undefined || raw === 'catalog') return 'catalog';
  if (raw === 'drawn') return 'drawn';
  throw new UsageError(
    `--stream must be catalog or drawn, got ${JSON.stringify(raw).slice(0, 40)}`,
  );
}

/** Parses and checks the command line; throws a UsageError on anything it does not understand. */
export function parseOptions(args: string[]): EvaluateOptions | 'help' {
  const values = parseFlags(args, {
    seeds: { type: 'string' },
    'oracle-seeds': { type: 'string' },
    cycles: { type: 'string' },
    seed: { type: 'string' },
    stream: { type: 'string' },
    policies: { type: 'string' },
    situations: { type: 'string' },
    only: { type: 'string' },
    shard: { type: 'string' },
    merge: { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return 'help';
  const policies = values.policies === undefined ? [...POLICY_IDS] : list(values.policies);
  const unknownPolicy = policies.filter((p) => !(POLICY_IDS as readonly string[]).includes(p));
  if (policies.length === 0 || unknownPolicy.length > 0)
    throw new UsageError(
      `--policies must name policies among ${POLICY_IDS.join(', ')}; unknown: ${unknownPolicy.join(', ') || '(none given)'}`,
    );
  let situations =
    values.situations === undefined ? defaultSituations() : readSituationFile(values.situations);
  if (values.only !== undefined) {
    const only = list(values.only);
    const unknown = only.filter((id) => !situations.some((s) => s.id === id));
    if (only.length === 0 || unknown.length > 0)
      throw new UsageError(
        `--only must name situations of the run; unknown: ${unknown.join(', ') || '(none given)'}`,
      );
    situations = situations.filter((s) => only.includes(s.id));
  }
  return {
    seeds: integerFlag('seeds', values.seeds, 10, 1, 1000),
    oracleSeeds: integerFlag('oracle-seeds', values['oracle-seeds'], 20, 2, 200),
    cycles: integerFlag('cycles', values.cycles, 0, 0, 5000),
    seed: integerFlag('seed', values.seed, 1, 0, 0xffff_ffff),
    stream: streamFlag(values.stream),
    policies: policies as PolicyId[],
    situations,
    shard: shardFlag(values.shard),
    merge: values.merge === undefined ? null : list(values.merge),
    workers: integerFlag('workers', values.workers, Math.max(1, availableParallelism()), 1, 64),
    incidents: values.situations === undefined && values.only === undefined,
    json: values.json === true,
  };
}

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
  const report = reportOf(
    options,
    unitsOf(options).flatMap((unit) => runUnit(unit)),
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
  const pooled = await runEvaluationInThreads(units, requests, options.workers);
  const report = reportOf(options, pooled.results);
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
