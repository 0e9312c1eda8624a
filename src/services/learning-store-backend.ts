import type { LearningRecord } from '../contracts';

/** Every message about lost persistence starts like this, so the UI can show it as it is. */
export const NOT_SAVED_PREFIX = 'History is not being saved:';

/**
 * Rows read, written or parsed per step, so that no step holds the page for long: a record of the
 * lab is a few kilobytes, and cloning one chunk of them in or out of IndexedDB stays a short task.
 */
export const CHUNK_SIZE = 50;

/** What a merge did: records added, and records skipped because their id was already there. */
export interface MergeResult {
  added: number;
  skipped: number;
}

/**
 * Where learning records live. Backends store and return rows as they are; parsing, ordering,
 * queueing and failover are the store's, so each of those is written once for every backend.
 */
export interface LearningBackend {
  /** `indexeddb` while rows reach the browser's storage, `memory` for this page only. */
  readonly kind: 'indexeddb' | 'memory';
  /** Every stored row, unparsed (storage is a boundary), read a chunk at a time. */
  rows(): Promise<unknown[]>;
  /** Number of stored rows, including any that do not parse. */
  count(): Promise<number>;
  /** Stores one record, replacing a row with the same id. */
  put(record: LearningRecord): Promise<void>;
  /** Adds, all or nothing, the records whose ids are not stored yet (nor earlier in the list). */
  addMissing(records: readonly LearningRecord[]): Promise<MergeResult>;
  /** Removes every row. */
  clear(): Promise<void>;
  /** Lets go of the storage. */
  close(): void;
}

/** Lets the page paint and handle input between two chunks of work. */
export function yieldToPage(): Promise<void> {
  // scheduler.yield resumes ahead of other queued work and without setTimeout's 4 ms clamp.
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** An error as `Name: message`, for DOMExceptions too (some engines' do not inherit from Error). */
export function errorText(error: unknown): string {
  if (
    error instanceof Error ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  ) {
    const e = error as Error;
    return e.message ? `${e.name}: ${e.message}` : e.name;
  }
  return String(error);
}

/** The error's `name` (QuotaExceededError, VersionError, …), or '' when it has none. */
export function errorName(error: unknown): string {
  return error !== null && typeof error === 'object' && 'name' in error
    ? String((error as { name: unknown }).name)
    : '';
}

/** Explains a lost connection or failed write in words a person can act on. */
export function describeFailure(error: unknown): string {
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

/** Why the store could not open IndexedDB at all. */
export function describeOpenFailure(error: unknown): string {
  const name = errorName(error);
  return name === 'VersionError' || name === 'TimeoutError'
    ? describeFailure(error)
    : `${NOT_SAVED_PREFIX} IndexedDB could not be opened (${errorText(error)}). The lab keeps running in memory; export the history to keep it.`;
}

/** Why there is no IndexedDB to open. */
export const NO_INDEXEDDB_PROBLEM = `${NOT_SAVED_PREFIX} this browser offers no IndexedDB (private browsing or storage turned off). The lab keeps running in memory; export the history to keep it.`;
