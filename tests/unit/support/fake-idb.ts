import {
  IDBCursor,
  IDBCursorWithValue,
  IDBDatabase,
  IDBFactory,
  IDBIndex,
  IDBKeyRange,
  IDBObjectStore,
  IDBOpenDBRequest,
  IDBRequest,
  IDBTransaction,
  IDBVersionChangeEvent,
} from 'fake-indexeddb';

/**
 * Makes fake-indexeddb's classes the global IDB* classes, which idb's wrappers test against with
 * instanceof, without installing a global `indexedDB`: every test passes its own `new IDBFactory()`
 * for isolation, and "no IndexedDB at all" stays testable.
 */
export function installFakeIndexedDbClasses(): void {
  Object.assign(globalThis, {
    IDBCursor,
    IDBCursorWithValue,
    IDBDatabase,
    IDBIndex,
    IDBKeyRange,
    IDBObjectStore,
    IDBOpenDBRequest,
    IDBRequest,
    IDBTransaction,
    IDBVersionChangeEvent,
  });
}

/** A fresh, empty IndexedDB for one test. */
export function freshIndexedDb(): IDBFactory {
  return new IDBFactory();
}

/** Opens a database with the raw API, as another tab (or another build of the lab) would. */
export function rawOpen(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade?: (db: IDBDatabase, oldVersion: number) => void,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = (event) => upgrade?.(request.result, event.oldVersion);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

/** Writes one row straight into an object store, bypassing the store's validation. */
export function rawPut(db: IDBDatabase, storeName: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('write failed'));
  });
}

/** Rejects if `promise` has not settled within `ms`, so a hang fails the test with a message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
