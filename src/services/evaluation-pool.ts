import { proxy } from 'comlink';
import {
  CaseResultSchema,
  LearningContextSchema,
  LearningCurveSchema,
  type CaseResult,
  type EvaluationReport,
  type EvaluationUnit,
  type EvaluationWorkerApi,
  type IncidentStageRow,
  type IncidentStagesApi,
  type IncidentStagesRequest,
  type LearningContext,
  type LearningCurve,
} from '../contracts';
import {
  buildReport,
  compareCurves,
  defaultSituations,
  emptyLearningCurve,
  evaluationUnits,
} from '../domain/evaluation';
import {
  fileExperienced,
  takesTrainingExperience,
  withTrainingExperience,
} from '../domain/evaluation/training-experience';
import { scoreStagedIn, stagedRequests } from './incident-stages-client';
import {
  EvaluationAbortedError,
  type EvaluationProgress,
  type RunEvaluationOptions,
} from './evaluation-pool-options';
import { WorkerClient, type WorkerLike } from './worker-client';

/** What an evaluation worker answers: the cases and curves, and the staged incident scripts. */
type PoolWorkerApi = EvaluationWorkerApi & IncidentStagesApi;

export { EvaluationAbortedError, type EvaluationProgress, type RunEvaluationOptions };

/** The evaluation worker of the built page, one per pool slot. */
function defaultWorker(index: number): WorkerLike {
  return new Worker(new URL('../../workers/evaluation.worker.ts', import.meta.url), {
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
  | { kind: 'units'; start: number; units: EvaluationUnit[] }
  | { kind: 'curve'; learning: boolean }
  | { kind: 'experience' }
  | { kind: 'stages'; index: number; request: IncidentStagesRequest };

/** Most attempts per task: a crashed or hung worker is restarted and the task tried once more. */
const ATTEMPTS = 2;

/**
 * Work in a unit: its policy cases (one per seed and policy), and with training experience one
 * more agent case per seed.
 */
const unitCases = (unit: EvaluationUnit, experienced: boolean) =>
  unit.seeds.length *
  (unit.policies.length + (experienced && takesTrainingExperience(unit) ? 1 : 0));

/**
 * Runs the whole evaluation in a pool of evaluation workers: the two learning-curve arms first, in
 * parallel workers, then the staged incident scripts (long jobs, so none is left for last), then
 * the situations (each its oracle and every policy case), each pulled by whichever worker is free.
 * Results are put back in order and returned as the same EvaluationReport the command line builds;
 * progress is reported as work done of the total; an abort terminates every worker at once.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationReport> {
  const { signal } = options;
  if (signal?.aborted) throw new EvaluationAbortedError();
  const wanted = options.situations;
  const situations = defaultSituations().filter((s) => !wanted || wanted.includes(s.id));
  const units = evaluationUnits({
    seeds: options.seeds,
    situations,
    ...(options.oracleSeeds ? { oracleSeeds: options.oracleSeeds } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
  });
  const cycles = Math.max(0, Math.floor(options.cycles));
  const seed = options.seed ?? 1;
  const experience = Math.max(0, Math.floor(options.experience ?? 0));
  // As on the command line: nothing is learned for a run without held-out agent cases.
  const learns = experience > 0 && units.some(takesTrainingExperience);
  const casesOf = (unit: EvaluationUnit) => unitCases(unit, learns);
  const totalCases = units.reduce((s, u) => s + casesOf(u), 0);
  const experienceWork = learns ? experience : 0;
  const workerCount = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 1));
  const requests = options.incidents ? stagedRequests(options.incidents) : [];
  const scriptWork = Math.max(1, Math.round(totalCases / Math.max(1, units.length)));

  const tasks: Task[] = [];
  // First: the held-out units wait for it.
  if (learns) tasks.push({ kind: 'experience' });
  if (cycles > 0) tasks.push({ kind: 'curve', learning: true }, { kind: 'curve', learning: false });
  requests.forEach((request, index) => tasks.push({ kind: 'stages', index, request }));
  for (let start = 0; start < units.length; start += chunkSize)
    tasks.push({ kind: 'units', start, units: units.slice(start, start + chunkSize) });

  const perUnit: (CaseResult[] | undefined)[] = new Array(units.length);
  const perScript: (IncidentStageRow[] | undefined)[] = new Array(requests.length);
  const curves: { on?: LearningCurve; off?: LearningCurve } = {};
  const curveDone = { on: 0, off: 0 };
  let experienceDone = 0;
  let learned: (context: LearningContext) => void = () => undefined;
  const experienceReady = new Promise<LearningContext>((resolve) => {
    learned = resolve;
  });
  let casesDone = 0;
  let scriptsDone = 0;
  const report = () =>
    options.onProgress?.({
      done: casesDone + curveDone.on + curveDone.off + experienceDone + scriptsDone * scriptWork,
      total: totalCases + 2 * cycles + experienceWork + requests.length * scriptWork,
      casesDone,
      cases: totalCases,
      cyclesDone: curveDone.on + curveDone.off,
      cycles: 2 * cycles,
      experienceDone,
      experience: experienceWork,
      scriptsDone,
      scripts: requests.length,
    });

  const clients = Array.from(
    { length: Math.min(workerCount, Math.max(1, tasks.length)) },
    (_, i) =>
      new WorkerClient<PoolWorkerApi>({
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

  // A learning call (a curve arm, the training experience) is one long call: it tells cycles done
  // as it goes and is allowed time in proportion to its cycles.
  const heard = (set: (done: number) => void) =>
    proxy((done: number) => {
      if (aborted) return;
      set(done);
      report();
    });
  const learningTimeout = (n: number) => Math.max(options.chunkTimeoutMs ?? 60_000, n * 100);

  const run = async (client: WorkerClient<PoolWorkerApi>, task: Task): Promise<void> => {
    if (task.kind === 'stages') {
      perScript[task.index] = await scoreStagedIn(client, task.request);
      scriptsDone += 1;
      report();
      return;
    }
    if (task.kind === 'experience') {
      const context = await client.call(
        'trainingExperience',
        [{ cycles: experience, seed }, heard((done) => (experienceDone = done))],
        learningTimeout(experience),
      );
      learned(LearningContextSchema.parse(context));
      experienceDone = experience;
      report();
      return;
    }
    if (task.kind === 'units') {
      const given = learns && task.units.some(takesTrainingExperience);
      const units = given ? withTrainingExperience(task.units, await experienceReady) : task.units;
      const answer = await client.call('evaluateUnits', [units]);
      const expected = task.units.reduce((s, u) => s + casesOf(u), 0);
      if (answer.length !== expected)
        throw new Error(
          `An evaluation worker answered ${answer.length} results for ${expected} cases.`,
        );
      let at = 0;
      task.units.forEach((unit, k) => {
        const n = casesOf(unit);
        perUnit[task.start + k] = answer.slice(at, at + n).map((r) => CaseResultSchema.parse(r));
        at += n;
      });
      casesDone += expected;
      report();
      return;
    }
    const arm = task.learning ? 'on' : 'off';
    const curve = await client.call(
      'learningCurve',
      [{ cycles, seed, learning: task.learning }, heard((done) => (curveDone[arm] = done))],
      learningTimeout(cycles),
    );
    curves[arm] = LearningCurveSchema.parse(curve);
    curveDone[arm] = cycles;
    report();
  };

  const queue = [...tasks];
  const drain = async (client: WorkerClient<PoolWorkerApi>): Promise<void> => {
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

  const complete = perUnit.flatMap((r) => r ?? []);
  if (complete.length !== totalCases)
    throw new Error(`Only ${complete.length} of ${totalCases} cases came back from the workers.`);
  if (perScript.some((rows) => rows === undefined))
    throw new Error('Not every incident script came back from the workers.');
  const on = curves.on ?? emptyLearningCurve(seed, true);
  const off = curves.off ?? emptyLearningCurve(seed, false);
  const built = fileExperienced(
    experience > 0 ? { cycles: experience, seed } : null,
    complete,
    (fresh) =>
      buildReport({
        results: fresh,
        seeds: options.seeds,
        oracleSeeds: units[0]?.oracleSeeds ?? 0,
        cycles,
        learning: cycles > 0 ? compareCurves(on, off) : { on, off, reduction: null },
        situations,
      }),
  );
  return options.incidents
    ? { ...built, incidents: perScript.flatMap((rows) => rows ?? []) }
    : built;
}
