/**
 * The agent as it stands after learning on the training catalog: the learning context of a
 * learning-on arm of the learning curve (the lab's executor core, what was executed and observed
 * fed back), carried into held-out cases that teach it nothing more. A fresh agent states its
 * confidence through the calibration prior alone, fitted on ground drawn from the whole fault
 * space; experience moves that prior towards how often its actions met expectations in the world
 * it learned in. Scoring held-out both ways shows what training experience carries over.
 */
import type {
  CaseResult,
  EvaluationReport,
  EvaluationUnit,
  LearningContext,
} from '../../contracts';
import { learningContext } from '../learning';
import { CONTEXT_RECENT, runLearningArm, type CurveProgress } from './learning-curve';

/** Learning cycles of the training experience unless told otherwise: the learning target's 200. */
export const TRAINING_EXPERIENCE_CYCLES = 200;

/**
 * The learning context the agent holds after `cycles` learning-on cycles on the training catalog
 * from stream seed `seed` (the same stream and seeds as the learning curve's on arm), as the lab
 * builds it from its history: the last CONTEXT_RECENT outcomes and statistics over all of them.
 */
export function trainingExperience(
  cycles: number,
  seed: number,
  onProgress?: CurveProgress,
): LearningContext {
  const { records } = runLearningArm({ cycles, seed, learning: true }, onProgress);
  return learningContext(records, CONTEXT_RECENT);
}

/**
 * The units of a run with `experience` given to each held-out unit the agent is scored on, so
 * that unit also scores the agent carrying it on the same oracle and warm-ups (see runUnit): the
 * experienced cases differ from the fresh ones only by what the agent learned.
 */
export function withTrainingExperience(
  units: readonly EvaluationUnit[],
  experience: LearningContext,
): EvaluationUnit[] {
  return units.map((unit) => (takesTrainingExperience(unit) ? { ...unit, experience } : unit));
}

/** Whether a unit scores the agent on the held-out set, and so also scores it experienced. */
export function takesTrainingExperience(unit: EvaluationUnit): boolean {
  return unit.set === 'held_out' && unit.policies.includes('agent');
}

/**
 * The report `build` makes of a run's fresh cases, with its experienced cases filed apart under
 * what the agent learned from (`learned`); the report alone when the run carried no experience.
 */
export function fileExperienced(
  learned: { cycles: number; seed: number } | null,
  results: readonly CaseResult[],
  build: (fresh: CaseResult[]) => EvaluationReport,
): EvaluationReport {
  const built = build(results.filter((r) => r.experienced !== true));
  if (learned === null) return built;
  const experienced = results.filter((r) => r.experienced === true);
  return { ...built, experienced: { ...learned, results: experienced } };
}
