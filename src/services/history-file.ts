import {
  LEARNING_HISTORY_FORMAT,
  LEARNING_HISTORY_VERSION,
  LearningHistorySchema,
  parseContract,
  type ImportMarking,
  type LearningRecord,
} from '../contracts';
import type { WorkspaceRef } from '../contracts/workspace';
import { parseHistoryFile, type ParsedHistoryFile } from '../domain/learning/history-file-parse';
import { countByOrigin, markImported } from '../domain/learning/origin';
import { CHUNK_SIZE, yieldToPage } from './learning-store-backend';
import type { LearningStore } from './learning-store';

export {
  parseHistoryFile,
  type AcceptedHistoryFile,
  type ParsedHistoryFile,
} from '../domain/learning/history-file-parse';
export { migrateV0Outcome } from '../domain/learning/history-file-v0';

/** How to export. */
export interface ExportOptions {
  /** Every record was parsed with LearningRecordSchema already (as the page's records are). */
  recordsParsed?: boolean;
  /** The workspace the history belongs to, named in the file's header. */
  workspace?: WorkspaceRef;
}

/** What an import did to the store. */
export type ImportResult =
  | {
      ok: true;
      added: number;
      skipped: number;
      /** Repeats within the file (same id, same contents) merged into one. */
      merged: number;
      /** What reading changed or dropped, for the summary. */
      changes: readonly string[];
      /** Every record of the file, validated, each id once (those already present included). */
      records: readonly LearningRecord[];
      /** Records of the file that are foreign experience (imported, here or before). */
      foreign: number;
      migratedFrom?: number;
    }
  | { ok: false; message: string };

/** Each id once, the first occurrence kept: no export ever writes an id twice. */
function firstOfEachId(records: readonly LearningRecord[]): LearningRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/** The checked envelope of an export written at `now`, naming its workspace when given. */
function exportHeader(now: number, workspace?: WorkspaceRef) {
  return parseContract(
    LearningHistorySchema.pick({ format: true, version: true, exportedAt: true, workspace: true }),
    {
      format: LEARNING_HISTORY_FORMAT,
      version: LEARNING_HISTORY_VERSION,
      exportedAt: Math.floor(now),
      ...(workspace ? { workspace } : {}),
    },
    'learning history',
  );
}

/**
 * Serialises the whole history as a versioned LearningHistory JSON file, each id once. Every
 * record is parsed on the way out unless it was already, so the file re-imports and carries
 * nothing but contract fields (no API key or other setting is ever part of a record).
 */
export function exportHistory(
  records: readonly LearningRecord[],
  now: number,
  options: ExportOptions = {},
): string {
  const unique = firstOfEachId(records);
  if (options.recordsParsed) {
    // The records went through LearningRecordSchema on their way into the page (store reads and
    // writes, imports), so a second pass would only cost time; the envelope is still checked.
    return JSON.stringify({ ...exportHeader(now, options.workspace), records: unique });
  }
  const history = parseContract(
    LearningHistorySchema,
    { ...exportHeader(now, options.workspace), records: unique },
    'learning history',
  );
  return JSON.stringify(history);
}

/**
 * The same file as exportHistory with parsed records, as parts written a chunk at a time with a
 * pause between chunks, so that exporting tens of thousands of records never freezes the page.
 * Joined (or put in a Blob as they are), the parts are exactly exportHistory's text.
 */
export async function exportHistoryParts(
  records: readonly LearningRecord[],
  now: number,
  workspace?: WorkspaceRef,
): Promise<string[]> {
  const unique = firstOfEachId(records);
  const header = JSON.stringify(exportHeader(now, workspace));
  const parts = [`${header.slice(0, -1)},"records":[`];
  for (let start = 0; start < unique.length; start += CHUNK_SIZE) {
    if (start > 0) await yieldToPage();
    const chunk = JSON.stringify(unique.slice(start, start + CHUNK_SIZE)).slice(1, -1);
    parts.push(start > 0 ? `,${chunk}` : chunk);
  }
  parts.push(']}');
  return parts;
}

/**
 * Merges a file already read (here or in the import worker) into the store; nothing on refusal.
 * The records are stored as they are: whoever read the file marked them as imported.
 */
export async function importParsed(
  store: LearningStore,
  parsed: ParsedHistoryFile,
): Promise<ImportResult> {
  if (!parsed.ok) return parsed;
  try {
    const records = parsed.history.records;
    const { added, skipped } = await store.merge(records, { alreadyParsed: true });
    const result = {
      ok: true as const,
      added,
      skipped,
      merged: parsed.merged,
      changes: parsed.changes,
      records,
      foreign: countByOrigin(records).imported,
    };
    return parsed.migratedFrom === undefined
      ? result
      : { ...result, migratedFrom: parsed.migratedFrom };
  } catch (error) {
    return {
      ok: false,
      message: `The history could not be stored: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** A read file's records marked as imported at `marking.importedAt` (see markImported). */
export function markedAsImported(
  parsed: ParsedHistoryFile,
  marking: ImportMarking,
): ParsedHistoryFile {
  if (!parsed.ok) return parsed;
  const workspace = parsed.history.workspace;
  const records = markImported(parsed.history.records, {
    importedAt: marking.importedAt,
    ...(workspace ? { workspace } : {}),
    ...(marking.fileName !== undefined ? { file: marking.fileName } : {}),
  });
  return { ...parsed, history: { ...parsed.history, records } };
}

/**
 * Imports a history file into the store: parse and validate everything first, mark the records
 * as imported (foreign experience), then merge in one transaction without duplicating ids already
 * present. On any failure the store is unchanged.
 */
export function importHistory(
  store: LearningStore,
  text: string,
  marking: ImportMarking = { importedAt: Date.now() },
): Promise<ImportResult> {
  return importParsed(store, markedAsImported(parseHistoryFile(text), marking));
}

/** The import summary: what was added, skipped, merged, migrated, changed or dropped. */
export function importSummary(result: Extract<ImportResult, { ok: true }>): string {
  const migrated =
    result.migratedFrom !== undefined ? ` (migrated from version ${result.migratedFrom})` : '';
  const changes =
    result.changes.length > 0 ? ` Changed on the way in: ${result.changes.join('; ')}.` : '';
  // Every record of an import file is marked, so whatever was added is foreign experience.
  const foreign =
    result.foreign > 0 && result.added > 0
      ? " The added records are marked imported: foreign experience, weighted below the agent's own."
      : '';
  return `Imported ${result.added} record(s), skipped ${result.skipped} already present${migrated}.${changes}${foreign}`;
}
