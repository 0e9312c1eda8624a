import type { LearningRecord } from '../src/contracts/learning';
import type { StoredDatabase } from '../src/domain/learning/history-file-view';

/** The object store of learning records (the page's learning store creates and upgrades it). */
const RECORDS = 'records';

/** Rows read per request: the worker has no page to keep responsive, only memory to spare. */
const READ_CHUNK = 1000;

/** A request's result once it succeeds. */
function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Opens the page's learning database at the version the page opened it with. The page creates
 * and upgrades it; should it not exist in that shape, the open is aborted (nothing is created
 * here) and the caller reads through the page instead.
 */
export function openStoredDatabase(
  factory: IDBFactory,
  database: StoredDatabase,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(database.name, database.version);
    request.onupgradeneeded = () => {
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database must not wait for this connection.
      db.onversionchange = () => db.close();
      if (db.objectStoreNames.contains(RECORDS)) resolve(db);
      else {
        db.close();
        reject(new Error(`the database ${database.name} has no ${RECORDS} store`));
      }
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/** Reads every stored row, unparsed, a chunk at a time; `onChunk` takes each chunk as it comes. */
export async function readStoredRows(
  db: IDBDatabase,
  onChunk: (rows: unknown[]) => void,
): Promise<void> {
  const store = db.transaction(RECORDS, 'readonly').objectStore(RECORDS);
  let after: IDBKeyRange | null = null;
  for (;;) {
    const rows: unknown[] = await result(store.getAll(after, READ_CHUNK));
    onChunk(rows);
    const last = rows.at(-1) as { id?: unknown } | undefined;
    if (rows.length < READ_CHUNK || typeof last?.id !== 'string') return;
    after = IDBKeyRange.lowerBound(last.id, true);
  }
}

/**
 * Adds, in one transaction (all or nothing), the records whose ids are not stored yet; returns
 * what it added and skipped, as the page's learning store would.
 */
export async function addMissingRecords(
  db: IDBDatabase,
  records: readonly LearningRecord[],
): Promise<{ added: number; skipped: number; fresh: LearningRecord[] }> {
  const tx = db.transaction(RECORDS, 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('the import was aborted', 'AbortError'));
    tx.onerror = () => undefined;
  });
  // A failed transaction rejects `done`; it is awaited below, or the error came first.
  done.catch(() => undefined);
  const store = tx.objectStore(RECORDS);
  const existing = new Set((await result(store.getAllKeys())) as string[]);
  const fresh: LearningRecord[] = [];
  let skipped = 0;
  try {
    for (const record of records) {
      if (existing.has(record.id)) skipped += 1;
      else {
        existing.add(record.id);
        store.add(record);
        fresh.push(record);
      }
    }
  } catch (error) {
    // A request that throws at once (a full quota) must not let the earlier adds commit.
    try {
      tx.abort();
    } catch {
      // It had already aborted itself.
    }
    throw error;
  }
  await done;
  return { added: fresh.length, skipped, fresh };
}
