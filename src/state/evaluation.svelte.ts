import type {
  CaseResult,
  EvaluationReport,
  IncidentStageRow,
  LeaderboardRow,
  PolicyComparison,
  Scenario,
  ScoreRow,
  SituationSet,
} from '../contracts';
import { clamp } from '../domain/numbers';
import { CATALOG, situationScenario } from '../domain/evaluation/catalog';
import { STAGED_POLICIES } from '../domain/evaluation/incident-stages-policies';
import { TRAINING_EXPERIENCE_CYCLES } from '../domain/evaluation/training-experience';
import { PRESET_SCRIPTS } from '../domain/scenarios/preset-scripts';
import {
  EvaluationAbortedError,
  runEvaluation,
  type EvaluationProgress,
} from '../services/evaluation-pool';
import { experienceSummary } from '../domain/evaluation/experience-summary';
import { calibrationRows } from './evaluation-calibration';

/** Most seeds and cycles the panel offers: enough to be telling, bounded so a run stays minutes. */
export const EVALUATION_LIMITS = { seeds: { min: 1, max: 50 }, cycles: { min: 10, max: 1000 } };

/** Run seed of the staged incident scripts in the page, as the command line's default. */
export const INCIDENT_SEED = 1;

/**
 * The leaderboard of a report: the rows it carries, or else the agent's own row on the training
 * set read from its summary (a report scored by the agent alone has nothing to rank it against).
 */
export function leaderboardOf(report: EvaluationReport | null): LeaderboardRow[] {
  if (!report) return [];
  if (report.leaderboard && report.leaderboard.length > 0) return report.leaderboard;
  const overall = report.summary.overall;
  const regret = overall.regret;
  if (regret.mean === null) return [];
  return [
    {
      policy: 'agent',
      set: 'training',
      cases: overall.cases,
      regretMean: regret.mean,
      regretLow: regret.low ?? regret.mean,
      regretHigh: regret.high ?? regret.mean,
      agreement: overall.oracleAgreement.rate ?? 0,
      falseAlarms: overall.falseAlarms.rate ?? 0,
    },
  ];
}

/** The agent's scores of one set's situations. */
export interface SetScores {
  set: SituationSet;
  rows: ScoreRow[];
}

/**
 * The agent's per-situation scores grouped by set, training first, each in the report's order. A
 * situation's set is read from the report's list of situations, else from its cases (a report
 * without sets is all training, as the catalog is).
 */
export function scoresBySet(report: EvaluationReport | null): SetScores[] {
  if (!report) return [];
  const listed = report.situations ?? [];
  const setOf = (id: string): SituationSet =>
    listed.find((s) => s.id === id)?.set ??
    report.results.find((r) => r.situationId === id)?.set ??
    'training';
  return (['training', 'held_out'] as const)
    .map((set) => ({
      set,
      rows: report.summary.situations.filter((row) => setOf(row.id) === set),
    }))
    .filter((group) => group.rows.length > 0);
}

/** The lab scenario a case ran on, or why it cannot be reopened. */
export function caseScenario(result: CaseResult): { scenario: Scenario } | { problem: string } {
  const situation = CATALOG.find((s) => s.id === result.situationId);
  if (!situation) {
    return {
      problem: `The situation ${result.situationId} is not in the lab's catalog, so it cannot be opened here.`,
    };
  }
  return { scenario: situationScenario(situation, result.seed) };
}

/**
 * A policy's paired test against the agent in words: its regret minus the agent's with the 95 %
 * interval, and "worse" or "better" only when the interval leaves out 0.
 */
export function pairedVerdict(comparison: PolicyComparison | undefined): string {
  if (!comparison) return '–';
  // Regret is in points of the objective already.
  const f = (x: number) => x.toFixed(2);
  const { diffMean, diffLow, diffHigh } = comparison;
  const interval = `${f(diffMean)} [${f(diffLow)}, ${f(diffHigh)}]`;
  if (diffLow > 0) return `${interval} worse`;
  if (diffHigh < 0) return `${interval} better`;
  return `${interval} no clear difference`;
}

/** A regret in points of the objective, two decimals. */
function pt(x: number): string {
  return `${x.toFixed(2)} pt`;
}

/**
 * Why a case's decision differs from the oracle's, in sentences: a block by the guardrails,
 * another action type, another target, or the same target with another share; then the pattern
 * and what it cost. A case that agrees says so (a tied candidate counts).
 */
export function explainCase(result: CaseResult): string[] {
  const agreed = result.exactAgreement ?? result.agreesWithOracle;
  const out: string[] = [];
  const decided = result.agentAction;
  const best = result.oracleAction;
  if (agreed) {
    out.push(
      `It agrees with the oracle: ${result.executedAction.key} is its best or tied with it.`,
    );
  } else if (result.blocked) {
    out.push(
      `The guardrails blocked ${decided.key} (${result.blockReason ?? 'not approved'}), so nothing was done; the oracle's best is ${best.key}.`,
    );
  } else if (decided.type !== best.type) {
    out.push(`It chose ${decided.type} where the oracle's best is ${best.type} (${best.key}).`);
  } else if (decided.key !== best.key) {
    out.push(
      `It chose the right kind of action on another target: ${decided.key}, not ${best.key}.`,
    );
  } else {
    out.push(
      `It chose the right target with other parameters: ${JSON.stringify(decided.parameters)} against ${JSON.stringify(best.parameters)}.`,
    );
  }
  if (!agreed && (result.familyAgreement ?? result.remedyCorrect))
    out.push('The action it carried out is still in the right remedy family.');
  if (!result.patternCorrect)
    out.push(`It recognised ${result.recognisedPattern}; the truth is ${result.truePattern}.`);
  out.push(
    result.regret > 0
      ? `It cost ${pt(result.regret)} of the objective against the oracle's best.`
      : 'It cost nothing against the oracle.',
  );
  return out;
}

/** The "Evaluate agent" panel: settings, a run in the worker pool with progress, cancel, the report. */
export class EvaluationState {
  seeds = $state(5);
  cycles = $state(100);
  running = $state(false);
  progress = $state.raw<EvaluationProgress | null>(null);
  report = $state.raw<EvaluationReport | null>(null);
  /** Why the last run ended without a report. */
  problem = $state<string | null>(null);
  /** Seconds the last finished run took. */
  seconds = $state<number | null>(null);
  /** Index into report.results of the case shown in the drill-down. */
  selectedCase = $state<number | null>(null);
  /** Why the last "Open in lab" did not open the case. */
  openProblem = $state<string | null>(null);
  /** What the last "Open in lab" opened, for the status beside the button. */
  opened = $state<string | null>(null);
  readonly leaderboard = $derived(leaderboardOf(this.report));
  readonly scoreSets = $derived(scoresBySet(this.report));
  readonly incidents = $derived<IncidentStageRow[]>(this.report?.incidents ?? []);
  readonly calibration = $derived(calibrationRows(this.report));
  readonly experience = $derived(this.report ? experienceSummary(this.report) : null);
  readonly workers =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0
      ? navigator.hardwareConcurrency
      : 2;

  private controller: AbortController | null = null;

  /** Runs the evaluation, the incident scripts by stage among its jobs, in a pool of workers. */
  async run(): Promise<void> {
    if (this.running) return;
    const seeds = wholeWithin(this.seeds, EVALUATION_LIMITS.seeds);
    const cycles = wholeWithin(this.cycles, EVALUATION_LIMITS.cycles);
    this.seeds = seeds;
    this.cycles = cycles;
    this.running = true;
    this.problem = null;
    this.progress = null;
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    try {
      const report = await runEvaluation({
        seeds,
        cycles,
        // The held-out pass with training experience, as `npm run evaluate` runs it by default.
        experience: TRAINING_EXPERIENCE_CYCLES,
        workers: this.workers,
        incidents: {
          scriptIds: PRESET_SCRIPTS.map((s) => s.id),
          policies: STAGED_POLICIES.map((p) => p.id),
          seed: INCIDENT_SEED,
        },
        signal: controller.signal,
        onProgress: (progress) => {
          this.progress = progress;
        },
      });
      if (controller.signal.aborted) throw new EvaluationAbortedError();
      this.report = report;
      this.selectedCase = null;
      this.openProblem = null;
      this.seconds = (performance.now() - started) / 1000;
    } catch (error) {
      this.problem =
        error instanceof EvaluationAbortedError || controller.signal.aborted
          ? 'The evaluation was cancelled; the last report (if any) is still shown.'
          : `The evaluation failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.running = false;
      this.controller = null;
    }
  }

  /** Stops a running evaluation at once; its workers are terminated. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Shows case `index` of the report in the drill-down (null closes it). */
  select(index: number | null): void {
    const results = this.report?.results ?? [];
    this.selectedCase = index !== null && index >= 0 && index < results.length ? index : null;
    this.openProblem = null;
    this.opened = null;
  }

  /**
   * Loads the selected case's scenario and seed into the live lab through `setScenario` (the live
   * view's, which also updates the link); says why next to the button when it cannot.
   */
  openInLab(setScenario: ((scenario: Scenario) => void) | undefined): boolean {
    const result = this.selectedCase === null ? undefined : this.report?.results[this.selectedCase];
    if (!result) {
      this.openProblem = 'Choose a case first.';
      return false;
    }
    if (!setScenario) {
      this.openProblem = 'The lab is not connected to this panel.';
      return false;
    }
    const found = caseScenario(result);
    if ('problem' in found) {
      this.openProblem = found.problem;
      return false;
    }
    this.openProblem = null;
    setScenario(found.scenario);
    this.opened = `Opened ${result.situationId} on seed ${result.seed} in the lab.`;
    return true;
  }
}

/** A whole number within the range; a field left empty or not a number reads as its minimum. */
function wholeWithin(value: number, range: { min: number; max: number }): number {
  return Number.isFinite(value) ? clamp(Math.round(value), range.min, range.max) : range.min;
}
