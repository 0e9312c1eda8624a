import { IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LearningRecord } from '../../../src/contracts';
import { CHUNK_SIZE, type LearningBackend } from '../../../src/services/learning-store-backend';
import { IdbBackend } from '../../../src/services/learning-store-idb';
import { MemoryBackend } from '../../../src/services/learning-store-memory';
import { makeRecords } from '../support/factories';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';

beforeAll(installFakeIndexedDbClasses);

const opened: LearningBackend[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const backend of opened.splice(0)) backend.close();
});

let counter = 0;
async function idb(): Promise<LearningBackend> {
  const backend = await IdbBackend.open({
    factory: freshIndexedDb(),
    dbName: `backend-${++counter}`,
    timeoutMs: 5_000,
  });
  opened.push(backend);
  return backend;
}

// More than two chunks, and not a multiple of the chunk size, so every chunk edge is crossed.
const MANY = CHUNK_SIZE * 2 + 37;

const ids = (rows: readonly unknown[]) => rows.map((row) => (row as LearningRecord).id);

describe.each([
  ['IndexedDB', idb],
  ['memory', () => Promise.resolve(new MemoryBackend())],
])('the %s backend', (_name, make) => {
  it('reads back every row across chunk edges, in id order, once each', async () => {
    const backend = await make();
    const records = makeRecords(MANY);
    expect(await backend.addMissing(records)).toEqual({ added: MANY, skipped: 0 });
    const rows = await backend.rows();
    expect(rows).toHaveLength(MANY);
    expect(ids(rows)).toEqual(records.map((r) => r.id).sort());
    expect(new Set(ids(rows)).size).toBe(MANY);
    expect(await backend.count()).toBe(MANY);
  });

  it('adds only the ids it does not hold, and the first of ids repeated in the input', async () => {
    const backend = await make();
    const records = makeRecords(4);
    await backend.put(records[0]!);
    const changed = { ...records[1]!, note: 'second copy' };
    expect(await backend.addMissing([...records, changed])).toEqual({ added: 3, skipped: 2 });
    const rows = (await backend.rows()) as LearningRecord[];
    expect(rows.find((r) => r.id === records[1]!.id)?.note).toBe(records[1]!.note);
  });

  it('replaces a row put again under the same id, and clears everything', async () => {
    const backend = await make();
    const [record] = makeRecords(1);
    await backend.put(record!);
    await backend.put({ ...record!, note: 'replaced' });
    expect(((await backend.rows()) as LearningRecord[]).map((r) => r.note)).toEqual(['replaced']);
    await backend.clear();
    expect(await backend.rows()).toEqual([]);
    expect(await backend.count()).toBe(0);
  });
});

describe('the IndexedDB backend', () => {
  it('adds nothing when a write fails in a later chunk: the chunks are one transaction', async () => {
    const backend = await idb();
    const records = makeRecords(MANY);
    const realAdd = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['add']>
    ) {
      calls += 1;
      if (calls === CHUNK_SIZE + 10) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return realAdd.apply(this, args);
    });
    await expect(backend.addMissing(records)).rejects.toThrow(/quota/);
    vi.restoreAllMocks();
    expect(await backend.count()).toBe(0);
  });
});
