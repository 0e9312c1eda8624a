/**
 * Runs evaluation units in a pool of Node worker_threads (the command line's and the bench's
 * pool): each thread pulls the next unit when it is free, results come back in unit order, so a
 * threaded run equals a one-thread run.
 */
import { Worker } from 'node:worker_threads';
import type { CaseResult, EvaluationUnit } from '../contracts';

/**
 * Code of a thread that loads a TypeScript entry: Node does not pass tsx's loader on to a
 * worker's entry, so the thread registers tsx itself (the one this process runs under) first.
 */
function bootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

function ask(worker: Worker, unit: EvaluationUnit): Promise<CaseResult[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (results: CaseResult[]) => {
      worker.off('error', onError);
      resolve(results);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(unit);
  });
}

/** Scores `units` in `threads` worker threads and returns every result in unit order. */
export async function runUnitsInThreads(
  units: readonly EvaluationUnit[],
  threads: number,
): Promise<CaseResult[]> {
  const count = Math.max(1, Math.min(Math.floor(threads), units.length));
  const entry = new URL('./evaluation-thread.ts', import.meta.url);
  const workers = Array.from({ length: count }, () => new Worker(bootstrap(entry), { eval: true }));
  const out: CaseResult[][] = new Array(units.length);
  let next = 0;
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let k = next++; k < units.length; k = next++) out[k] = await ask(worker, units[k]!);
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out.flat();
}
