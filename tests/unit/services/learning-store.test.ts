import { IDBObjectStore, IDBOpenDBRequest, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContractError, type LearningRecord } from '../../../src/contracts';
import {
  openLearningStore,
  type LearningStore,
  type StoreChange,
} from '../../../src/services/learning-store';
import { makeRecord, makeRecords, T0 } from '../support/factories';
import {
  freshIndexedDb,
  installFakeIndexedDbClasses,
  rawOpen,
  rawPut,
  within,
} from '../support/fake-idb';

beforeAll(installFakeIndexedDbClasses);

const opened: LearningStore[] = [];
let dbCounter = 0;

/** Opens a store on its own fake IndexedDB (or the given one) and closes it after the test. */
async function open(factory: IDBFactory | null = freshIndexedDb(), dbName?: string) {
  const store = await openLearningStore({
    indexedDB: factory,
    dbName: dbName ?? `learning-test-${++dbCounter}`,
  });
  opened.push(store);
  return store;
}

function nextChange(store: LearningStore, kind: StoreChange['kind']): Promise<StoreChange> {
  return new Promise((resolve) => {
    const stop = store.onChange((change) => {
      if (change.kind === kind) {
        stop();
        resolve(change);
      }
    });
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const store of opened.splice(0)) store.close();
});

describe('learning store in IndexedDB', () => {
  it('adds, lists in recordedAt order, counts and clears records', async () => {
    const store = await open();
    expect(store.persistent).toBe(true);
    expect(store.problem).toBeNull();
    const [a, b, c] = makeRecords(3);
    await store.add(c as LearningRecord);
    await store.add(a as LearningRecord);
    await store.add(b as LearningRecord);
    expect(await store.count()).toBe(3);
    expect(await store.all()).toEqual([a, b, c]);
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await store.all()).toEqual([]);
  });

  it('keeps records across a reload of the page', async () => {
    const factory = freshIndexedDb();
    const first = await open(factory, 'reload');
    const records = makeRecords(4);
    for (const record of records) await first.add(record);
    first.close();
    const second = await open(factory, 'reload');
    expect(await second.all()).toEqual(records);
  });

  it('replaces a record stored again under the same id', async () => {
    const store = await open();
    await store.add(makeRecord({ id: 'x', improvementAchieved: 0.01 }));
    await store.add(
      makeRecord({ id: 'x', improvementAchieved: -0.03, recordStatus: 'rolled_back' }),
    );
    const all = await store.all();
    expect(all).toHaveLength(1);
    expect(all[0]?.status).toBe('rolled_back');
  });

  it('refuses to store a record that does not match the contract', async () => {
    const store = await open();
    const bad = { ...makeRecord(), recordedAt: -5 } as LearningRecord;
    await expect(store.add(bad)).rejects.toBeInstanceOf(ContractError);
    expect(await store.count()).toBe(0);
  });

  it('merges in one go without duplicating ids already present or repeated', async () => {
    const store = await open();
    const records = makeRecords(5);
    await store.add(records[0] as LearningRecord);
    await store.add(records[1] as LearningRecord);
    const result = await store.merge([...records, records[4] as LearningRecord]);
    expect(result).toEqual({ added: 3, skipped: 3 });
    expect(await store.all()).toEqual(records);
  });

  it('merges nothing when one record is invalid', async () => {
    const store = await open();
    const records = makeRecords(3);
    const broken = { ...makeRecords(1)[0], id: '' } as LearningRecord;
    await expect(store.merge([...records, broken])).rejects.toThrow(/learning record \[3\]/);
    expect(await store.count()).toBe(0);
  });

  it('reports rows that do not parse and keeps them, instead of failing the read', async () => {
    const factory = freshIndexedDb();
    const store = await open(factory, 'bad-rows');
    const good = makeRecords(2);
    await store.merge(good);
    const raw = await rawOpen(factory, 'bad-rows', 1);
    await rawPut(raw, 'records', { id: 'tampered', recordedAt: 'yesterday' });
    raw.close();
    expect(await store.all()).toEqual(good);
    expect(store.invalidRows).toHaveLength(1);
    expect(store.invalidRows[0]?.key).toBe('tampered');
    expect(store.invalidRows[0]?.message).toMatch(/recordedAt/);
    expect(await store.count()).toBe(3);
    expect((await store.statistics()).totalDecisions).toBe(2);
  });

  it('answers statistics and the learning context from what is stored', async () => {
    const store = await open();
    await store.merge([
      ...makeRecords(6),
      makeRecord({ id: 'blocked', recordStatus: 'blocked', recordedAt: T0 + 10_000 }),
    ]);
    const stats = await store.statistics();
    expect(stats).toMatchObject({ totalDecisions: 7, executed: 6, blocked: 1, totalOutcomes: 6 });
    const context = await store.learningContext(2);
    expect(context.totalOutcomes).toBe(6);
    expect(context.recentOutcomes.map((o) => o.executedAt)).toEqual([T0 + 5000, T0 + 4000]);
  });

  it('tells listeners about its own changes', async () => {
    const store = await open();
    const changes: StoreChange[] = [];
    const stop = store.onChange((change) => changes.push(change));
    await store.add(makeRecord());
    await store.merge(makeRecords(2, T0 + 1));
    await store.merge([]);
    await store.clear();
    stop();
    await store.add(makeRecord({ id: 'after' }));
    expect(changes).toEqual([
      { kind: 'add', source: 'this-tab' },
      { kind: 'merge', source: 'this-tab' },
      { kind: 'clear', source: 'this-tab' },
    ]);
  });
});

describe('learning store across tabs', () => {
  it('hears about a change made in another tab', async () => {
    const factory = freshIndexedDb();
    const tabA = await open(factory, 'tabs');
    const tabB = await open(factory, 'tabs');
    const heard = nextChange(tabB, 'add');
    await tabA.add(makeRecord({ id: 'from-a' }));
    expect(await within(heard, 2000, 'the change notice')).toEqual({
      kind: 'add',
      source: 'other-tab',
    });
    expect((await tabB.all()).map((r) => r.id)).toEqual(['from-a']);
  });

  it('lets another tab upgrade the database instead of hanging it, then stops saving', async () => {
    const factory = freshIndexedDb();
    const store = await open(factory, 'upgrade');
    await store.add(makeRecord({ id: 'before-upgrade' }));
    const newer = await within(
      rawOpen(factory, 'upgrade', 2, (db) => db.createObjectStore('somethingNew')),
      2000,
      'the other tab’s upgrade',
    );
    expect(newer.version).toBe(2);
    newer.close();
    // This tab's build only knows version 1: it keeps working in memory and says why.
    await store.add(makeRecord({ id: 'after-upgrade', recordedAt: T0 + 1 }));
    expect(store.persistent).toBe(false);
    expect(store.problem).toMatch(/^History is not being saved: a newer version of the lab/);
    expect((await store.all()).map((r) => r.id)).toEqual(['after-upgrade']);
  });

  it('reopens by itself after the browser drops the connection', async () => {
    const factory = freshIndexedDb();
    let connection: IDBDatabase | null = null;
    const realOpen = factory.open.bind(factory);
    vi.spyOn(factory, 'open').mockImplementation((name, version) => {
      const request = realOpen(name, version);
      request.addEventListener('success', () => {
        connection = request.result;
      });
      return request;
    });
    const store = await open(factory, 'terminated');
    await store.add(makeRecord({ id: 'one' }));
    expect(connection).not.toBeNull();
    forceCloseDatabase(connection as never);
    await store.add(makeRecord({ id: 'two', recordedAt: T0 + 1 }));
    expect(store.persistent).toBe(true);
    expect((await store.all()).map((r) => r.id)).toEqual(['one', 'two']);
  });
});

describe('learning store without IndexedDB', () => {
  it('runs in memory when the browser offers no IndexedDB, and says so', async () => {
    const store = await open(null);
    expect(store.persistent).toBe(false);
    expect(store.problem).toMatch(/^History is not being saved: this browser offers no IndexedDB/);
    const records = makeRecords(3);
    await store.add(records[2] as LearningRecord);
    expect(await store.merge(records)).toEqual({ added: 2, skipped: 1 });
    expect(await store.all()).toEqual(records);
    expect(await store.count()).toBe(3);
    expect((await store.statistics()).totalOutcomes).toBe(3);
    await store.clear();
    expect(await store.count()).toBe(0);
  });

  it('uses the global IndexedDB when none is passed, and memory when there is none', async () => {
    expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined();
    const store = await openLearningStore({ dbName: 'global' });
    opened.push(store);
    expect(store.persistent).toBe(false);
  });

  it('runs in memory when opening fails', async () => {
    const factory = freshIndexedDb();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const store = await open(factory);
    expect(store.persistent).toBe(false);
    expect(store.problem).toBe(
      'History is not being saved: IndexedDB could not be opened (SecurityError: The operation is insecure.). The lab keeps running in memory; export the history to keep it.',
    );
    await store.add(makeRecord());
    expect(await store.count()).toBe(1);
  });

  it('stops waiting for a tab that never lets go of an old version, and says what to do', async () => {
    const factory = freshIndexedDb();
    // An open request that stays blocked forever, as behind a tab of an old build.
    vi.spyOn(factory, 'open').mockImplementation(() => new IDBOpenDBRequest());
    const store = await openLearningStore({
      indexedDB: factory,
      dbName: 'stuck',
      openTimeoutMs: 20,
    });
    opened.push(store);
    expect(store.persistent).toBe(false);
    expect(store.problem).toBe(
      'History is not being saved: another tab of the lab keeps an older version of the history open. Close the other tabs of the lab and reload this one.',
    );
  });

  it('moves to memory with everything when a write hits the quota', async () => {
    const store = await open();
    const earlier = makeRecords(3);
    await store.merge(earlier);
    const fellBack = nextChange(store, 'fallback');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const latest = makeRecord({ id: 'latest', recordedAt: T0 + 60_000 });
    await store.add(latest);
    await fellBack;
    expect(store.persistent).toBe(false);
    expect(store.problem).toMatch(
      /^History is not being saved: the browser's storage quota is full \(QuotaExceededError/,
    );
    expect(await store.all()).toEqual([...earlier, latest]);
  });

  it('finishes an import in memory when the quota is full, adding each record once', async () => {
    const store = await open();
    const records = makeRecords(4);
    await store.add(records[0] as LearningRecord);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(await store.merge(records)).toEqual({ added: 3, skipped: 1 });
    expect(store.persistent).toBe(false);
    expect(await store.all()).toEqual(records);
  });
});
