import {
  unwrap,
  wrap,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import {
  formatZodError,
  LearningRecordSchema,
  parseContract,
  type LearningContext,
  type LearningRecord,
} from '../contracts';
import { learningContext } from '../domain/learning/context';
import { computeStatistics, type LearningStatistics } from '../domain/learning/statistics';

/** Name of the IndexedDB database holding the learning history. */
export const LEARNING_DB_NAME = 'agent-payment-lab';

/** Schema version of that database; raise it by adding a step to the upgrade ladder. */
export const LEARNING_DB_VERSION = 1;

/** BroadcastChannel on which tabs tell each other that the history changed. */
export const LEARNING_CHANNEL = 'agent-payment-lab:learning';

/** How long opening may wait for other tabs to let go of an old version before giving up. */
export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

/** Every message about lost persistence starts like this, so the UI can show it as it is. */
export const NOT_SAVED_PREFIX = 'History is not being saved:';

/** The database layout: one object store of learning records keyed by their id. */
interface LearningDB extends DBSchema {
  records: {
    key: string;
    // Rows are typed as records but always parsed on the way out: storage is a boundary.
    value: LearningRecord;
  };
}

type Db = IDBPDatabase<LearningDB>;

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

/** What a merge did: records added, and records skipped because their id was already there. */
/** How to merge. */
export interface MergeOptions {
  /** The records were parsed with LearningRecordSchema just now; do not parse them again. */
  alreadyParsed?: boolean;
}

export interface MergeResult {
  added: number;
  skipped: number;
}

/** The learning history: every decision and outcome, persisted in IndexedDB when it can be. */
export interface LearningStore {
  /** True while writes reach IndexedDB; false once the store runs in memory only. */
  readonly persistent: boolean;
  /** Why history is not being saved ("History is not being saved: …"), or null. */
  readonly problem: string | null;
  /** Rows the last full read could not parse; they stay in storage untouched. */
  readonly invalidRows: readonly InvalidRow[];
  /** Stores one record (replacing a record with the same id); it is parsed first. */
  add(record: LearningRecord): Promise<void>;
  /** Every readable record, sorted by recordedAt then id; unreadable rows go to invalidRows. */
  all(): Promise<LearningRecord[]>;
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

/** The part of BroadcastChannel the store uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
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

interface ChannelMessage {
  type: 'learning-changed';
  dbName: string;
  kind: 'add' | 'merge' | 'clear';
}

function isChannelMessage(value: unknown): value is ChannelMessage {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    m.type === 'learning-changed' &&
    typeof m.dbName === 'string' &&
    (m.kind === 'add' || m.kind === 'merge' || m.kind === 'clear')
  );
}

function errorText(error: unknown): string {
  // Some engines' DOMException does not inherit from Error, so both are checked.
  if (
    error instanceof Error ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  ) {
    const e = error as Error;
    return e.message ? `${e.name}: ${e.message}` : e.name;
  }
  return String(error);
}

function errorName(error: unknown): string {
  return error !== null && typeof error === 'object' && 'name' in error
    ? String((error as { name: unknown }).name)
    : '';
}

/** Sorts like the contract promises: recordedAt, then id (IndexedDB's own key order). */
function byRecordedAt(a: LearningRecord, b: LearningRecord): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt - b.recordedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Parses raw rows; the good ones come back sorted, the bad ones as readable problems. */
function parseRows(rows: readonly unknown[]): { records: LearningRecord[]; invalid: InvalidRow[] } {
  const records: LearningRecord[] = [];
  const invalid: InvalidRow[] = [];
  for (const row of rows) {
    const result = LearningRecordSchema.safeParse(row);
    if (result.success) records.push(result.data);
    else {
      const id =
        row !== null && typeof row === 'object' && 'id' in row ? (row as { id: unknown }).id : '?';
      invalid.push({
        key: String(id).slice(0, 200),
        message: formatZodError(result.error, 3),
      });
    }
  }
  records.sort(byRecordedAt);
  return { records, invalid };
}

/**
 * The upgrade ladder. Each step brings the database from one version to the next and is never
 * edited once released; a new layout is a new `if (oldVersion < N)` step below the others.
 */
function upgrade(
  db: Db,
  oldVersion: number,
  _transaction: IDBPTransaction<LearningDB, StoreNames<LearningDB>[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    db.createObjectStore('records', { keyPath: 'id' });
  }
}

interface OpenCallbacks {
  onBlocked: () => void;
  onBlocking: (db: Db) => void;
  onTerminated: (db: Db) => void;
}

/**
 * idb's openDB with an injectable factory (idb always uses the global one): the same wiring of
 * upgradeneeded, blocked, versionchange (blocking) and close (terminated), plus a timeout so that a
 * tab holding an old version open forever cannot hang the lab.
 */
function openDatabase(
  factory: IDBFactory,
  name: string,
  timeoutMs: number,
  callbacks: OpenCallbacks,
): Promise<Db> {
  const request = factory.open(name, LEARNING_DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(
      wrap(request.result) as unknown as Db,
      event.oldVersion,
      wrap(request.transaction as IDBTransaction) as unknown as IDBPTransaction<
        LearningDB,
        StoreNames<LearningDB>[],
        'versionchange'
      >,
    );
  });
  request.addEventListener('blocked', () => callbacks.onBlocked());
  const opened = (wrap(request) as Promise<unknown>).then((value) => {
    const db = value as Db;
    db.addEventListener('versionchange', () => callbacks.onBlocking(db));
    db.addEventListener('close', () => callbacks.onTerminated(db));
    return db;
  });
  return new Promise<Db>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new DOMException(`opening took longer than ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    opened.then(
      (db) => {
        clearTimeout(timer);
        // Too late: the store already runs in memory, so this connection must not block anyone.
        if (settled) db.close();
        else resolve(db);
        settled = true;
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!settled) reject(error);
        settled = true;
      },
    );
  });
}

/** Explains a lost connection or failed write in words a person can act on. */
function describeFailure(error: unknown): string {
  const name = errorName(error);
  if (name === 'QuotaExceededError') {
    return `${NOT_SAVED_PREFIX} the browser's storage quota is full (${errorText(error)}). The lab keeps running in memory; export the history to keep it.`;
  }
  if (name === 'TimeoutError') {
    return `${NOT_SAVED_PREFIX} another tab of the lab keeps an older version of the history open. Close the other tabs of the lab and reload this one.`;
  }
  if (name === 'VersionError') {
    return `${NOT_SAVED_PREFIX} a newer version of the lab upgraded the history in another tab (${errorText(error)}). Reload this tab to use it.`;
  }
  return `${NOT_SAVED_PREFIX} IndexedDB failed (${errorText(error)}). The lab keeps running in memory; export the history to keep it.`;
}

class Store implements LearningStore {
  persistent: boolean;
  problem: string | null;
  invalidRows: readonly InvalidRow[] = [];

  private db: Db | null;
  private memory: Map<string, LearningRecord> | null;
  private readonly factory: IDBFactory | null;
  private readonly dbName: string;
  private readonly timeoutMs: number;
  private readonly channel: ChannelLike | null;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  // One operation at a time, so a fallback to memory never interleaves with a write.
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    factory: IDBFactory | null,
    dbName: string,
    timeoutMs: number,
    channel: ChannelLike | null,
  ) {
    this.factory = factory;
    this.db = null;
    this.memory = null;
    this.persistent = factory !== null;
    this.problem = null;
    this.dbName = dbName;
    this.timeoutMs = timeoutMs;
    this.channel = channel;
    channel?.addEventListener('message', (event) => {
      const data: unknown = event.data;
      if (isChannelMessage(data) && data.dbName === this.dbName && this.memory === null) {
        this.emit({ kind: data.kind, source: 'other-tab' });
      }
    });
  }

  /** Opens the database, or settles in memory with a message saying why history is not saved. */
  async init(): Promise<void> {
    if (!this.factory) {
      this.useMemory(
        `${NOT_SAVED_PREFIX} this browser offers no IndexedDB (private browsing or storage turned off). The lab keeps running in memory; export the history to keep it.`,
      );
      return;
    }
    try {
      await this.connection();
    } catch (error) {
      const name = errorName(error);
      this.useMemory(
        name === 'VersionError' || name === 'TimeoutError'
          ? describeFailure(error)
          : `${NOT_SAVED_PREFIX} IndexedDB could not be opened (${errorText(error)}). The lab keeps running in memory; export the history to keep it.`,
      );
    }
  }

  private useMemory(problem: string, memory = new Map<string, LearningRecord>()): void {
    this.db?.close();
    this.db = null;
    this.memory = memory;
    this.persistent = false;
    this.problem = problem;
  }

  /** Wires the connection's lifecycle events to this store (reopened connections too). */
  private callbacks(): OpenCallbacks {
    return {
      onBlocked: () => {
        // Another tab holds an older version open; it closes on its `versionchange`, or the
        // open times out and the store runs in memory.
      },
      onBlocking: (db) => {
        // Another tab wants to upgrade: let go at once and reopen on the next operation, so the
        // upgrade does not hang waiting for this tab.
        db.close();
        if (this.db === db) this.db = null;
      },
      onTerminated: (db) => {
        // The browser dropped the connection (storage cleared, disk error): reopen lazily.
        if (this.db === db) this.db = null;
      },
    };
  }

  private async connection(): Promise<Db> {
    if (this.db) return this.db;
    if (!this.factory) throw new Error('IndexedDB is not available');
    this.db = await openDatabase(this.factory, this.dbName, this.timeoutMs, this.callbacks());
    return this.db;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Switches to memory, carrying over whatever can still be read, and says why. */
  private async fallBack(error: unknown): Promise<Map<string, LearningRecord>> {
    const memory = new Map<string, LearningRecord>();
    try {
      if (this.db) {
        const { records, invalid } = parseRows(await this.db.getAll('records'));
        for (const record of records) memory.set(record.id, record);
        this.invalidRows = invalid;
      }
    } catch {
      // Nothing more can be read; the rows stay in IndexedDB for the next visit.
    }
    this.useMemory(describeFailure(error), memory);
    this.emit({ kind: 'fallback', source: 'this-tab' });
    return memory;
  }

  /** Runs an operation against IndexedDB, or in memory when that is all there is. */
  private run<T>(
    onDb: (db: Db) => Promise<T>,
    inMemory: (memory: Map<string, LearningRecord>) => T,
  ): Promise<T> {
    return this.enqueue(async () => {
      if (this.closed) throw new Error('The learning store is closed');
      if (this.memory) return inMemory(this.memory);
      try {
        const db = await this.connection();
        return await onDb(db);
      } catch (error) {
        return inMemory(await this.fallBack(error));
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
    await this.run(
      async (db) => {
        const tx = db.transaction('records', 'readwrite');
        await Promise.all([tx.store.put(parsed), tx.done]);
      },
      (memory) => {
        memory.set(parsed.id, parsed);
      },
    );
    this.announce('add');
  }

  async all(): Promise<LearningRecord[]> {
    return this.run(
      async (db) => {
        const { records, invalid } = parseRows(await db.getAll('records'));
        this.invalidRows = invalid;
        return records;
      },
      (memory) => [...memory.values()].sort(byRecordedAt).map((r) => structuredClone(r)),
    );
  }

  async count(): Promise<number> {
    return this.run(
      (db) => db.count('records'),
      (memory) => memory.size,
    );
  }

  async clear(): Promise<void> {
    await this.run(
      async (db) => {
        const tx = db.transaction('records', 'readwrite');
        await Promise.all([tx.store.clear(), tx.done]);
        this.invalidRows = [];
      },
      (memory) => {
        memory.clear();
        this.invalidRows = [];
      },
    );
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
    const result = await this.run(
      async (db) => {
        const tx = db.transaction('records', 'readwrite');
        const existing = new Set<string>(await tx.store.getAllKeys());
        // The bare object store: a promise per request costs a third of a 10,000-record merge,
        // and tx.done already rejects (aborting everything) if any single add fails.
        const raw = unwrap(tx.store);
        let added = 0;
        let skipped = 0;
        for (const record of parsed) {
          if (existing.has(record.id)) skipped += 1;
          else {
            existing.add(record.id);
            raw.add(record);
            added += 1;
          }
        }
        await tx.done;
        return { added, skipped };
      },
      (memory) => {
        let added = 0;
        let skipped = 0;
        for (const record of parsed) {
          if (memory.has(record.id)) skipped += 1;
          else {
            memory.set(record.id, record);
            added += 1;
          }
        }
        return { added, skipped };
      },
    );
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
    this.db?.close();
    this.db = null;
    this.channel?.close();
    this.listeners.clear();
  }
}

function defaultChannel(name: string): ChannelLike | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  // In Node (tests, CLI) an open channel would keep the process alive; browsers have no unref.
  (channel as unknown as { unref?: () => void }).unref?.();
  return channel;
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

  const store = new Store(factory, dbName, timeoutMs, channel);
  await store.init();
  return store;
}
