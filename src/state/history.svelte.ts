import { EMPTY_LEARNING_CONTEXT, type LearningContext, type LearningRecord } from '../contracts';
import { computeStatistics, type LearningStatistics } from '../domain/learning';
import {
  pageWith,
  type HistoryServiceApi,
  type HistorySummary,
  type HistoryView,
} from '../domain/learning/history-file-view';
import {
  exportHistoryFile,
  historyClient,
  importHistoryFile,
  loadStoredHistory,
  type HistoryImport,
} from '../services/history-client';
import { importSummary } from '../services/history-file';
import { openLearningStore, type LearningStore } from '../services/learning-store';
import { foreignImportDeclined, foreignImportQuestion } from '../services/workspace-import';
import { currentWorkspaceRef, learningDbName } from '../services/workspace-storage';
import type { WorkerClient } from '../services/worker-client';
import type { WorkspaceRef } from '../contracts/workspace';

/** Statistics of an empty history, shown until the worker has read the stored one. */
const NO_STATISTICS: LearningStatistics = computeStatistics([]);

/**
 * The learning history as the page sees it: the newest records for the table, the statistics and
 * the context for the next cycle. The history worker holds every record and computes the rest, so
 * however large the history grows, the page handles a summary and a bounded page of rows.
 */
export class HistoryState {
  /** The newest records (at most HISTORY_PAGE_SIZE), oldest of them first, each id once. */
  records = $state.raw<LearningRecord[]>([]);
  statistics = $state.raw<LearningStatistics>(NO_STATISTICS);
  context = $state.raw<LearningContext>(EMPTY_LEARNING_CONTEXT);
  /** Records in the whole history. */
  total = $state(0);
  ready = $state(false);
  persistent = $state(true);
  /** Why history is not being saved, when it is not. */
  problem = $state<string | null>(null);
  /** What the last import, export or clear did (or that the history is being read), for the status line. */
  status = $state<string | null>(null);

  readonly outcomeCount = $derived(this.statistics.totalOutcomes);

  /** The workspace whose history this is: it picks the database and is named in every export. */
  readonly workspace = currentWorkspaceRef();
  /** Asks before a file from another workspace is merged: the page's confirm dialog by default. */
  askBeforeImport: (question: string) => Promise<boolean> = (question) =>
    Promise.resolve(globalThis.confirm?.(question) ?? false);

  private store: LearningStore | null = null;
  private readonly worker: WorkerClient<HistoryServiceApi>;

  constructor(worker: WorkerClient<HistoryServiceApi> = historyClient()) {
    this.worker = worker;
    // A restarted worker holds nothing: read the history into it again.
    worker.onEvent((event) => {
      if (event.kind === 'restart' && this.store) void this.reload();
    });
  }

  /** Opens the store (IndexedDB, or memory when that fails) and follows changes from other tabs. */
  async open(
    open: () => Promise<LearningStore> = () =>
      openLearningStore({ dbName: learningDbName(this.workspace.id) }),
  ): Promise<void> {
    const store = await open();
    this.store = store;
    this.persistent = store.persistent;
    this.problem = store.problem;
    store.onChange((change) => {
      this.persistent = store.persistent;
      this.problem = store.problem;
      // This tab already holds what it wrote; only another tab's changes need a fresh read.
      if (change.source === 'other-tab') void this.reload();
    });
    // The panel shows at once what it is waiting for, instead of an empty history.
    const stored = await store.count();
    if (stored > 0) this.status = `Reading ${stored} stored record(s)…`;
    await this.reload();
    if (this.status?.startsWith('Reading ')) this.status = null;
    this.ready = true;
  }

  /** Re-reads every stored row into the worker (a chunk at a time) and shows its summary. */
  async reload(): Promise<void> {
    if (!this.store) return;
    const load = await loadStoredHistory(this.store, this.worker);
    this.show(load.view);
    if (load.invalidCount > 0) {
      this.problem = `${load.invalidCount} stored record(s) could not be read and were left out: ${load.invalid[0]?.message ?? ''}`;
    }
  }

  /** Stores one record and shows it at once (in place of an earlier one with the same id). */
  async add(record: LearningRecord): Promise<void> {
    const store = this.requireStore();
    await store.add(record);
    this.persistent = store.persistent;
    this.problem = store.problem;
    this.summarise(await this.worker.call('add', [record]));
    this.records = pageWith(this.records, record);
  }

  /** The whole history as the versioned JSON export file, built in the worker. */
  async exportFile(now = Date.now()): Promise<Blob> {
    const { file, count } = await exportHistoryFile(now, this.worker, this.workspace);
    this.status = `Exported ${count} record(s).`;
    return file;
  }

  /** Imports a history file, read, validated and (with IndexedDB) stored by the history worker. */
  async importFile(file: Blob): Promise<{ ok: boolean; message: string }> {
    const store = this.requireStore();
    let result: HistoryImport;
    try {
      result = await importHistoryFile(store, file, this.worker, (from) =>
        this.declinedForWorkspace(from),
      );
    } catch (error) {
      result = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (!result.ok) {
      this.status = null;
      const cancelled = result.message.startsWith('Import cancelled');
      return {
        ok: false,
        message: cancelled ? result.message : `Import refused: ${result.message}`,
      };
    }
    this.show(result.view);
    this.persistent = store.persistent;
    this.problem = store.problem;
    this.status = importSummary(result);
    return { ok: true, message: this.status };
  }

  /** Deletes every record (the page asks for confirmation first). */
  async clear(): Promise<void> {
    await this.requireStore().clear();
    this.show(await this.worker.call('clear', []));
    this.status = 'History cleared.';
  }

  /** A file from another workspace is merged only once the user says so; never silently. */
  private async declinedForWorkspace(
    from: WorkspaceRef | undefined,
  ): Promise<{ ok: false; message: string } | null> {
    const question = foreignImportQuestion(from, this.workspace);
    if (!from || question === null || (await this.askBeforeImport(question))) return null;
    return { ok: false, message: foreignImportDeclined(from, this.workspace) };
  }

  private summarise(summary: HistorySummary): void {
    this.statistics = summary.statistics;
    this.context = summary.context;
    this.total = summary.total;
  }

  private show(view: HistoryView): void {
    this.summarise(view);
    this.records = view.page;
  }

  private requireStore(): LearningStore {
    if (!this.store) throw new Error('The learning history is still opening.');
    return this.store;
  }
}
