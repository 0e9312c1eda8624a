import {
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  type HistoryWorkerApi,
  type LearningHistory,
  type LearningRecord,
} from '../contracts';
import type { ParsedHistoryFile } from '../domain/learning/history-file-parse';
import { CHUNK_SIZE } from './learning-store-backend';
import { WorkerClient } from './worker-client';

let client: WorkerClient<HistoryWorkerApi> | null = null;

/** The one history worker of the page, started on first use. */
export function historyClient(): WorkerClient<HistoryWorkerApi> {
  client ??= new WorkerClient<HistoryWorkerApi>({
    name: 'History worker',
    // Reading a file of hundreds of megabytes takes a while on a slow machine; a worker that
    // hangs beyond this is still restarted.
    timeoutMs: 600_000,
    create: () =>
      new Worker(new URL('../../workers/history.worker.ts', import.meta.url), {
        type: 'module',
        name: 'history',
      }),
  });
  return client;
}

/**
 * Reads a history file in the worker, then brings its records over a chunk at a time, so that
 * neither the parsing nor the copying of tens of thousands of records holds up the page.
 */
export async function readHistoryFile(
  file: Blob,
  worker: WorkerClient<HistoryWorkerApi> = historyClient(),
): Promise<ParsedHistoryFile> {
  const summary = await worker.call('read', [file]);
  if (!summary.ok) return summary;
  const records: LearningRecord[] = [];
  for (let start = 0; start < summary.count; start += CHUNK_SIZE) {
    // Each call is its own message round trip, so the page runs other tasks between chunks.
    records.push(...(await worker.call('take', [start, CHUNK_SIZE])));
  }
  const history: LearningHistory = {
    format: LEARNING_HISTORY_FORMAT,
    version: LEARNING_HISTORY_VERSION,
    exportedAt: summary.exportedAt,
    ...(summary.workspace ? { workspace: summary.workspace } : {}),
    records,
  };
  const accepted = { ok: true as const, history, merged: summary.merged, changes: summary.changes };
  return summary.migratedFrom === undefined
    ? accepted
    : { ...accepted, migratedFrom: summary.migratedFrom };
}
