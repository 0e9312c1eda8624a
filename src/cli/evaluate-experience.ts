/**
 * The evaluation's experienced held-out pass: the training experience is learned first (see
 * training-experience.ts), then each held-out unit also scores the agent carrying it, in the same
 * thread pool as the rest of the evaluation.
 */
import type { EvaluationUnit } from '../contracts';
import {
  takesTrainingExperience,
  trainingExperience,
  withTrainingExperience,
} from '../domain/evaluation/training-experience';

/** What the experienced pass needs of the command line. */
export interface ExperienceOptions {
  /** Learning cycles of training experience; 0 runs no experienced pass. */
  experience: number;
  /** Seed of the training stream (the learning curve's --seed). */
  seed: number;
}

/** The units to run and, when they carry training experience, how it was learned. */
export interface ExperiencePlan {
  units: EvaluationUnit[];
  learned: { cycles: number; seed: number } | null;
}

/**
 * Learns the training experience and gives it to the run's held-out units (a shard learns the
 * same as the whole run, so shards merge); the units as they are when the run asks for none. A
 * run without held-out agent cases learns nothing, as it would use nothing.
 */
export function planExperience(
  options: ExperienceOptions,
  units: readonly EvaluationUnit[],
): ExperiencePlan {
  if (options.experience <= 0) return { units: [...units], learned: null };
  const learned = { cycles: options.experience, seed: options.seed };
  if (!units.some(takesTrainingExperience)) return { units: [...units], learned };
  const context = trainingExperience(options.experience, options.seed);
  return { units: withTrainingExperience(units, context), learned };
}
