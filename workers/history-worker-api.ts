import type {
  HistoryReadSummary,
  HistoryWorkerApi,
  LearningRecord,
} from '../src/contracts/learning';
import { parseHistoryFile } from '../src/domain/learning/history-file-parse';

/** The file's bytes as text, and whether bytes that were not UTF-8 had to be replaced. */
export function decodeHistoryBytes(bytes: Uint8Array): { text: string; replaced: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), replaced: false };
  } catch {
    // Not valid UTF-8: read it the way browsers do (U+FFFD for each bad sequence) and say so.
    return { text: new TextDecoder('utf-8').decode(bytes), replaced: true };
  }
}

/** A fresh history worker API; it keeps the records of the file it read last. */
export function createHistoryWorkerApi(): HistoryWorkerApi {
  let records: LearningRecord[] = [];
  return {
    async read(file: Blob): Promise<HistoryReadSummary> {
      records = [];
      if (!(file instanceof Blob)) {
        return { ok: false, message: 'The history worker was given something that is not a file.' };
      }
      const { text, replaced } = decodeHistoryBytes(new Uint8Array(await file.arrayBuffer()));
      const parsed = parseHistoryFile(text, { replacedInvalidUtf8: replaced });
      if (!parsed.ok) return parsed;
      records = parsed.history.records;
      const summary = {
        ok: true as const,
        count: records.length,
        exportedAt: parsed.history.exportedAt,
        ...(parsed.history.workspace ? { workspace: parsed.history.workspace } : {}),
        merged: parsed.merged,
        changes: parsed.changes,
      };
      return parsed.migratedFrom === undefined
        ? summary
        : { ...summary, migratedFrom: parsed.migratedFrom };
    },
    take(start: number, count: number): LearningRecord[] {
      return records.slice(Math.max(0, Math.floor(start)), Math.max(0, Math.floor(start + count)));
    },
  };
}
