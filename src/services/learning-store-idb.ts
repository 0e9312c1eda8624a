import {
  unwrap,
  wrap,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { LearningRecord } from '../contracts';
import { CHUNK_SIZE, type LearningBackend, type MergeResult } from './learning-store-backend';

/** Schema version of the database; raise it by adding a step to the upgrade ladder. */
export const LEARNING_DB_VERSION = 1;

/** The database layout: one object store of learning records keyed by their id. */
interface LearningDB extends DBSchema {
  records: {
    key: string;
    // Rows are typed as records but always parsed on the way out: storage is a boundary.
    value: LearningRecord;
  };
}

type Db = IDBPDatabase<LearningDB>;
type UpgradeTransaction = IDBPTransaction<LearningDB, StoreNames<LearningDB>[], 'versionchange'>;

/**
 * The upgrade ladder. Each step brings the database from one version to the next and is never
 * edited once released; a new layout is a new `if (oldVersion < N)` step below the others.
 */
function upgrade(db: Db, oldVersion: number, _transaction: UpgradeTransaction): void {
  if (oldVersion < 1) {
    db.createObjectStore('records', { keyPath: 'id' });
  }
}

/** Aborts a transaction that may already have ended on its own. */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // It had already failed and aborted itself.
  }
}

/** Where to open the database and how long to wait for tabs holding an old version. */
export interface IdbBackendOptions {
  factory: IDBFactory;
  dbName: string;
  timeoutMs: number;
}

/**
 * idb's openDB with an injectable factory (idb always uses the global one): the same wiring of
 * upgradeneeded, blocked, versionchange (blocking) and close (terminated), plus a timeout so that
 * a tab holding an old version open forever cannot hang the lab.
 */
function openDatabase(
  options: IdbBackendOptions,
  onBlocking: (db: Db) => void,
  onTerminated: (db: Db) => void,
): Promise<Db> {
  const { factory, dbName, timeoutMs } = options;
  const request = factory.open(dbName, LEARNING_DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    upgrade(
      wrap(request.result) as unknown as Db,
      event.oldVersion,
      wrap(request.transaction as IDBTransaction) as unknown as UpgradeTransaction,
    );
  });
  // Blocked: another tab holds an older version open; it closes on its `versionchange`, or the
  // open times out and the store runs in memory.
  const opened = (wrap(request) as Promise<unknown>).then((value) => {
    const db = value as Db;
    db.addEventListener('versionchange', () => onBlocking(db));
    db.addEventListener('close', () => onTerminated(db));
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

/**
 * Learning records in IndexedDB. Large reads and writes go a chunk at a time inside one
 * transaction: each chunk waits for the previous one's last request, so the browser runs other
 * tasks in between and the transaction stays all or nothing. Nothing but idb calls runs inside.
 */
export class IdbBackend implements LearningBackend {
  readonly kind = 'indexeddb';
  private db: Db | null = null;
  private readonly options: IdbBackendOptions;

  private constructor(options: IdbBackendOptions) {
    this.options = options;
  }

  /** Opens the database (upgrading it when needed); rejects when it cannot be opened in time. */
  static async open(options: IdbBackendOptions): Promise<IdbBackend> {
    const backend = new IdbBackend(options);
    await backend.connection();
    return backend;
  }

  private async connection(): Promise<Db> {
    if (this.db) return this.db;
    this.db = await openDatabase(
      this.options,
      (db) => {
        // Another tab wants to upgrade: let go at once and reopen on the next operation, so
        // the upgrade does not hang waiting for this tab.
        db.close();
        if (this.db === db) this.db = null;
      },
      (db) => {
        // The browser dropped the connection (storage cleared, disk error): reopen lazily.
        if (this.db === db) this.db = null;
      },
    );
    return this.db;
  }

  async rows(): Promise<unknown[]> {
    const tx = (await this.connection()).transaction('records', 'readonly');
    const rows: unknown[] = [];
    let after: IDBKeyRange | null = null;
    for (;;) {
      const chunk: LearningRecord[] = await tx.store.getAll(after, CHUNK_SIZE);
      rows.push(...chunk);
      const last = chunk.at(-1);
      if (chunk.length < CHUNK_SIZE || last === undefined) break;
      after = IDBKeyRange.lowerBound(last.id, true);
    }
    await tx.done;
    return rows;
  }

  async count(): Promise<number> {
    return (await this.connection()).count('records');
  }

  async put(record: LearningRecord): Promise<void> {
    const tx = (await this.connection()).transaction('records', 'readwrite');
    await Promise.all([tx.store.put(record), tx.done]);
  }

  async addMissing(records: readonly LearningRecord[]): Promise<MergeResult> {
    const tx = (await this.connection()).transaction('records', 'readwrite');
    const done = tx.done;
    // tx.done rejects (aborting everything) if any single add fails; it must never go unheard.
    done.catch(() => undefined);
    const existing = new Set<string>(await tx.store.getAllKeys());
    // The bare object store: a promise per request would cost a third of a large merge.
    const raw = unwrap(tx.store);
    let added = 0;
    let skipped = 0;
    try {
      for (let start = 0; start < records.length; start += CHUNK_SIZE) {
        let last: IDBRequest | null = null;
        for (const record of records.slice(start, start + CHUNK_SIZE)) {
          if (existing.has(record.id)) skipped += 1;
          else {
            existing.add(record.id);
            last = raw.add(record);
            added += 1;
          }
        }
        if (last) await wrap(last);
      }
    } catch (error) {
      // A request that throws at once (a full quota) would otherwise let the earlier adds commit.
      abortQuietly(tx);
      throw error;
    }
    await done;
    return { added, skipped };
  }

  async clear(): Promise<void> {
    const tx = (await this.connection()).transaction('records', 'readwrite');
    await Promise.all([tx.store.clear(), tx.done]);
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
