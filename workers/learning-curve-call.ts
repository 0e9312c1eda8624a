/**
 * The learning curve as a worker answers it, shared by the simulator and evaluation workers:
 * parse the options at the boundary, run the pure domain, report progress now and then.
 */
import { parseContract } from '../src/contracts/common';
import { LearningCurveOptionsSchema, type LearningCurve } from '../src/contracts/evaluation';
import { runLearningCurve } from '../src/domain/evaluation';

/** Cycles between two progress reports of a learning curve: enough for a smooth bar, few messages. */
const CURVE_PROGRESS_EVERY = 10;

/** Runs the learning curve of `options`, telling `onProgress` (when a function) how far it got. */
export function learningCurveCall(
  options: unknown,
  onProgress?: (done: number, total: number) => void,
): LearningCurve {
  const parsed = parseContract(LearningCurveOptionsSchema, options, 'learning-curve options');
  const report = typeof onProgress === 'function' ? onProgress : undefined;
  return runLearningCurve(
    parsed,
    (done, total) => {
      // Fire and forget: across a worker the callback is a proxy whose answer nobody needs.
      if (report && (done % CURVE_PROGRESS_EVERY === 0 || done === total)) void report(done, total);
    },
    // The records the curve learns from carry a real executionTimeMs, as the lab's do.
    () => performance.now(),
  );
}
