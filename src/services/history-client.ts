import {
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  type LearningHistory,
  type LearningRecord,
} from '../contracts';
import type { ParsedHistoryFile } from '../domain/learning/history-file-parse';
import type {
  ExportedHistory,
  HistoryLoad,
  HistoryServiceApi,
  HistoryView,
} from '../domain/learning/history-file-view';
import { CHUNK_SIZE, yieldToPage } from './learning-store-backend';
import type { LearningStore } from './learning-store';
import { WorkerClient } from './worker-client';

/** Stored rows handed to the worker per message: large enough for few round trips, small enough for short tasks. */
export const LOAD_CHUNK = 500;

let client: WorkerClient<HistoryServiceApi> | null = null;

/** The one history worker of the page, started on first use. */
export function historyClient(): WorkerClient<HistoryServiceApi> {
  client ??= new WorkerClient<HistoryServiceApi>({
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

/** Takes the records of the file read last out of the worker, a chunk per message. */
async function takeRecords(
  worker: WorkerClient<HistoryServiceApi>,
  count: number,
): Promise<LearningRecord[]> {
  const records: LearningRecord[] = [];
  for (let start = 0; start < count; start += CHUNK_SIZE) {
    // Each call is its own message round trip, so the page runs other tasks between chunks.
    records.push(...(await worker.call('take', [start, CHUNK_SIZE])));
  }
  return records;
}

/**
 * Reads a history file in the worker, then brings its records over a chunk at a time, so that
 * neither the parsing nor the copying of tens of thousands of records holds up the page.
 */
export async function readHistoryFile(
  file: Blob,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
): Promise<ParsedHistoryFile> {
  const summary = await worker.call('read', [file]);
  if (!summary.ok) return summary;
  const history: LearningHistory = {
    format: LEARNING_HISTORY_FORMAT,
    version: LEARNING_HISTORY_VERSION,
    exportedAt: summary.exportedAt,
    records: await takeRecords(worker, summary.count),
  };
  const accepted = { ok: true as const, history, merged: summary.merged, changes: summary.changes };
  return summary.migratedFrom === undefined
    ? accepted
    : { ...accepted, migratedFrom: summary.migratedFrom };
}

/**
 * Hands every stored row to the worker, unparsed, a chunk per message with a pause for the page
 * in between, and returns what the worker made of them: the page never parses the rows, nor
 * computes statistics over them, nor holds more than the table's page once this resolves.
 */
export async function loadStoredHistory(
  store: LearningStore,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
): Promise<HistoryLoad> {
  const rows = await store.rows();
  const sent: Promise<void>[] = [worker.call('load', [[], true])];
  for (let start = 0; start < rows.length; start += LOAD_CHUNK) {
    const end = Math.min(rows.length, start + LOAD_CHUNK);
    sent.push(worker.call('load', [rows.slice(start, end), false]));
    // Let each raw row go once sent, so a large read never holds the history twice over.
    rows.fill(undefined, start, end);
    await yieldToPage();
  }
  await Promise.all(sent);
  return worker.call('loaded', []);
}

/** The export file, built in the worker from the history it holds; the page only downloads it. */
export async function exportHistoryFile(
  now: number,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
): Promise<{ file: Blob; count: number }> {
  const exported: ExportedHistory = await worker.call('exportFile', [now]);
  // Structured clone hands the worker's Blob over as a Blob: a handle, not a copy of the text.
  return { file: exported.file as Blob, count: exported.count };
}

/** The view once the store has merged the file read last: the worker takes its records in. */
export function commitReadFile(
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
): Promise<HistoryView> {
  return worker.call('commitRead', []);
}
