/** What the evaluation pool is asked to do, how far it has come, and how it ends when cancelled. */
import type { PolicyId } from '../contracts';
import type { StagedWork } from './incident-stages-client';
import type { WorkerLike } from './worker-client';

/**
 * How far an evaluation has come: work done of the total (a policy case or a cycle is one unit of
 * work, a staged script weighs as much as one situation's cases; a situation's cases arrive
 * together).
 */
export interface EvaluationProgress {
  done: number;
  total: number;
  /** Policy cases scored so far, of all cases. */
  casesDone: number;
  cases: number;
  /** Learning-curve cycles run so far, both arms together, of 2 × cycles. */
  cyclesDone: number;
  cycles: number;
  /** Cycles of training experience learned so far, of all (0 of 0 without the experienced pass). */
  experienceDone: number;
  experience: number;
  /** Staged incident scripts scored so far, of all scripts (0 of 0 without the staged table). */
  scriptsDone: number;
  scripts: number;
}

/** What runEvaluation is asked to do, and how. */
export interface RunEvaluationOptions {
  /** Decision seeds per situation. */
  seeds: number;
  /** Seeds the oracle averages each candidate over (default 20). */
  oracleSeeds?: number;
  /** Policies to score (default: all). */
  policies?: readonly PolicyId[];
  /** Learning-curve cycles per arm; 0 skips the curve. */
  cycles: number;
  /** Seed of the learning curve's situation stream (default 1). */
  seed?: number;
  /**
   * Learning cycles of training experience the held-out agent carries into a second pass, as
   * `npm run evaluate -- --experience N` (default 0: no experienced pass).
   */
  experience?: number;
  /** The staged incident table to score in the same pool (none if absent). */
  incidents?: StagedWork;
  /** Situation ids to evaluate (default: the catalog and the held-out set). */
  situations?: readonly string[];
  /** Workers to start (default navigator.hardwareConcurrency, at least 1). */
  workers?: number;
  /** Situations per worker call (default 1: a situation's oracle is the unit of work). */
  chunkSize?: number;
  /** Hears progress after every finished chunk and every few learning-curve cycles. */
  onProgress?: (progress: EvaluationProgress) => void;
  /** Cancels the run: the workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Starts one evaluation worker; injectable so that Node tests can pass a fake. */
  createWorker?: (index: number) => WorkerLike;
  /** Milliseconds one chunk of situations may take before its worker is considered hung. */
  chunkTimeoutMs?: number;
}

/** The error a cancelled evaluation rejects with; `name` is 'AbortError', as fetch's is. */
export class EvaluationAbortedError extends Error {
  constructor(message = 'The evaluation was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}
