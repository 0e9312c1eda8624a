/**
 * The learning curve: the agent meets a seeded, shuffled stream of catalog situations, once with
 * its outcomes fed back through the learning context (as the lab does) and once with an empty
 * context, on the same stream and seeds. Per-cycle and cumulative regret show whether learning
 * helps.
 */
import {
  EMPTY_LEARNING_CONTEXT,
  type LearningComparison,
  type LearningCurve,
  type LearningCurveOptions,
  type LearningCurvePoint,
  type LearningRecord,
} from '../../contracts';
import { learningContext } from '../learning';
import { Random } from '../random';
import { CATALOG, type Situation } from './catalog';
import { EVALUATION_EPOCH, caseWorld, runOracle } from './oracle';
import { agentTurn } from './scoring';

/** Recent outcomes the context carries: the lab's own setting (state/history.svelte.ts). */
export const CONTEXT_RECENT = 20;

/** Simulated time between two cycles, ms: outcomes are ordered by when they ran. */
export const CYCLE_INTERVAL_MS = 60_000;

/** Stream of the seeded generator that shuffles the situations and draws the seeds. */
const STREAM = 7;

/** One cycle of the stream: which situation, on which seed. */
export interface StreamItem {
  situation: Situation;
  seed: number;
}

/**
 * The situations of `cycles` cycles: the catalog shuffled afresh for every pass, so each
 * situation comes up equally often, with a fresh window seed per cycle; the same seed always gives
 * the same stream.
 */
export function situationStream(cycles: number, seed: number): StreamItem[] {
  const random = new Random(seed, STREAM);
  const out: StreamItem[] = [];
  while (out.length < cycles) {
    for (const situation of random.shuffle([...CATALOG])) {
      if (out.length >= cycles) break;
      out.push({ situation, seed: random.nextUint32() });
    }
  }
  return out;
}

/** Progress of a learning-curve run: cycles done of the total. */
export type CurveProgress = (done: number, total: number) => void;

/**
 * Runs one arm of the learning curve. With learning on, every cycle reasons with the context of
 * the records so far (the last CONTEXT_RECENT outcomes and statistics over all of them); with it
 * off, with an empty context. Decisions that ask for approval are approved; a hard block means
 * nothing is done. Regret per cycle is the oracle's objective minus the agent's. `elapsed` is a
 * monotonic clock for the records' executionTimeMs.
 */
export function runLearningCurve(
  options: LearningCurveOptions,
  onProgress?: CurveProgress,
  elapsed?: () => number,
): LearningCurve {
  const stream = situationStream(options.cycles, options.seed);
  const records: LearningRecord[] = [];
  const points: LearningCurvePoint[] = [];
  let cumulative = 0;
  let agreements = 0;
  let blocks = 0;
  stream.forEach((item, cycle) => {
    const world = caseWorld(item.situation, item.seed);
    const oracle = runOracle(world);
    const context = options.learning
      ? learningContext(records, CONTEXT_RECENT)
      : EMPTY_LEARNING_CONTEXT;
    const now = EVALUATION_EPOCH + cycle * CYCLE_INTERVAL_MS;
    const turn = agentTurn(world, oracle, context, now, cycle, elapsed);
    records.push(turn.record);
    cumulative += turn.result.regret;
    if (turn.result.agreesWithOracle) agreements += 1;
    if (turn.result.blocked) blocks += 1;
    points.push({
      cycle,
      situationId: item.situation.id,
      seed: item.seed,
      agentAction: turn.result.executedAction.key,
      oracleAction: turn.result.oracleAction.key,
      blocked: turn.result.blocked,
      regret: turn.result.regret,
      cumulativeRegret: cumulative,
    });
    onProgress?.(cycle + 1, stream.length);
  });
  return {
    cycles: stream.length,
    seed: options.seed,
    learning: options.learning,
    points,
    cumulativeRegret: cumulative,
    meanRegret: stream.length > 0 ? cumulative / stream.length : 0,
    agreement: stream.length > 0 ? agreements / stream.length : 0,
    blocks,
  };
}

/** The arm of a learning curve that was not run (zero cycles): nothing learned, no regret. */
export function emptyLearningCurve(seed: number, learning: boolean): LearningCurve {
  return {
    cycles: 0,
    seed,
    learning,
    points: [],
    cumulativeRegret: 0,
    meanRegret: 0,
    agreement: 0,
    blocks: 0,
  };
}

/** Both arms side by side, with the share of cumulative regret learning removed. */
export function compareCurves(on: LearningCurve, off: LearningCurve): LearningComparison {
  return {
    on,
    off,
    reduction: off.cumulativeRegret > 0 ? 1 - on.cumulativeRegret / off.cumulativeRegret : null,
  };
}
