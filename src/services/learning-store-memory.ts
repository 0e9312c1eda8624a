import type { LearningRecord } from '../contracts';
import type { LearningBackend, MergeResult } from './learning-store-backend';

/**
 * Learning records kept in this page only: where the store runs when IndexedDB is missing or
 * failed. The store parses every row it reads, which copies it, so rows are kept as they came.
 */
export class MemoryBackend implements LearningBackend {
  readonly kind = 'memory';
  private readonly byId = new Map<string, unknown>();

  /** Starts with the given rows (those still readable when IndexedDB failed), keyed by id. */
  constructor(rows: readonly unknown[] = []) {
    for (const row of rows) {
      const id = (row as { id?: unknown } | null)?.id;
      if (typeof id === 'string') this.byId.set(id, row);
    }
  }

  rows(): Promise<unknown[]> {
    // Key order, as IndexedDB returns them.
    const ids = [...this.byId.keys()].sort();
    return Promise.resolve(ids.map((id) => this.byId.get(id)));
  }

  count(): Promise<number> {
    return Promise.resolve(this.byId.size);
  }

  put(record: LearningRecord): Promise<void> {
    this.byId.set(record.id, record);
    return Promise.resolve();
  }

  addMissing(records: readonly LearningRecord[]): Promise<MergeResult> {
    let added = 0;
    let skipped = 0;
    for (const record of records) {
      if (this.byId.has(record.id)) skipped += 1;
      else {
        this.byId.set(record.id, record);
        added += 1;
      }
    }
    return Promise.resolve({ added, skipped });
  }

  clear(): Promise<void> {
    this.byId.clear();
    return Promise.resolve();
  }

  close(): void {
    // Nothing to let go of; the rows go with the page.
  }
}
