/**
 * Scores the agent against the catalog of situations with known causes:
 *
 *   npm run evaluate -- [--seeds 20] [--cycles 200] [--seed 1] [--situations a,b] [--json]
 *
 * Prints, per situation and overall, pattern and hypothesis accuracy, agreement with the oracle,
 * right remedy family, mean regret with its 95 % interval, false alarms and guardrail blocks, then
 * the learning curve (cumulative regret with learning on and off). --json prints the whole
 * EvaluationReport instead. Bad flags exit with code 2.
 */
import type {
  CaseResult,
  EvaluationReport,
  LearningComparison,
  MeanInterval,
  Proportion,
  ScoreRow,
} from '../contracts';
import {
  CATALOG,
  compareCurves,
  emptyLearningCurve,
  evaluationCases,
  runCase,
  runLearningCurve,
  summarise,
} from '../domain/evaluation';
import { calibrationReport, casePairs, formatCalibration } from '../domain/evaluation/calibration';
import { formatPercent } from '../domain/percent';
import { integerFlag, parseFlags, runCommand, UsageError } from './args';

const USAGE = `Usage: npm run evaluate -- [options]

  --seeds N          seeds per situation, 1–1000 (default 20)
  --cycles N         learning-curve cycles per arm, 0–5000 (default 200; 0 skips the curve)
  --seed S           seed of the learning curve's situation stream, 0–4294967295 (default 1)
  --situations IDS   comma-separated situation ids (default: the whole catalog)
  --json             print the EvaluationReport as JSON
  --help             show this message

Situations: ${CATALOG.map((s) => s.id).join(', ')}`;

/** What the command line asked for, checked. */
export interface EvaluateOptions {
  seeds: number;
  cycles: number;
  seed: number;
  situations: string[] | undefined;
  json: boolean;
}

/** Parses and checks the command line; throws a UsageError on anything it does not understand. */
export function parseOptions(args: string[]): EvaluateOptions | 'help' {
  const values = parseFlags(args, {
    seeds: { type: 'string' },
    cycles: { type: 'string' },
    seed: { type: 'string' },
    situations: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return 'help';
  let situations: string[] | undefined;
  if (values.situations !== undefined) {
    situations = values.situations
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = situations.filter((id) => !CATALOG.some((s) => s.id === id));
    if (situations.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--situations must name catalog situations; unknown: ${unknown.join(', ') || '(none given)'}`,
      );
    }
  }
  return {
    seeds: integerFlag('seeds', values.seeds, 20, 1, 1000),
    cycles: integerFlag('cycles', values.cycles, 200, 0, 5000),
    seed: integerFlag('seed', values.seed, 1, 0, 0xffff_ffff),
    situations,
    json: values.json === true,
  };
}

/** Runs the whole evaluation in this thread: every case, then both learning-curve arms. */
export function runEvaluation(options: EvaluateOptions): EvaluationReport {
  const cases = evaluationCases({
    seeds: options.seeds,
    ...(options.situations ? { situations: options.situations } : {}),
  });
  const results: CaseResult[] = cases.map(runCase);
  const arm = (learning: boolean) =>
    runLearningCurve(
      { cycles: Math.max(1, options.cycles), seed: options.seed, learning },
      undefined,
      // The records the curve learns from carry a real executionTimeMs, as the lab's do.
      () => performance.now(),
    );
  const learning: LearningComparison =
    options.cycles > 0 ? compareCurves(arm(true), arm(false)) : emptyComparison(options.seed);
  return {
    seeds: options.seeds,
    cycles: options.cycles,
    summary: summarise(results),
    learning,
    results,
  };
}

function emptyComparison(seed: number): LearningComparison {
  return {
    on: emptyLearningCurve(seed, true),
    off: emptyLearningCurve(seed, false),
    reduction: null,
  };
}

const pct = (x: number | null): string => formatPercent(x, { digits: 0 });

function proportion(p: Proportion): string {
  if (p.rate === null) return 'n/a';
  return `${pct(p.rate)} [${pct(p.low)}–${pct(p.high)}]`;
}

function regret(m: MeanInterval): string {
  if (m.mean === null) return 'n/a';
  return `${m.mean.toFixed(4)} [${(m.low ?? 0).toFixed(4)}, ${(m.high ?? 0).toFixed(4)}]`;
}

/** The evaluation table and the learning-curve summary as text. */
export function formatReport(report: EvaluationReport): string {
  const header = [
    'situation',
    'n',
    'pattern',
    'hypothesis',
    'oracle agree',
    'remedy',
    'mean regret [95% CI]',
    'false alarms',
    'blocks',
  ];
  const line = (r: ScoreRow): string[] => [
    r.id,
    String(r.cases),
    proportion(r.patternAccuracy),
    proportion(r.hypothesisAccuracy),
    proportion(r.oracleAgreement),
    proportion(r.remedyAccuracy),
    regret(r.regret),
    r.falseAlarms.total > 0 ? proportion(r.falseAlarms) : '–',
    proportion(r.blocks),
  ];
  const rows = [header, ...report.summary.situations.map(line), line(report.summary.overall)];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const render = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ');
  const out = [
    `Agent evaluation: ${report.summary.overall.cases} cases (${report.summary.situations.length} situations × ${report.seeds} seeds); 95% intervals (Wilson for rates, t for regret)`,
    '',
    render(header),
    ...report.summary.situations.map((r) => render(line(r))),
    widths.map((w) => '-'.repeat(w)).join('  '),
    render(line(report.summary.overall)),
  ];
  const { on, off, reduction } = report.learning;
  if (report.cycles > 0) {
    out.push(
      '',
      `Learning curve: ${on.cycles} cycles per arm, stream seed ${on.seed}`,
      `  learning on : cumulative regret ${on.cumulativeRegret.toFixed(3)} (mean ${on.meanRegret.toFixed(4)}), oracle agreement ${pct(on.agreement)}, blocks ${on.blocks}`,
      `  learning off: cumulative regret ${off.cumulativeRegret.toFixed(3)} (mean ${off.meanRegret.toFixed(4)}), oracle agreement ${pct(off.agreement)}, blocks ${off.blocks}`,
      `  reduction   : ${
        reduction === null
          ? 'n/a'
          : `${formatPercent(Math.abs(reduction))} ${reduction >= 0 ? 'less' : 'more'}`
      } cumulative regret with learning`,
    );
    const quarter = Math.max(1, Math.floor(on.cycles / 4));
    const at = (i: number) =>
      `cycle ${i + 1}: on ${on.points[i]?.cumulativeRegret.toFixed(3)} / off ${off.points[i]?.cumulativeRegret.toFixed(3)}`;
    const marks = [quarter - 1, 2 * quarter - 1, 3 * quarter - 1, on.cycles - 1].filter(
      (i, k, all) => i >= 0 && all.indexOf(i) === k,
    );
    out.push(`  cumulative  : ${marks.map(at).join('; ')}`);
  }
  // Calibration of the stated confidence over the cases above (see calibration.ts).
  const calibration = casePairs(report.results);
  out.push('', ...formatCalibration(calibrationReport(calibration.pairs), calibration.blocked));
  return `${out.join('\n')}\n`;
}

/** Runs the command line; returns the exit code. */
export function main(args: string[]): number {
  return runCommand(
    'evaluate',
    USAGE,
    args,
    (a) => parseOptions(a),
    (options) => {
      const report = runEvaluation(options);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
      return 0;
    },
  );
}

// Run only as a program, so tests can import the helpers.
if (process.argv[1] !== undefined && /evaluate\.ts$/.test(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
