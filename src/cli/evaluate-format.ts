/**
 * The evaluation report as text: the leaderboard per set (regret with its paired interval, exact
 * and family agreement, false alarms, lift over random, the paired difference with the agent),
 * the agent's scores per situation with the objective's terms, and the learning curve.
 */
import { formatCalibration } from '../domain/evaluation/calibration';
import {
  agentCalibration,
  agentSets,
  experienceSummary,
} from '../domain/evaluation/experience-summary';
import { POLICY_LABELS } from '../contracts';
import type {
  CaseResult,
  EvaluationReport,
  LearningCurve,
  MeanInterval,
  Proportion,
  ScoreRow,
} from '../contracts';
import { familyAgreement, reductionParts } from '../domain/evaluation';
import { DRAWN_STREAM_SITUATIONS } from '../domain/evaluation/learning-curve';
import { formatPercent } from '../domain/percent';

const pct = (x: number | null): string => formatPercent(x, { digits: 0 });
const num = (x: number, digits = 2): string => (x >= 0 ? ' ' : '') + x.toFixed(digits);

function proportion(p: Proportion): string {
  if (p.rate === null) return 'n/a';
  return `${pct(p.rate)} [${pct(p.low)}–${pct(p.high)}]`;
}

function interval(m: MeanInterval): string {
  if (m.mean === null) return 'n/a';
  return `${m.mean.toFixed(3)} [${(m.low ?? 0).toFixed(3)}, ${(m.high ?? 0).toFixed(3)}]`;
}

/** Left-aligned columns separated by two spaces, with a rule under the header. */
function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const render = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    render(rows[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(render),
  ];
}

function leaderboardLines(report: EvaluationReport): string[] {
  const out: string[] = [];
  for (const set of ['training', 'held_out'] as const) {
    const rows = (report.leaderboard ?? []).filter((r) => r.set === set);
    if (rows.length === 0) continue;
    const header = [
      'policy',
      'n',
      'regret [95% paired CI]',
      'exact agree',
      'family agree',
      'false alarms',
      'lift vs random',
      'regret − agent [95% CI]',
    ];
    const lines = rows.map((r) => {
      const c = report.comparisons?.find((x) => x.policy === r.policy && x.set === set);
      return [
        r.policy,
        String(r.cases),
        `${r.regretMean.toFixed(3)} [${r.regretLow.toFixed(3)}, ${r.regretHigh.toFixed(3)}]`,
        pct(r.agreement),
        pct(familyAgreement(report.results, r.policy, set)),
        pct(r.falseAlarms),
        c?.liftOverRandom === null || c === undefined ? 'n/a' : formatPercent(c.liftOverRandom),
        r.policy === 'agent' || !c
          ? '–'
          : `${num(c.diffMean, 3)} [${c.diffLow.toFixed(3)}, ${c.diffHigh.toFixed(3)}]`,
      ];
    });
    out.push(
      '',
      `Leaderboard, ${set === 'training' ? 'training set (the catalog)' : 'held-out set (never tuned on)'}:`,
      ...table([header, ...lines]).map((l) => `  ${l}`),
    );
  }
  if (out.length > 0)
    out.push(
      '',
      `  ${Object.entries(POLICY_LABELS)
        .map(([id, label]) => `${id}: ${label}`)
        .join('; ')}`,
    );
  return out;
}

/** Mean objective terms of the agent's cases on one situation. */
function terms(results: readonly CaseResult[], id: string): string {
  const mine = results.filter((r) => r.situationId === id && (r.policy ?? 'agent') === 'agent');
  const t = mine.map((r) => r.agentImpact.terms).filter((x) => x !== undefined);
  if (t.length === 0) return '–';
  const mean = (f: (x: (typeof t)[number]) => number) => t.reduce((s, x) => s + f(x), 0) / t.length;
  return `${num(mean((x) => x.success))} ${num(mean((x) => x.latency))} ${num(mean((x) => x.cost))} ${num(mean((x) => x.risk))}`;
}

function situationLines(report: EvaluationReport): string[] {
  const header = [
    'situation',
    'n',
    'pattern',
    'exact agree',
    'remedy',
    'mean regret [95% CI]',
    'terms: success latency cost risk',
    'false alarms',
    'blocks',
  ];
  const line = (r: ScoreRow): string[] => [
    r.id,
    String(r.cases),
    proportion(r.patternAccuracy),
    proportion(r.oracleAgreement),
    proportion(r.remedyAccuracy),
    interval(r.regret),
    r.id === 'overall' ? '' : terms(report.results, r.id),
    r.falseAlarms.total > 0 ? proportion(r.falseAlarms) : '–',
    proportion(r.blocks),
  ];
  const { situations, overall } = report.summary;
  return [
    '',
    `The agent per situation: ${overall.cases} cases; objective terms in points (1 = 1 payment in 100)`,
    ...table([header, ...situations.map(line), line(overall)]),
  ];
}

function armLine(label: string, arm: LearningCurve): string {
  return `  ${label}: cumulative regret ${arm.cumulativeRegret.toFixed(3)} (mean ${arm.meanRegret.toFixed(4)}), oracle agreement ${pct(arm.agreement)}, blocks ${arm.blocks}`;
}

function learningLines(report: EvaluationReport): string[] {
  if (report.cycles === 0) return [];
  const { on, off, memoryless, reduction } = report.learning;
  const parts = reductionParts(on, off);
  const share = (x: number) =>
    off.cumulativeRegret > 0 ? ` (${formatPercent(x / off.cumulativeRegret)} of off)` : '';
  const lines = [
    '',
    `Learning curve (multi-seed oracle, ties count as met): ${on.cycles} cycles per arm, stream seed ${on.seed}, ${on.stream === 'drawn' ? `${DRAWN_STREAM_SITUATIONS} situations drawn from the fault space` : 'training catalog'}`,
    armLine('learning on ', on),
    armLine('learning off', off),
  ];
  if (memoryless) lines.push(armLine('no memory   ', memoryless));
  lines.push(
    `  on / off    : ${off.cumulativeRegret > 0 ? formatPercent(on.cumulativeRegret / off.cumulativeRegret) : 'n/a'} of learning-off regret; ${
      reduction === null
        ? 'n/a'
        : `${formatPercent(Math.abs(reduction))} ${reduction >= 0 ? 'less' : 'more'}`
    } cumulative regret with learning`,
    `  by cause    : confidence gate ${parts.gate.toFixed(3)}${share(parts.gate)} over ${parts.gateCycles} cycles blocked in one arm only; changed picks ${parts.picks.toFixed(3)}${share(parts.picks)} over ${parts.pickCycles} cycles; other ${parts.other.toFixed(3)}`,
  );
  if (memoryless)
    lines.push(
      `  memory      : exploring without remembering leaves ${memoryless.cumulativeRegret.toFixed(3)}; experience removes ${(memoryless.cumulativeRegret - on.cumulativeRegret).toFixed(3)} more`,
    );
  return lines;
}

/** The calibration of the agent's stated confidence, per set (see calibration.ts). */
function calibrationLines(report: EvaluationReport): string[] {
  return agentSets(report.results).flatMap((set) => {
    const outcome = agentCalibration(report.results, set, 'outcome');
    const oracle = agentCalibration(report.results, set, 'oracle');
    return [
      '',
      `${set}: met = the executor's verdict (at least half the estimated gain, not significantly worse), what the confidence states`,
      ...formatCalibration(outcome.report, outcome.blocked),
      `${set}: met = the oracle's best or tied with it (stricter)`,
      ...formatCalibration(oracle.report, oracle.blocked),
    ];
  });
}

/**
 * The held-out set again with the agent carrying its training experience: its regret beside the
 * fresh agent's, paired case by case, how many picks experience changed, and its calibration.
 */
function experienceLines(report: EvaluationReport): string[] {
  const summary = experienceSummary(report);
  if (!summary) return [];
  return [
    '',
    `held_out, the agent after ${summary.cycles} learning cycles on the training catalog (stream seed ${summary.seed}); the held-out cases teach it nothing:`,
    `  mean regret ${interval(summary.regret)}; minus the fresh agent's, paired ${interval(summary.paired)}; picks changed in ${summary.changed} of ${summary.pairs} cases`,
    `held_out, experienced: met = the executor's verdict, what the confidence states`,
    ...formatCalibration(summary.calibration.report, summary.calibration.blocked),
  ];
}

/** The leaderboard, the agent's table and the learning curve as text. */
export function formatReport(report: EvaluationReport): string {
  const sets = new Set(report.results.map((r) => r.set ?? 'training'));
  const out = [
    `Evaluation: ${report.results.length} policy cases on ${report.summary.situations.length} situations (${[...sets].join(', ')}), ${report.seeds} decision seeds each; oracle over ${report.oracleSeeds ?? 1} seeds per candidate; regret in points`,
    ...leaderboardLines(report),
    ...situationLines(report),
    ...learningLines(report),
    ...calibrationLines(report),
    ...experienceLines(report),
  ];
  return `${out.join('\n')}\n`;
}
