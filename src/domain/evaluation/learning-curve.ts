/**
 * The learning curve: the agent meets a seeded, shuffled stream of catalog situations, once with
 * its outcomes fed back through the learning context (as the lab does) and once with an empty
 * context, on the same stream and seeds. Each cycle is scored against the multi-seed oracle (its
 * best, or a candidate tied with it within a paired 95 % interval, counts as agreement), so
 * per-cycle and cumulative regret show whether learning helps, and the cut in regret is split
 * into what the confidence gate let through and what learning changed in the picks.
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
import { calibrationSituations } from './calibration-set';
import { CATALOG, type Situation } from './catalog';
import { EVALUATION_EPOCH } from './oracle';
import {
  DEFAULT_ORACLE_SEEDS,
  runMultiSeedOracle,
  type MultiSeedOracle,
} from './oracle-multi-seed';
import { policyTurn } from './policy-turn';
import { exactKey } from './candidates';

/** Recent outcomes the context carries: the lab's own setting (state/history.svelte.ts). */
export const CONTEXT_RECENT = 20;

/** Simulated time between two cycles, ms: outcomes are ordered by when they ran. */
export const CYCLE_INTERVAL_MS = 60_000;

/** Situations a drawn stream shuffles: few enough that each comes back several times in 200 cycles. */
export const DRAWN_STREAM_SITUATIONS = 40;

/** Seed of the drawn stream's situations, apart from the calibration check's draws. */
export const DRAWN_STREAM_SEED = 4049;

/** The situations a stream of this kind shuffles. */
export function streamSituations(stream: LearningCurveOptions['stream']): readonly Situation[] {
  return stream === 'drawn'
    ? calibrationSituations(DRAWN_STREAM_SITUATIONS, DRAWN_STREAM_SEED)
    : CATALOG;
}

/** Stream of the seeded generator that shuffles the situations and draws the seeds. */
const STREAM = 7;

/** Stream of the exploration seeds, apart from the situation stream's. */
const EXPLORATION_STREAM = 11;
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
export function situationStream(
  cycles: number,
  seed: number,
  situations: readonly Situation[] = CATALOG,
): StreamItem[] {
  const random = new Random(seed, STREAM);
  const out: StreamItem[] = [];
  while (out.length < cycles) {
    for (const situation of random.shuffle([...situations])) {
      if (out.length >= cycles) break;
      out.push({ situation, seed: random.nextUint32() });
    }
  }
  return out;
}

/** Progress of a learning-curve run: cycles done of the total. */
export type CurveProgress = (done: number, total: number) => void;

/** Multi-seed oracles by situation id, shared by the two arms so each is run once. */
export type OracleCache = Map<string, MultiSeedOracle>;

function oracleOf(cache: OracleCache, situation: Situation): MultiSeedOracle {
  const known = cache.get(situation.id);
  if (known) return known;
  const oracle = runMultiSeedOracle(situation, DEFAULT_ORACLE_SEEDS);
  cache.set(situation.id, oracle);
  return oracle;
}

/** A record stamped with its cycle's time, so the context orders outcomes as they happened. */
function stamped(record: LearningRecord, at: number): LearningRecord {
  return record.outcome
    ? { ...record, recordedAt: at, outcome: { ...record.outcome, executedAt: at } }
    : { ...record, recordedAt: at };
}

/**
 * Runs one arm of the learning curve. With learning on, every cycle reasons with the context of
 * the records so far (the last CONTEXT_RECENT outcomes and statistics over all of them) and a
 * fresh exploration seed (with `memory: false`, the same draws on an empty context); with it
 * off, with an empty context and no exploration. Every decision
 * goes through the lab's executor core (guardrails, approval given, paired counterfactual,
 * canary, rollback) and only what it executed and observed is fed back. Regret per cycle is the
 * multi-seed oracle's best objective minus that of what is in force afterwards. `elapsed` is a
 * monotonic clock for the records' executionTimeMs; `oracles` may be shared between arms.
 */
export function runLearningCurve(
  options: LearningCurveOptions,
  onProgress?: CurveProgress,
  elapsed: () => number = () => 0,
  oracles: OracleCache = new Map(),
): LearningCurve {
  return runLearningArm(options, onProgress, elapsed, oracles).curve;
}

/** A learning arm's curve and the records it fed back, in cycle order. */
export interface LearningArm {
  curve: LearningCurve;
  records: LearningRecord[];
}

/** Runs one arm as runLearningCurve does and keeps the records it fed back (see trainingExperience). */
export function runLearningArm(
  options: LearningCurveOptions,
  onProgress?: CurveProgress,
  elapsed: () => number = () => 0,
  oracles: OracleCache = new Map(),
): LearningArm {
  const stream = situationStream(options.cycles, options.seed, streamSituations(options.stream));
  const explorationSeeds = new Random(options.seed, EXPLORATION_STREAM);
  const records: LearningRecord[] = [];
  const points: LearningCurvePoint[] = [];
  let cumulative = 0;
  let agreements = 0;
  let blocks = 0;
  stream.forEach((item, cycle) => {
    const oracle = oracleOf(oracles, item.situation);
    const explorationSeed = explorationSeeds.nextUint32();
    const remembers = options.learning && options.memory !== false;
    const context = remembers ? learningContext(records, CONTEXT_RECENT) : EMPTY_LEARNING_CONTEXT;
    const agent = options.learning
      ? { learningContext: context, explorationSeed }
      : { learningContext: context };
    const at = EVALUATION_EPOCH + cycle * CYCLE_INTERVAL_MS;
    const started = elapsed();
    const result = policyTurn('agent', oracle, 'training', item.seed, agent, undefined, (r) =>
      records.push(stamped({ ...r, ...timed(r, elapsed() - started) }, at)),
    );
    cumulative += result.regret;
    if (result.exactAgreement === true) agreements += 1;
    if (result.blocked) blocks += 1;
    points.push({
      cycle,
      situationId: item.situation.id,
      seed: item.seed,
      agentAction: exactKey(result.agentAction),
      oracleAction: exactKey(result.oracleAction),
      blocked: result.blocked,
      regret: result.regret,
      cumulativeRegret: cumulative,
    });
    onProgress?.(cycle + 1, stream.length);
  });
  const curve: LearningCurve = {
    cycles: stream.length,
    seed: options.seed,
    learning: options.learning,
    ...(options.stream === 'drawn' ? { stream: 'drawn' as const } : {}),
    points,
    cumulativeRegret: cumulative,
    meanRegret: stream.length > 0 ? cumulative / stream.length : 0,
    agreement: stream.length > 0 ? agreements / stream.length : 0,
    blocks,
  };
  return { curve, records };
}

/** The record's outcome with the time its execution took on `elapsed`'s clock. */
function timed(record: LearningRecord, ms: number): Partial<LearningRecord> {
  return record.outcome ? { outcome: { ...record.outcome, executionTimeMs: Math.max(0, ms) } } : {};
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

/**
 * Both arms side by side (and the memoryless one when run), with the share of cumulative regret
 * learning removed.
 */
export function compareCurves(
  on: LearningCurve,
  off: LearningCurve,
  memoryless?: LearningCurve,
): LearningComparison {
  return {
    on,
    off,
    ...(memoryless ? { memoryless } : {}),
    reduction: off.cumulativeRegret > 0 ? 1 - on.cumulativeRegret / off.cumulativeRegret : null,
  };
}

/**
 * The three arms of a learning curve on one stream, sharing the oracle of each situation: on,
 * off and the bandit without memory.
 */
export function runLearningComparison(
  options: Omit<LearningCurveOptions, 'learning' | 'memory'>,
  elapsed?: () => number,
): LearningComparison {
  const oracles: OracleCache = new Map();
  const arm = (learning: boolean, memory = true) =>
    runLearningCurve({ ...options, learning, memory }, undefined, elapsed, oracles);
  return compareCurves(arm(true), arm(false), arm(true, false));
}

/** Where learning's cut in regret came from, cycle by cycle over the same stream. */
export interface ReductionParts {
  /** Regret removed (off − on) on cycles where one arm was blocked and the other was not. */
  gate: number;
  /** Regret removed on cycles where both passed or both were blocked but the picks differed. */
  picks: number;
  /** Regret removed on cycles with the same pick and the same verdict (rollbacks, say). */
  other: number;
  /** Cycles of each kind. */
  gateCycles: number;
  pickCycles: number;
}

/**
 * Splits off − on cumulative regret by cause: the confidence gate (a decision blocked in one arm
 * and not in the other) or a changed pick. Both arms must have run the same stream.
 */
export function reductionParts(on: LearningCurve, off: LearningCurve): ReductionParts {
  const parts: ReductionParts = { gate: 0, picks: 0, other: 0, gateCycles: 0, pickCycles: 0 };
  on.points.forEach((a, k) => {
    const b = off.points[k];
    if (!b || b.situationId !== a.situationId || b.seed !== a.seed)
      throw new Error(`the arms met different situations at cycle ${k}`);
    const saved = b.regret - a.regret;
    if (a.blocked !== b.blocked) {
      parts.gate += saved;
      parts.gateCycles += 1;
    } else if (a.agentAction !== b.agentAction) {
      parts.picks += saved;
      parts.pickCycles += 1;
    } else parts.other += saved;
  });
  return parts;
}
