import type { EvaluationReport } from '../contracts';
import { clamp } from '../domain/numbers';
import {
  EvaluationAbortedError,
  runEvaluation,
  type EvaluationProgress,
} from '../services/evaluation-pool';

/** Most seeds and cycles the panel offers: enough to be telling, bounded so a run stays minutes. */
export const EVALUATION_LIMITS = { seeds: { min: 1, max: 50 }, cycles: { min: 10, max: 1000 } };

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
  readonly workers =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0
      ? navigator.hardwareConcurrency
      : 2;

  private controller: AbortController | null = null;

  /** Runs the evaluation in a pool of simulator workers, one per core. */
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
      this.report = await runEvaluation({
        seeds,
        cycles,
        workers: this.workers,
        signal: controller.signal,
        onProgress: (progress) => {
          this.progress = progress;
        },
      });
      this.seconds = (performance.now() - started) / 1000;
    } catch (error) {
      this.problem =
        error instanceof EvaluationAbortedError
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
}

/** A whole number within the range; a field left empty or not a number reads as its minimum. */
function wholeWithin(value: number, range: { min: number; max: number }): number {
  return Number.isFinite(value) ? clamp(Math.round(value), range.min, range.max) : range.min;
}
