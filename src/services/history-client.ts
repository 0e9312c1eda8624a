import {
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  type ImportMarking,
  type LearningHistory,
  type LearningRecord,
} from '../contracts';
import type { WorkspaceRef } from '../contracts/workspace';
import type { ParsedHistoryFile } from '../domain/learning/history-file-parse';
import type {
  ExportedHistory,
  HistoryLoad,
  HistoryMerge,
  HistoryServiceApi,
  HistoryView,
} from '../domain/learning/history-file-view';
import { importParsed, type ImportResult } from './history-file';
import { CHUNK_SIZE, yieldToPage } from './learning-store-backend';
import type { LearningStore } from './learning-store';
import { WorkerClient } from './worker-client';

/** Stored rows handed to the worker per message: few round trips, each clone a short task. */
export const LOAD_CHUNK = 2 * CHUNK_SIZE;

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

/**
 * Takes the records of the file read last out of the worker, a chunk per message. Every request
 * goes out at once: the answers arrive one message (one short task) each, without a round trip
 * of waiting between them.
 */
async function takeRecords(
  worker: WorkerClient<HistoryServiceApi>,
  count: number,
): Promise<LearningRecord[]> {
  const chunks: Promise<LearningRecord[]>[] = [];
  for (let start = 0; start < count; start += CHUNK_SIZE) {
    chunks.push(worker.call('take', [start, CHUNK_SIZE]));
  }
  return (await Promise.all(chunks)).flat();
}

/**
 * Marks an import of `file` made now: every import file's records are foreign experience, and
 * they keep the file's name (the page knows it; a copy of a File may reach the worker as a Blob).
 */
export function importedNow(file: Blob): ImportMarking {
  const name = typeof File !== 'undefined' && file instanceof File ? file.name : '';
  return name !== '' ? { importedAt: Date.now(), fileName: name } : { importedAt: Date.now() };
}

/**
 * Reads a history file in the worker, which marks its records as imported, then brings them over
 * a chunk at a time, so that neither the parsing nor the copying of tens of thousands of records
 * holds up the page.
 */
export async function readHistoryFile(
  file: Blob,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
  marking: ImportMarking = importedNow(file),
): Promise<ParsedHistoryFile> {
  const summary = await worker.call('read', [file, marking]);
  if (!summary.ok) return summary;
  const history: LearningHistory = {
    format: LEARNING_HISTORY_FORMAT,
    version: LEARNING_HISTORY_VERSION,
    exportedAt: summary.exportedAt,
    ...(summary.workspace ? { workspace: summary.workspace } : {}),
    records: await takeRecords(worker, summary.count),
  };
  const accepted = { ok: true as const, history, merged: summary.merged, changes: summary.changes };
  return summary.migratedFrom === undefined
    ? accepted
    : { ...accepted, migratedFrom: summary.migratedFrom };
}

/**
 * Loads the stored history into the worker. With IndexedDB the worker reads the database itself,
 * so no row crosses the page; in memory (or should the worker fail to open the database) the
 * page hands the rows over (see loadRowsThroughPage).
 */
export async function loadStoredHistory(
  store: LearningStore,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
): Promise<HistoryLoad> {
  const database = store.database;
  if (database) {
    try {
      return await worker.call('readStore', [database]);
    } catch {
      // The page can still read it and hand the rows over.
    }
  }
  return loadRowsThroughPage(store, worker);
}

/** What an import did: the store's counts and the summary, or why it was refused. */
export type HistoryImport =
  (Extract<ImportResult, { ok: true }> & { view: HistoryView }) | { ok: false; message: string };

/**
 * Asked once a file has been read and before anything is stored, with the workspace the file
 * names: a refusal (the user declined a file from another workspace) stores nothing.
 */
export type BeforeMerge = (
  from: WorkspaceRef | undefined,
) => Promise<{ ok: false; message: string } | null>;

/**
 * Imports a file: the worker reads and validates it and marks its records as imported, then (with
 * IndexedDB) writes it to the database itself in one transaction, so no record crosses the page;
 * in memory the page takes the records over and merges them. A refusal or a failed write stores
 * nothing.
 */
export async function importHistoryFile(
  store: LearningStore,
  file: Blob,
  worker: WorkerClient<HistoryServiceApi> = historyClient(),
  beforeMerge: BeforeMerge = () => Promise.resolve(null),
  marking: ImportMarking = importedNow(file),
): Promise<HistoryImport> {
  const database = store.database;
  if (!database) return importThroughPage(store, file, worker, beforeMerge, marking);
  const summary = await worker.call('read', [file, marking]);
  if (!summary.ok) return summary;
  const declined = await beforeMerge(summary.workspace);
  if (declined) return declined;
  let merge: HistoryMerge;
  try {
    merge = await worker.call('mergeRead', [database]);
  } catch (error) {
    return {
      ok: false,
      message: `The history could not be stored: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (merge.added > 0) store.notifyMerged();
  const result = {
    ok: true as const,
    added: merge.added,
    skipped: merge.skipped,
    merged: summary.merged,
    changes: summary.changes,
    records: [],
    foreign: summary.foreign,
    view: merge.view,
  };
  return summary.migratedFrom === undefined
    ? result
    : { ...result, migratedFrom: summary.migratedFrom };
}

/** The import of a store in memory: the records come over to the page and are merged there. */
async function importThroughPage(
  store: LearningStore,
  file: Blob,
  worker: WorkerClient<HistoryServiceApi>,
  beforeMerge: BeforeMerge,
  marking: ImportMarking,
): Promise<HistoryImport> {
  const parsed = await readHistoryFile(file, worker, marking);
  const declined = parsed.ok ? await beforeMerge(parsed.history.workspace) : null;
  if (declined) return declined;
  const result = await importParsed(store, parsed);
  if (!result.ok) return result;
  // The store has merged the file; the worker, which read it, takes the same records in.
  return { ...result, records: [], view: await worker.call('commitRead', []) };
}

/**
 * Hands every stored row to the worker, unparsed, a chunk per message with a pause for the page
 * in between, and returns what the worker made of them: the page never parses the rows, nor
 * computes statistics over them, nor holds more than the table's page once this resolves.
 */
export async function loadRowsThroughPage(
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
  workspace?: WorkspaceRef,
): Promise<{ file: Blob; count: number }> {
  const exported: ExportedHistory = await worker.call('exportFile', [now, workspace]);
  // Structured clone hands the worker's Blob over as a Blob: a handle, not a copy of the text.
  return { file: exported.file as Blob, count: exported.count };
}
