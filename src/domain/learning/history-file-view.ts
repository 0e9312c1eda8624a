import {
  formatZodError,
  LearningRecordSchema,
  type HistoryWorkerApi,
  type LearningContext,
  type LearningRecord,
} from '../../contracts';
import type { WorkspaceRef } from '../../contracts/workspace';
import { learningContext } from './context';
import { computeStatistics, type LearningStatistics } from './statistics';

/** How many of the newest records the page is handed for the history table. */
export const HISTORY_PAGE_SIZE = 125;

/** How many recent outcomes the reasoning engine sees in detail (statistics cover them all). */
export const CONTEXT_RECENT = 20;

/** How many unreadable stored rows a load names; the rest are only counted. */
const MAX_INVALID_NAMED = 3;

/** What the page needs of the whole history: the summary, never every record. */
export interface HistorySummary {
  statistics: LearningStatistics;
  /** The context the next reasoning cycle works with (bounded: CONTEXT_RECENT outcomes). */
  context: LearningContext;
  /** Records held, each id once. */
  total: number;
}

/** The summary plus the newest records for the table, oldest of them first. */
export interface HistoryView extends HistorySummary {
  page: LearningRecord[];
}

/** A stored row that does not parse as a LearningRecord; it is reported and left in storage. */
export interface InvalidStoredRow {
  key: string;
  message: string;
}

/** What loading the stored rows found: the view, and the rows that could not be read. */
export interface HistoryLoad {
  view: HistoryView;
  /** How many stored rows could not be read. */
  invalidCount: number;
  /** The first few of them, by key, with why. */
  invalid: InvalidStoredRow[];
}

/** Where the page's learning store keeps its rows: the IndexedDB database and its version. */
export interface StoredDatabase {
  name: string;
  version: number;
}

/** What merging the file read last into the database did, and the view after it. */
export interface HistoryMerge {
  added: number;
  skipped: number;
  view: HistoryView;
}

/** What a whole-history export gave: the file (a Blob, built where the records are) and its size. */
export interface ExportedHistory {
  file: { readonly size: number; arrayBuffer(): Promise<ArrayBuffer> };
  count: number;
}

/** How much work the history worker has done, for tests that check where the work ran. */
export interface HistoryWork {
  /** Import files read and validated. */
  filesRead: number;
  /** Stored rows parsed with LearningRecordSchema. */
  rowsParsed: number;
  /** Statistics and learning contexts computed. */
  summaries: number;
  /** Export files built, and the records written into them. */
  exportsBuilt: number;
  exportedRecords: number;
}

/**
 * The history worker: reads import files, holds every record of the history, and computes the
 * statistics, the learning context and the export file, so the page only ever handles the
 * summary, the page of rows it shows, and chunks on their way to or from IndexedDB.
 */
export interface HistoryServiceApi extends HistoryWorkerApi {
  /** Takes a chunk of stored rows (unparsed: storage is a boundary); `reset` starts a fresh load. */
  load(rows: unknown[], reset: boolean): void;
  /** Ends a load: the view over every row taken, and the rows that could not be read. */
  loaded(): HistoryLoad;
  /** Reads every row of the database itself (nothing crosses the page) and loads them. */
  readStore(database: StoredDatabase): Promise<HistoryLoad>;
  /** Adds the records of the file read last to the database (ids not stored yet), all or nothing. */
  mergeRead(database: StoredDatabase): Promise<HistoryMerge>;
  /** Adds the records of the file read last (ids not held yet) once the store has merged them. */
  commitRead(): HistoryView;
  /** Holds one record (in place of one with the same id) and returns the new summary. */
  add(record: LearningRecord): HistorySummary;
  /** Forgets every record. */
  clear(): HistoryView;
  /** The whole history as the versioned export file, each id once. */
  exportFile(now: number, workspace?: WorkspaceRef): ExportedHistory;
  /** The work done so far. */
  work(): HistoryWork;
}

/** Sorts like the store promises: recordedAt, then id. */
export function byRecordedAt(a: LearningRecord, b: LearningRecord): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt - b.recordedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The summary of records sorted by byRecordedAt (each id once). */
export function historySummary(records: readonly LearningRecord[]): HistorySummary {
  return {
    statistics: computeStatistics(records),
    context: learningContext(records, CONTEXT_RECENT),
    total: records.length,
  };
}

/** The summary and the newest `pageSize` records of records sorted by byRecordedAt. */
export function historyView(
  records: readonly LearningRecord[],
  pageSize = HISTORY_PAGE_SIZE,
): HistoryView {
  return {
    ...historySummary(records),
    page: records.slice(Math.max(0, records.length - pageSize)),
  };
}

/** `page` with `record` in place of the one with its id (or added), sorted, at most `size` long. */
export function pageWith(
  page: readonly LearningRecord[],
  record: LearningRecord,
  size = HISTORY_PAGE_SIZE,
): LearningRecord[] {
  const next = page.filter((r) => r.id !== record.id);
  next.push(record);
  next.sort(byRecordedAt);
  return next.slice(Math.max(0, next.length - size));
}

/**
 * Parses stored rows into `into` (keyed by id, so each id is held once) and notes the ones that
 * do not parse in `invalid` (the first few named, all counted); returns how many were parsed.
 */
export function parseStoredRows(
  rows: readonly unknown[],
  into: Map<string, LearningRecord>,
  invalid: { count: number; named: InvalidStoredRow[] },
): number {
  for (const row of rows) {
    const result = LearningRecordSchema.safeParse(row);
    if (result.success) into.set(result.data.id, result.data);
    else {
      invalid.count += 1;
      if (invalid.named.length >= MAX_INVALID_NAMED) continue;
      const id =
        row !== null && typeof row === 'object' && 'id' in row ? (row as { id: unknown }).id : '?';
      invalid.named.push({
        key: String(id).slice(0, 200),
        message: formatZodError(result.error, 3),
      });
    }
  }
  return rows.length;
}
