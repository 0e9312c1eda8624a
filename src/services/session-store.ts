import { checkContract } from '../contracts/common';
import { LiveSessionSchema, type LiveSession } from '../contracts/session';
import { DEFAULT_WORKSPACE_ID } from '../contracts/workspace';
import { currentWorkspace, sessionDbName } from './workspace-storage';

/** The default workspace's session database, apart from the learning history; each workspace has its own. */
export const SESSION_DB_NAME = sessionDbName(DEFAULT_WORKSPACE_ID);

/** Schema version of the session database. */
export const SESSION_DB_VERSION = 1;

const STORE = 'session';
/** One session per workspace: the tab that wrote last is the one a reload resumes. */
const KEY = 'live';

/** What a read of the stored session found. */
export type SessionRead =
  | { kind: 'none' }
  | { kind: 'ok'; session: LiveSession }
  | { kind: 'invalid'; message: string; raw: unknown };

/** Where the live session is kept between reloads. */
export interface SessionStore {
  /** True when the session reaches IndexedDB; false when it lives in memory only. */
  readonly persistent: boolean;
  /** Reads and parses the stored session; bad data is reported, never trusted. */
  read(): Promise<SessionRead>;
  /** Replaces the stored session (parsed first, so nothing malformed is ever written). */
  save(session: LiveSession): Promise<void>;
  /** Forgets the stored session. */
  clear(): Promise<void>;
}

/** Options for opening the session store; tests pass their own IndexedDB. */
export interface SessionStoreOptions {
  indexedDB?: IDBFactory | null;
  /** The database to open; the current workspace's by default. */
  dbName?: string;
}

/** Opens the session store in IndexedDB, or in memory when IndexedDB cannot be opened. */
export async function openSessionStore(options: SessionStoreOptions = {}): Promise<SessionStore> {
  const factory =
    options.indexedDB === undefined
      ? ((globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null)
      : options.indexedDB;
  if (!factory) return memorySessionStore();
  const dbName = options.dbName ?? sessionDbName(currentWorkspace().id);
  try {
    return new IndexedDbSessionStore(await openDatabase(factory, dbName));
  } catch {
    // Without a place to keep it the session simply does not survive a reload; the lab runs on.
    return memorySessionStore();
  }
}

/** A session store that forgets everything on reload (no IndexedDB, or tests). */
export function memorySessionStore(): SessionStore {
  let stored: unknown = undefined;
  return {
    persistent: false,
    read: () => Promise.resolve(parseStored(stored)),
    save(session) {
      try {
        stored = checked(session);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    clear() {
      stored = undefined;
      return Promise.resolve();
    },
  };
}

class IndexedDbSessionStore implements SessionStore {
  readonly persistent = true;
  private readonly db: IDBDatabase;

  constructor(db: IDBDatabase) {
    this.db = db;
    // A newer build in another tab wants to upgrade: let go rather than block it.
    db.onversionchange = () => db.close();
  }

  async read(): Promise<SessionRead> {
    const tx = this.db.transaction(STORE, 'readonly');
    const value = await requestResult(tx.objectStore(STORE).get(KEY));
    return parseStored(value);
  }

  async save(session: LiveSession): Promise<void> {
    const value = checked(session);
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, KEY);
    await transactionDone(tx);
  }

  clear(): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(KEY);
    return transactionDone(tx);
  }
}

function checked(session: LiveSession): LiveSession {
  const result = checkContract(LiveSessionSchema, session, 'live session');
  if (!result.ok) throw result.error;
  return result.value;
}

function parseStored(value: unknown): SessionRead {
  if (value === undefined) return { kind: 'none' };
  const result = checkContract(LiveSessionSchema, value, 'stored session');
  return result.ok
    ? { kind: 'ok', session: result.value }
    : { kind: 'invalid', message: result.message, raw: value };
}

function openDatabase(factory: IDBFactory, dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(dbName, SESSION_DB_VERSION);
    request.onupgradeneeded = (event) => {
      // The upgrade ladder: each step runs once, and old steps are never edited.
      if (event.oldVersion < 1) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The session store did not open.'));
    request.onblocked = () => reject(new Error('An older tab keeps the session store open.'));
  });
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The session could not be read.'));
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('error', () => reject(tx.error ?? new Error('The session was not saved.')));
    tx.addEventListener('abort', () =>
      reject(tx.error ?? new Error('Saving the session aborted.')),
    );
  });
}
