import type { LearningRecord } from '../contracts';
import { computeStatistics, learningContext } from '../domain/learning';
import { readHistoryFile } from '../services/history-client';
import {
  exportHistory,
  exportHistoryParts,
  importParsed,
  importSummary,
  parseHistoryFile,
  type ImportResult,
  type ParsedHistoryFile,
} from '../services/history-file';
import { openLearningStore, type LearningStore } from '../services/learning-store';
import { foreignImportDeclined, foreignImportQuestion } from '../services/workspace-import';
import { currentWorkspaceRef, learningDbName } from '../services/workspace-storage';

/** How many recent outcomes the reasoning engine sees in detail (statistics cover them all). */
const CONTEXT_RECENT = 20;

/** `records` with `record` in place of the one with its id, or added at the end: ids stay unique. */
function withRecord(records: readonly LearningRecord[], record: LearningRecord): LearningRecord[] {
  const at = records.findIndex((r) => r.id === record.id);
  if (at < 0) return [...records, record];
  const next = records.slice();
  next[at] = record;
  return next;
}

/** The learning history: records, statistics, the context for the next cycle, import and export. */
export class HistoryState {
  /** Every record, oldest first, each id once. */
  records = $state.raw<LearningRecord[]>([]);
  ready = $state(false);
  persistent = $state(true);
  /** Why history is not being saved, when it is not. */
  problem = $state<string | null>(null);
  /** What the last import, export or clear did, for the status line. */
  status = $state<string | null>(null);

  readonly statistics = $derived(computeStatistics(this.records));
  readonly context = $derived(learningContext(this.records, CONTEXT_RECENT));
  readonly outcomeCount = $derived(this.statistics.totalOutcomes);

  /** The workspace whose history this is: it picks the database and is named in every export. */
  readonly workspace = currentWorkspaceRef();
  /** Asks before a file from another workspace is merged: the page's confirm dialog by default. */
  askBeforeImport: (question: string) => Promise<boolean> = (question) =>
    Promise.resolve(globalThis.confirm?.(question) ?? false);

  private store: LearningStore | null = null;

  /** Opens the store (IndexedDB, or memory when that fails) and follows changes from other tabs. */
  async open(): Promise<void> {
    const store = await openLearningStore({ dbName: learningDbName(this.workspace.id) });
    this.store = store;
    this.persistent = store.persistent;
    this.problem = store.problem;
    store.onChange((change) => {
      this.persistent = store.persistent;
      this.problem = store.problem;
      // This tab already holds what it wrote; only another tab's changes need a fresh read.
      if (change.source === 'other-tab') void this.reload();
    });
    await this.reload();
    this.ready = true;
  }

  /** Re-reads every record from the store (a chunk at a time, so the page stays responsive). */
  async reload(): Promise<void> {
    if (!this.store) return;
    this.records = await this.store.all();
    if (this.store.invalidRows.length > 0) {
      this.problem = `${this.store.invalidRows.length} stored record(s) could not be read and were left out: ${this.store.invalidRows[0]?.message ?? ''}`;
    }
  }

  /** Stores one record and shows it at once (in place of an earlier one with the same id). */
  async add(record: LearningRecord): Promise<void> {
    const store = this.requireStore();
    await store.add(record);
    this.persistent = store.persistent;
    this.problem = store.problem;
    this.records = withRecord(this.records, record);
  }

  /** The whole history as the versioned JSON export file, each id once. */
  exportJson(now = Date.now()): string {
    // Every record here was parsed on its way in (store reads and writes, imports).
    const text = exportHistory(this.records, now, {
      recordsParsed: true,
      workspace: this.workspace,
    });
    this.status = `Exported ${this.records.length} record(s).`;
    return text;
  }

  /** The same file as exportJson, written a chunk at a time so that a large history never freezes the page. */
  async exportParts(now = Date.now()): Promise<string[]> {
    const parts = await exportHistoryParts(this.records, now, this.workspace);
    this.status = `Exported ${this.records.length} record(s).`;
    return parts;
  }

  /** Imports a history file, read and validated in the history worker; a refusal changes nothing. */
  async importFile(file: Blob): Promise<{ ok: boolean; message: string }> {
    let parsed: ParsedHistoryFile;
    try {
      parsed = await readHistoryFile(file);
    } catch (error) {
      parsed = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const declined = await this.declinedForWorkspace(parsed);
    if (declined) return declined;
    return this.apply(await importParsed(this.requireStore(), parsed));
  }

  /** Imports a history file's text on this thread; a refused file leaves the history as it was. */
  async importText(text: string): Promise<{ ok: boolean; message: string }> {
    const parsed = parseHistoryFile(text);
    const declined = await this.declinedForWorkspace(parsed);
    if (declined) return declined;
    return this.apply(await importParsed(this.requireStore(), parsed));
  }

  /** A file from another workspace is merged only once the user says so; never silently. */
  private async declinedForWorkspace(
    parsed: ParsedHistoryFile,
  ): Promise<{ ok: false; message: string } | null> {
    const from = parsed.ok ? parsed.history.workspace : undefined;
    const question = foreignImportQuestion(from, this.workspace);
    if (!from || question === null || (await this.askBeforeImport(question))) return null;
    return { ok: false, message: foreignImportDeclined(from, this.workspace) };
  }

  private apply(result: ImportResult): { ok: boolean; message: string } {
    if (!result.ok) {
      this.status = null;
      return { ok: false, message: `Import refused: ${result.message}` };
    }
    // Merge in memory what the store merged, rather than re-reading and re-parsing everything.
    // A throwaway lookup inside one call; nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const known = new Set(this.records.map((r) => r.id));
    const fresh = result.records.filter((r) => !known.has(r.id));
    if (fresh.length > 0) {
      this.records = [...this.records, ...fresh].sort((a, b) => a.recordedAt - b.recordedAt);
    }
    this.persistent = this.requireStore().persistent;
    this.problem = this.requireStore().problem;
    this.status = importSummary(result);
    return { ok: true, message: this.status };
  }

  /** Deletes every record (the page asks for confirmation first). */
  async clear(): Promise<void> {
    await this.requireStore().clear();
    this.records = [];
    this.status = 'History cleared.';
  }

  private requireStore(): LearningStore {
    if (!this.store) throw new Error('The learning history is still opening.');
    return this.store;
  }
}
