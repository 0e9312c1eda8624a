/**
 * The learning curve as a worker answers it, shared by the simulator and evaluation workers:
 * parse the options at the boundary, run the pure domain, report progress now and then.
 */
import { parseContract } from '../src/contracts/common';
import {
  LearningCurveOptionsSchema,
  TrainingExperienceOptionsSchema,
  type LearningCurve,
} from '../src/contracts/evaluation';
import type { LearningContext } from '../src/contracts/reasoning';
import { runLearningCurve } from '../src/domain/evaluation';
import { trainingExperience } from '../src/domain/evaluation/training-experience';

/** Cycles between two progress reports of a learning curve: enough for a smooth bar, few messages. */
const CURVE_PROGRESS_EVERY = 10;

/** A progress callback that passes on every CURVE_PROGRESS_EVERY-th cycle and the last. */
function throttled(onProgress: unknown): (done: number, total: number) => void {
  const report =
    typeof onProgress === 'function'
      ? (onProgress as (done: number, total: number) => unknown)
      : undefined;
  return (done, total) => {
    // Fire and forget: across a worker the callback is a proxy whose answer nobody needs.
    if (report && (done % CURVE_PROGRESS_EVERY === 0 || done === total)) void report(done, total);
  };
}

/** Runs the learning curve of `options`, telling `onProgress` (when a function) how far it got. */
export function learningCurveCall(
  options: unknown,
  onProgress?: (done: number, total: number) => void,
): LearningCurve {
  const parsed = parseContract(LearningCurveOptionsSchema, options, 'learning-curve options');
  return runLearningCurve(
    parsed,
    throttled(onProgress),
    // The records the curve learns from carry a real executionTimeMs, as the lab's do.
    () => performance.now(),
  );
}

/** Learns the training experience of `options`, telling `onProgress` how far it got. */
export function trainingExperienceCall(options: unknown, onProgress?: unknown): LearningContext {
  const parsed = parseContract(
    TrainingExperienceOptionsSchema,
    options,
    'training-experience options',
  );
  return trainingExperience(parsed.cycles, parsed.seed, throttled(onProgress));
}
