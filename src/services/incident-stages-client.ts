import {
  IncidentStageRowsSchema,
  parseContract,
  type IncidentStageRow,
  type IncidentStagesApi,
  type PolicyId,
} from '../contracts';
import { WorkerClient, type WorkerLike } from './worker-client';

/** What runIncidentStages is asked to do. */
export interface IncidentStagesOptions {
  scriptIds: readonly string[];
  policies: readonly PolicyId[];
  seed: number;
  /** Hears each finished script. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the run: the worker is terminated and the promise rejects. */
  signal?: AbortSignal;
  /** Starts the worker; injectable so that Node tests can pass a fake. */
  createWorker?: () => WorkerLike;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('../../workers/incident-stages.worker.ts', import.meta.url), {
    type: 'module',
    name: 'incident-stages',
  });
}

/**
 * Scores the policies on each script in a worker of its own, one script per call so progress
 * moves and the page stays responsive; the rows are parsed when they come back.
 */
export async function runIncidentStages(
  options: IncidentStagesOptions,
): Promise<IncidentStageRow[]> {
  const client = new WorkerClient<IncidentStagesApi>({
    name: 'Incident worker',
    timeoutMs: 60_000,
    create: options.createWorker ?? defaultWorker,
  });
  const stop = () => client.terminate();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const rows: IncidentStageRow[] = [];
    for (const [k, scriptId] of options.scriptIds.entries()) {
      if (options.signal?.aborted) throw new Error('The incident run was cancelled.');
      const answer = await client.call('scoreScript', [
        { scriptId, policies: [...options.policies], seed: options.seed },
      ]);
      rows.push(...parseContract(IncidentStageRowsSchema, answer, `staged rows of ${scriptId}`));
      options.onProgress?.(k + 1, options.scriptIds.length);
    }
    return rows;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    client.terminate();
  }
}
