import type { HistoryReadSummary, ImportMarking, LearningRecord } from '../src/contracts/learning';
import { LearningRecordSchema, parseContract } from '../src/contracts';
import type { WorkspaceRef } from '../src/contracts/workspace';
import { historyFileParts } from '../src/domain/learning/history-file-export';
import { parseHistoryFile } from '../src/domain/learning/history-file-parse';
import { countByOrigin, markImported } from '../src/domain/learning/origin';
import { addMissingRecords, openStoredDatabase, readStoredRows } from './history-idb';
import {
  byRecordedAt,
  historySummary,
  historyView,
  parseStoredRows,
  type HistoryServiceApi,
  type HistoryWork,
  type InvalidStoredRow,
  type StoredDatabase,
} from '../src/domain/learning/history-file-view';

/**
 * The largest file read: a JavaScript string cannot hold much more, and a history of a million
 * records fits well under it. Refused before a byte is read.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The file's bytes as text, and whether bytes that were not UTF-8 had to be replaced. */
export function decodeHistoryBytes(bytes: Uint8Array): { text: string; replaced: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), replaced: false };
  } catch {
    // Not valid UTF-8: read it the way browsers do (U+FFFD for each bad sequence) and say so.
    return { text: new TextDecoder('utf-8').decode(bytes), replaced: true };
  }
}

/**
 * A fresh history worker API. It holds every record of the history (fed from IndexedDB a chunk at
 * a time), the records of the file it read last, and what it has done (see HistoryWork).
 */
export function createHistoryWorkerApi(
  work: HistoryWork = emptyWork(),
  indexedDB: IDBFactory | null = (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null,
): HistoryServiceApi {
  let fileRecords: LearningRecord[] = [];
  const held = new Map<string, LearningRecord>();
  let sorted: LearningRecord[] | null = [];
  let invalid = { count: 0, named: [] as InvalidStoredRow[] };

  const records = (): LearningRecord[] => (sorted ??= [...held.values()].sort(byRecordedAt));
  const summarise = () => {
    work.summaries += 1;
    return historySummary(records());
  };
  const view = () => {
    work.summaries += 1;
    return historyView(records());
  };
  const loaded = () => ({ view: view(), invalidCount: invalid.count, invalid: invalid.named });
  const open = (database: StoredDatabase) => {
    if (!indexedDB) throw new Error('this worker has no IndexedDB');
    return openStoredDatabase(indexedDB, database);
  };

  return {
    async read(file: Blob, marking?: ImportMarking): Promise<HistoryReadSummary> {
      fileRecords = [];
      if (!(file instanceof Blob)) {
        return { ok: false, message: 'The history worker was given something that is not a file.' };
      }
      if (file.size > MAX_FILE_BYTES) {
        return {
          ok: false,
          message: `The file has ${file.size} bytes, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB a history file may have.`,
        };
      }
      work.filesRead += 1;
      const { text, replaced } = decodeHistoryBytes(new Uint8Array(await file.arrayBuffer()));
      const parsed = parseHistoryFile(text, { replacedInvalidUtf8: replaced });
      if (!parsed.ok) return parsed;
      const workspace = parsed.history.workspace;
      // Marked here, where the records are, so a large import costs the page nothing per record.
      const name = marking ? fileNameOf(file, marking) : undefined;
      fileRecords = marking
        ? markImported(parsed.history.records, {
            importedAt: marking.importedAt,
            ...(workspace ? { workspace } : {}),
            ...(name !== undefined ? { file: name } : {}),
          })
        : parsed.history.records;
      const summary = {
        ok: true as const,
        count: fileRecords.length,
        exportedAt: parsed.history.exportedAt,
        ...(workspace ? { workspace } : {}),
        merged: parsed.merged,
        changes: parsed.changes,
        foreign: countByOrigin(fileRecords).imported,
      };
      return parsed.migratedFrom === undefined
        ? summary
        : { ...summary, migratedFrom: parsed.migratedFrom };
    },
    take(start: number, count: number): LearningRecord[] {
      return fileRecords.slice(
        Math.max(0, Math.floor(start)),
        Math.max(0, Math.floor(start + count)),
      );
    },
    load(rows: unknown[], reset: boolean): void {
      if (reset) {
        held.clear();
        invalid = { count: 0, named: [] };
      }
      work.rowsParsed += parseStoredRows(rows, held, invalid);
      sorted = null;
    },
    loaded,
    async readStore(database: StoredDatabase) {
      const db = await open(database);
      try {
        held.clear();
        invalid = { count: 0, named: [] };
        await readStoredRows(db, (rows) => {
          work.rowsParsed += parseStoredRows(rows, held, invalid);
        });
      } finally {
        db.close();
        sorted = null;
      }
      return loaded();
    },
    async mergeRead(database: StoredDatabase) {
      const db = await open(database);
      try {
        const { added, skipped, fresh } = await addMissingRecords(db, fileRecords);
        for (const record of fresh) if (!held.has(record.id)) held.set(record.id, record);
        fileRecords = [];
        sorted = null;
        return { added, skipped, view: view() };
      } finally {
        db.close();
      }
    },
    commitRead() {
      // The store skipped ids it held already; so does this copy, keeping the two the same.
      for (const record of fileRecords) if (!held.has(record.id)) held.set(record.id, record);
      fileRecords = [];
      sorted = null;
      return view();
    },
    add(record: LearningRecord) {
      const parsed = parseContract(LearningRecordSchema, record, 'learning record');
      held.set(parsed.id, parsed);
      sorted = null;
      return summarise();
    },
    clear() {
      held.clear();
      fileRecords = [];
      sorted = [];
      return view();
    },
    exportFile(now: number, workspace?: WorkspaceRef) {
      const { parts, count } = historyFileParts(records(), now, workspace);
      work.exportsBuilt += 1;
      work.exportedRecords += count;
      return { file: new Blob(parts, { type: 'application/json' }), count };
    },
    work(): HistoryWork {
      return { ...work };
    },
  };
}

/** The name to keep in an origin: the caller's, else the File's own (a plain Blob has none). */
function fileNameOf(file: Blob, marking: ImportMarking): string | undefined {
  if (marking.fileName !== undefined) return marking.fileName;
  return typeof File !== 'undefined' && file instanceof File && file.name !== ''
    ? file.name
    : undefined;
}

/** No work done yet. */
export function emptyWork(): HistoryWork {
  return { filesRead: 0, rowsParsed: 0, summaries: 0, exportsBuilt: 0, exportedRecords: 0 };
}
