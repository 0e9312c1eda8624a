/**
 * Runs evaluation work in a pool of Node worker_threads (the command line's and the bench's
 * pool): the policy cases of each situation and the staged incident table of each script are jobs
 * of one queue; each thread pulls the next job when it is free and answers come back in job order,
 * so a threaded run equals a one-thread run.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import {
  EvaluationUnitSchema,
  IncidentStagesRequestSchema,
  type CaseResult,
  type EvaluationUnit,
  type IncidentStageRow,
  type IncidentStagesRequest,
} from '../contracts';
import { runUnit } from '../domain/evaluation';
import { scoreStagedRequest } from '../domain/evaluation/incident-stages-request';

/** One job for a thread: a situation's unit of policy cases, or every staged policy on one script. */
export const ThreadJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), unit: EvaluationUnitSchema }),
  z.strictObject({ kind: z.literal('stages'), request: IncidentStagesRequestSchema }),
]);
export type ThreadJob = z.infer<typeof ThreadJobSchema>;

/** Runs one job in this thread: the same code a worker thread runs on it. */
export function runJob(job: ThreadJob): CaseResult[] | IncidentStageRow[] {
  return job.kind === 'unit' ? runUnit(job.unit) : scoreStagedRequest(job.request);
}

/**
 * Code of a thread that loads a TypeScript entry: Node does not pass tsx's loader on to a
 * worker's entry, so the thread registers tsx itself (the one this process runs under) first.
 */
function bootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

function ask(worker: Worker, job: ThreadJob): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: unknown[]) => {
      worker.off('error', onError);
      resolve(answer);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job);
  });
}

/** Runs `jobs` in `threads` worker threads and returns each job's answer, in job order. */
export async function runJobsInThreads(
  jobs: readonly ThreadJob[],
  threads: number,
): Promise<unknown[][]> {
  const count = Math.max(1, Math.min(Math.floor(threads), jobs.length));
  const entry = new URL('./evaluation-thread.ts', import.meta.url);
  const workers = Array.from({ length: count }, () => new Worker(bootstrap(entry), { eval: true }));
  const out: unknown[][] = new Array(jobs.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let k = next++; k < jobs.length; k = next++) out[k] = await ask(worker, jobs[k]!);
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/** What a pooled evaluation answers: the policy cases in unit order, the staged rows in script order. */
export interface PooledEvaluation {
  results: CaseResult[];
  incidents: IncidentStageRow[];
}

/**
 * Scores `units` and the staged `requests` in one pool of `threads` worker threads. The staged
 * scripts are queued first: each is one of the longest jobs, and long jobs last would leave one
 * thread idle at the end.
 */
export async function runEvaluationInThreads(
  units: readonly EvaluationUnit[],
  requests: readonly IncidentStagesRequest[],
  threads: number,
): Promise<PooledEvaluation> {
  const jobs: ThreadJob[] = [
    ...requests.map((request) => ({ kind: 'stages' as const, request })),
    ...units.map((unit) => ({ kind: 'unit' as const, unit })),
  ];
  const answers = await runJobsInThreads(jobs, threads);
  return {
    incidents: answers.slice(0, requests.length).flat() as IncidentStageRow[],
    results: answers.slice(requests.length).flat() as CaseResult[],
  };
}

/** Scores `units` in `threads` worker threads and returns every result in unit order. */
export async function runUnitsInThreads(
  units: readonly EvaluationUnit[],
  threads: number,
): Promise<CaseResult[]> {
  return (await runEvaluationInThreads(units, [], threads)).results;
}
