import {
  formatZodError,
  LearningRecordSchema,
  parseContract,
  type LearningContext,
  type LearningRecord,
} from '../contracts';
import { learningContext } from '../domain/learning/context';
import { computeStatistics, type LearningStatistics } from '../domain/learning/statistics';
import {
  CHUNK_SIZE,
  describeFailure,
  describeOpenFailure,
  NO_INDEXEDDB_PROBLEM,
  yieldToPage,
  type LearningBackend,
  type MergeResult,
} from './learning-store-backend';
import {
  defaultChannel,
  isChannelMessage,
  LEARNING_CHANNEL,
  type ChannelLike,
  type ChannelMessage,
} from './learning-store-channel';
import { IdbBackend, LEARNING_DB_VERSION } from './learning-store-idb';
import { MemoryBackend } from './learning-store-memory';

export { NOT_SAVED_PREFIX, type MergeResult } from './learning-store-backend';
export { LEARNING_DB_VERSION } from './learning-store-idb';
export { LEARNING_CHANNEL, type ChannelLike } from './learning-store-channel';

/** Name of the IndexedDB database holding the learning history. */
export const LEARNING_DB_NAME = 'agent-payment-lab';

/** How long opening may wait for other tabs to let go of an old version before giving up. */
export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

/** What changed in the history, and where. */
export interface StoreChange {
  kind: 'add' | 'merge' | 'clear' | 'fallback';
  /** `this-tab` for changes made here, `other-tab` for ones announced over BroadcastChannel. */
  source: 'this-tab' | 'other-tab';
}

/** A stored row that does not parse as a LearningRecord; it is reported and left in storage. */
export interface InvalidRow {
  key: string;
  message: string;
}

/** How to merge. */
export interface MergeOptions {
  /** The records were parsed with LearningRecordSchema just now; do not parse them again. */
  alreadyParsed?: boolean;
}

/** The learning history: every decision and outcome, persisted in IndexedDB when it can be. */
export interface LearningStore {
  /** True while writes reach IndexedDB; false once the store runs in memory only. */
  readonly persistent: boolean;
  /** Why history is not being saved ("History is not being saved: …"), or null. */
  readonly problem: string | null;
  /** Rows the last full read could not parse; they stay in storage untouched. */
  readonly invalidRows: readonly InvalidRow[];
  /** The IndexedDB database the rows are in, for a worker to read and write in bulk; null in memory. */
  readonly database: { name: string; version: number } | null;
  /** Tells this tab's listeners and the other tabs that records were merged into `database`. */
  notifyMerged(): void;
  /** Stores one record (replacing a record with the same id); it is parsed first. */
  add(record: LearningRecord): Promise<void>;
  /** Every readable record, sorted by recordedAt then id; unreadable rows go to invalidRows. */
  all(): Promise<LearningRecord[]>;
  /** Every stored row as it is, unparsed (whoever reads them parses them: storage is a boundary). */
  rows(): Promise<unknown[]>;
  /** Number of stored rows (including any that do not parse). */
  count(): Promise<number>;
  /** Removes every record. */
  clear(): Promise<void>;
  /** Adds records in one transaction, skipping ids already present (or repeated in the input). */
  merge(records: readonly LearningRecord[], options?: MergeOptions): Promise<MergeResult>;
  /** Statistics over the whole history. */
  statistics(): Promise<LearningStatistics>;
  /** The reasoning engine's learning context: n most recent outcomes plus all-time stats. */
  learningContext(n: number): Promise<LearningContext>;
  /** Calls `listener` on every change, here or in another tab; returns the unsubscribe. */
  onChange(listener: (change: StoreChange) => void): () => void;
  /** Closes the database connection and the channel. */
  close(): void;
}

/** Where and how to open the store. */
export interface OpenLearningStoreOptions {
  /** IndexedDB factory; `undefined` takes the global one, `null` means there is none. */
  indexedDB?: IDBFactory | null;
  dbName?: string;
  /** Creates the cross-tab channel; `undefined` uses BroadcastChannel when present, `null` none. */
  channel?: ((name: string) => ChannelLike) | null;
  /** How long to wait for other tabs blocking an upgrade before running in memory. */
  openTimeoutMs?: number;
}

/** Sorts like the contract promises: recordedAt, then id (IndexedDB's own key order). */
function byRecordedAt(a: LearningRecord, b: LearningRecord): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt - b.recordedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The good rows of a chunk as records, the bad ones as readable problems. */
function parseRows(rows: readonly unknown[], records: LearningRecord[], invalid: InvalidRow[]) {
  for (const row of rows) {
    const result = LearningRecordSchema.safeParse(row);
    if (result.success) records.push(result.data);
    else {
      const id =
        row !== null && typeof row === 'object' && 'id' in row ? (row as { id: unknown }).id : '?';
      invalid.push({ key: String(id).slice(0, 200), message: formatZodError(result.error, 3) });
    }
  }
}

/**
 * The one learning store: parses, orders and queues every operation once, over whichever backend
 * holds the rows. When IndexedDB fails it carries what can still be read over to memory, says why
 * history is not saved, and finishes the operation there.
 */
class FailoverStore implements LearningStore {
  persistent: boolean;
  problem: string | null;
  invalidRows: readonly InvalidRow[] = [];

  private backend: LearningBackend;
  private readonly dbName: string;
  private readonly channel: ChannelLike | null;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  // One operation at a time, so a fallback to memory never interleaves with a write.
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    backend: LearningBackend,
    problem: string | null,
    dbName: string,
    channel: ChannelLike | null,
  ) {
    this.backend = backend;
    this.persistent = backend.kind === 'indexeddb';
    this.problem = problem;
    this.dbName = dbName;
    this.channel = channel;
    channel?.addEventListener('message', (event) => {
      const data: unknown = event.data;
      if (isChannelMessage(data) && data.dbName === this.dbName && this.persistent) {
        this.emit({ kind: data.kind, source: 'other-tab' });
      }
    });
  }

  get database(): { name: string; version: number } | null {
    return this.persistent ? { name: this.dbName, version: LEARNING_DB_VERSION } : null;
  }

  notifyMerged(): void {
    this.announce('merge');
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Switches to memory, carrying over whatever can still be read, and says why. */
  private async fallBack(error: unknown): Promise<void> {
    const failed = this.backend;
    let rows: unknown[] = [];
    try {
      rows = await failed.rows();
    } catch {
      // Nothing more can be read; the rows stay in IndexedDB for the next visit.
    }
    const records: LearningRecord[] = [];
    const invalid: InvalidRow[] = [];
    parseRows(rows, records, invalid);
    if (rows.length > 0) this.invalidRows = invalid;
    failed.close();
    this.backend = new MemoryBackend(records);
    this.persistent = false;
    this.problem = describeFailure(error);
    this.emit({ kind: 'fallback', source: 'this-tab' });
  }

  /** Runs one operation on the current backend; a failure in IndexedDB retries it in memory. */
  private run<T>(operation: (backend: LearningBackend) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      if (this.closed) throw new Error('The learning store is closed');
      try {
        return await operation(this.backend);
      } catch (error) {
        if (this.backend.kind === 'memory') throw error;
        await this.fallBack(error);
        return operation(this.backend);
      }
    });
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing listener must not stop the others or the write that triggered it.
      }
    }
  }

  private announce(kind: 'add' | 'merge' | 'clear'): void {
    this.emit({ kind, source: 'this-tab' });
    if (this.persistent && this.channel) {
      const message: ChannelMessage = { type: 'learning-changed', dbName: this.dbName, kind };
      this.channel.postMessage(message);
    }
  }

  async add(record: LearningRecord): Promise<void> {
    const parsed = parseContract(LearningRecordSchema, record, 'learning record');
    await this.run((backend) => backend.put(parsed));
    this.announce('add');
  }

  async all(): Promise<LearningRecord[]> {
    const rows = await this.run((backend) => backend.rows());
    // Parsing tens of thousands of rows at once would freeze the page; a chunk at a time it
    // stays responsive.
    const records: LearningRecord[] = [];
    const invalid: InvalidRow[] = [];
    for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
      if (start > 0) await yieldToPage();
      const end = Math.min(rows.length, start + CHUNK_SIZE);
      parseRows(rows.slice(start, end), records, invalid);
      // Let each raw copy go once parsed, so a large read never holds the history twice over.
      rows.fill(undefined, start, end);
    }
    this.invalidRows = invalid;
    return records.sort(byRecordedAt);
  }

  rows(): Promise<unknown[]> {
    return this.run((backend) => backend.rows());
  }

  count(): Promise<number> {
    return this.run((backend) => backend.count());
  }

  async clear(): Promise<void> {
    await this.run((backend) => backend.clear());
    this.invalidRows = [];
    this.announce('clear');
  }

  async merge(
    records: readonly LearningRecord[],
    options: MergeOptions = {},
  ): Promise<MergeResult> {
    // Validate everything before the transaction: a bad record must not leave half an import.
    // A caller that has just parsed the very same records (an import) may skip the second pass.
    const parsed = options.alreadyParsed
      ? records
      : records.map((r, i) => parseContract(LearningRecordSchema, r, `learning record [${i}]`));
    const result = await this.run((backend) => backend.addMissing(parsed));
    if (result.added > 0) this.announce('merge');
    return result;
  }

  async statistics(): Promise<LearningStatistics> {
    return computeStatistics(await this.all());
  }

  async learningContext(n: number): Promise<LearningContext> {
    return learningContext(await this.all(), n);
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    this.closed = true;
    this.backend.close();
    this.channel?.close();
    this.listeners.clear();
  }
}

/** IndexedDB when it opens, else memory with the reason history is not saved. */
async function openBackend(
  factory: IDBFactory | null,
  dbName: string,
  timeoutMs: number,
): Promise<{ backend: LearningBackend; problem: string | null }> {
  if (!factory) return { backend: new MemoryBackend(), problem: NO_INDEXEDDB_PROBLEM };
  try {
    return { backend: await IdbBackend.open({ factory, dbName, timeoutMs }), problem: null };
  } catch (error) {
    return { backend: new MemoryBackend(), problem: describeOpenFailure(error) };
  }
}

/**
 * Opens the learning store. When IndexedDB is missing or cannot be opened the store runs in memory,
 * keeps everything for the session, and says so in `problem`; it never throws for storage reasons.
 */
export async function openLearningStore(
  options: OpenLearningStoreOptions = {},
): Promise<LearningStore> {
  const dbName = options.dbName ?? LEARNING_DB_NAME;
  const timeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  const factory =
    options.indexedDB === undefined
      ? ((globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null)
      : options.indexedDB;
  const channel =
    options.channel === null
      ? null
      : options.channel
        ? options.channel(LEARNING_CHANNEL)
        : defaultChannel(LEARNING_CHANNEL);
  const { backend, problem } = await openBackend(factory, dbName, timeoutMs);
  return new FailoverStore(backend, problem, dbName, channel);
}
