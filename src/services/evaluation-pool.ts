import { proxy } from 'comlink';
import {
  CaseResultSchema,
  LearningCurveSchema,
  type CaseResult,
  type EvaluationCase,
  type EvaluationReport,
  type LearningCurve,
} from '../contracts';
import type { SimulatorApi } from '../contracts/worker-api';
import {
  compareCurves,
  emptyLearningCurve,
  evaluationCases,
  summarise,
} from '../domain/evaluation';
import { WorkerClient, type WorkerLike } from './worker-client';

/** How far an evaluation has come: work units done of the total (a case or a cycle is one unit). */
export interface EvaluationProgress {
  done: number;
  total: number;
  /** Cases scored so far, of all cases. */
  casesDone: number;
  cases: number;
  /** Learning-curve cycles run so far, both arms together, of 2 × cycles. */
  cyclesDone: number;
  cycles: number;
}

/** What runEvaluation is asked to do, and how. */
export interface RunEvaluationOptions {
  /** Seeds per situation. */
  seeds: number;
  /** Learning-curve cycles per arm; 0 skips the curve. */
  cycles: number;
  /** Seed of the learning curve's situation stream (default 1). */
  seed?: number;
  /** Situation ids to evaluate (default: the whole catalog). */
  situations?: readonly string[];
  /** Workers to start (default navigator.hardwareConcurrency, at least 1). */
  workers?: number;
  /** Cases per worker call (default: about four calls per worker, at most 25 cases each). */
  chunkSize?: number;
  /** Hears progress after every finished chunk and every few learning-curve cycles. */
  onProgress?: (progress: EvaluationProgress) => void;
  /** Cancels the run: the workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Starts one simulator worker; injectable so that Node tests can pass a fake. */
  createWorker?: (index: number) => WorkerLike;
  /** Milliseconds one chunk of cases may take before its worker is considered hung. */
  chunkTimeoutMs?: number;
}

/** The error a cancelled evaluation rejects with; `name` is 'AbortError', as fetch's is. */
export class EvaluationAbortedError extends Error {
  constructor(message = 'The evaluation was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

/** The simulator worker of the built page, one per pool slot. */
function defaultWorker(index: number): WorkerLike {
  return new Worker(new URL('../../workers/simulator.worker.ts', import.meta.url), {
    type: 'module',
    name: `evaluation-${index + 1}`,
  });
}

function defaultWorkerCount(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.floor(cores) : 2;
}

type Task =
  { kind: 'cases'; start: number; cases: EvaluationCase[] } | { kind: 'curve'; learning: boolean };

/** Most attempts per task: a crashed or hung worker is restarted and the task tried once more. */
const ATTEMPTS = 2;

/**
 * Runs the whole evaluation in a pool of simulator workers: the two learning-curve arms first, in
 * parallel workers, then chunks of cases pulled by whichever worker is free. Results are put back
 * in case order, summarised, and returned as an EvaluationReport; progress is reported as units
 * done of the total; an abort terminates every worker at once.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationReport> {
  const { signal } = options;
  if (signal?.aborted) throw new EvaluationAbortedError();
  const cases = evaluationCases({
    seeds: options.seeds,
    ...(options.situations ? { situations: options.situations } : {}),
  });
  const cycles = Math.max(0, Math.floor(options.cycles));
  const seed = options.seed ?? 1;
  const workerCount = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const chunkSize = Math.max(
    1,
    Math.floor(options.chunkSize ?? Math.min(25, Math.ceil(cases.length / (workerCount * 4)))),
  );

  const tasks: Task[] = [];
  if (cycles > 0) tasks.push({ kind: 'curve', learning: true }, { kind: 'curve', learning: false });
  for (let start = 0; start < cases.length; start += chunkSize)
    tasks.push({ kind: 'cases', start, cases: cases.slice(start, start + chunkSize) });

  const results: (CaseResult | undefined)[] = new Array(cases.length);
  const curves: { on?: LearningCurve; off?: LearningCurve } = {};
  const curveDone = { on: 0, off: 0 };
  let casesDone = 0;
  const report = () =>
    options.onProgress?.({
      done: casesDone + curveDone.on + curveDone.off,
      total: cases.length + 2 * cycles,
      casesDone,
      cases: cases.length,
      cyclesDone: curveDone.on + curveDone.off,
      cycles: 2 * cycles,
    });

  const clients = Array.from(
    { length: Math.min(workerCount, Math.max(1, tasks.length)) },
    (_, i) =>
      new WorkerClient<SimulatorApi>({
        name: `Evaluation worker ${i + 1}`,
        timeoutMs: options.chunkTimeoutMs ?? 60_000,
        create: () => (options.createWorker ?? defaultWorker)(i),
      }),
  );
  let aborted = false;
  const stopAll = () => {
    for (const client of clients) client.terminate();
  };
  let rejectAbort: (error: Error) => void = () => undefined;
  const abortPromise = new Promise<never>((_, reject) => {
    rejectAbort = reject;
  });
  // Nobody may be listening when the run ends normally: keep the rejection from going unhandled.
  abortPromise.catch(() => undefined);
  const onAbort = () => {
    aborted = true;
    stopAll();
    rejectAbort(new EvaluationAbortedError());
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const run = async (client: WorkerClient<SimulatorApi>, task: Task): Promise<void> => {
    if (task.kind === 'cases') {
      const answer = await client.call('evaluateCases', [task.cases]);
      if (answer.length !== task.cases.length)
        throw new Error(
          `An evaluation worker answered ${answer.length} results for ${task.cases.length} cases.`,
        );
      answer.forEach((r, k) => {
        results[task.start + k] = CaseResultSchema.parse(r);
      });
      casesDone += task.cases.length;
      report();
      return;
    }
    const arm = task.learning ? 'on' : 'off';
    const onCycle = proxy((done: number) => {
      if (aborted) return;
      curveDone[arm] = done;
      report();
    });
    // A curve is one long call: allow it time in proportion to its cycles.
    const timeout = Math.max(options.chunkTimeoutMs ?? 60_000, cycles * 100);
    const curve = await client.call(
      'learningCurve',
      [{ cycles, seed, learning: task.learning }, onCycle],
      timeout,
    );
    curves[arm] = LearningCurveSchema.parse(curve);
    curveDone[arm] = cycles;
    report();
  };

  const queue = [...tasks];
  const drain = async (client: WorkerClient<SimulatorApi>): Promise<void> => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      for (let attempt = 1; ; attempt++) {
        if (aborted) return;
        try {
          await run(client, task);
          break;
        } catch (error) {
          if (aborted) return;
          if (attempt >= ATTEMPTS) throw error;
        }
      }
    }
  };

  try {
    report();
    await Promise.race([Promise.all(clients.map(drain)), abortPromise]);
    if (aborted) throw new EvaluationAbortedError();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stopAll();
  }

  const complete = results.filter((r): r is CaseResult => r !== undefined);
  if (complete.length !== cases.length)
    throw new Error(`Only ${complete.length} of ${cases.length} cases came back from the workers.`);
  const on = curves.on ?? emptyLearningCurve(seed, true);
  const off = curves.off ?? emptyLearningCurve(seed, false);
  return {
    seeds: options.seeds,
    cycles,
    summary: summarise(complete),
    learning: cycles > 0 ? compareCurves(on, off) : { on, off, reduction: null },
    results: complete,
  };
}
