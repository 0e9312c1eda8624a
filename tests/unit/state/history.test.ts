import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryServiceApi } from '../../../src/domain/learning/history-file-view';
import { HISTORY_PAGE_SIZE } from '../../../src/domain/learning/history-file-view';
import { exportHistory } from '../../../src/services/history-file';
import { openLearningStore, type LearningStore } from '../../../src/services/learning-store';
import { WorkerClient } from '../../../src/services/worker-client';
import { HistoryState } from '../../../src/state/history.svelte';
import { createHistoryWorkerApi, emptyWork } from '../../../workers/history-worker-api';
import { makeRecord, makeRecords, T0 } from '../support/factories';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';
import { FakeWorker } from '../support/fake-worker';

const clients: WorkerClient<HistoryServiceApi>[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.terminate();
});

installFakeIndexedDbClasses();

/** A HistoryState over a memory store holding `stored`, its worker's work counters, and the store. */
async function historyWith(stored: ReturnType<typeof makeRecords> = []) {
  const work = emptyWork();
  const client = new WorkerClient<HistoryServiceApi>({
    name: 'History worker',
    timeoutMs: 10_000,
    create: () => new FakeWorker(createHistoryWorkerApi(work)),
  });
  clients.push(client);
  const store: LearningStore = await openLearningStore({ indexedDB: null, channel: null });
  if (stored.length > 0) await store.merge(stored);
  const history = new HistoryState(client);
  await history.open(() => Promise.resolve(store));
  return { history, work, store };
}

describe('the learning history on the page', () => {
  it('shows the statistics of every stored record but holds only the newest page of them', async () => {
    const stored = makeRecords(HISTORY_PAGE_SIZE + 100);
    const { history, work } = await historyWith(stored);
    expect(history.total).toBe(stored.length);
    expect(history.outcomeCount).toBe(stored.length);
    expect(history.records).toHaveLength(HISTORY_PAGE_SIZE);
    expect(history.records.at(-1)!.id).toBe(`record-${stored.length - 1}`);
    expect(history.context.totalOutcomes).toBe(stored.length);
    expect(history.status).toBeNull();
    expect(work.rowsParsed).toBe(stored.length);
  });

  it('adds a record to the store, the summary and the page, in place of one with its id', async () => {
    const { history, store } = await historyWith(makeRecords(3));
    await history.add(
      makeRecord({ id: 'record-1', recordedAt: T0 + 1000, recordStatus: 'blocked' }),
    );
    await history.add(makeRecord({ id: 'later', recordedAt: T0 + 60_000 }));
    expect(history.records.map((r) => `${r.id}:${r.status}`)).toEqual([
      'record-0:executed',
      'record-1:blocked',
      'record-2:executed',
      'later:executed',
    ]);
    expect(history.statistics).toMatchObject({ totalDecisions: 4, blocked: 1, executed: 3 });
    expect(await store.count()).toBe(4);
  });

  it('imports through the worker, which read the file and then holds its records too', async () => {
    const { history, work, store } = await historyWith(makeRecords(2));
    const file = [...makeRecords(2), makeRecord({ id: 'new', recordedAt: T0 + 90_000 })];
    const result = await history.importFile(new Blob([exportHistory(file, T0)]));
    expect(result).toEqual({
      ok: true,
      message:
        "Imported 1 record(s), skipped 2 already present. The added records are marked imported: foreign experience, weighted below the agent's own.",
    });
    expect(history.total).toBe(3);
    expect(history.records.at(-1)!.id).toBe('new');
    // Only the added record is foreign; the two already stored stay the agent's own.
    expect(history.records.map((r) => r.origin?.kind ?? 'own')).toEqual(['own', 'own', 'imported']);
    expect(history.statistics).toMatchObject({ importedDecisions: 1, importedOutcomes: 1 });
    expect(work.filesRead).toBe(1);
    expect(await store.count()).toBe(3);
  });

  it('refuses a bad file with its message and changes nothing', async () => {
    const { history, store } = await historyWith(makeRecords(2));
    const result = await history.importFile(new Blob(['[{}]']));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Import refused: This version 0 history does not match/);
    expect(history.total).toBe(2);
    expect(await store.count()).toBe(2);
  });

  it('exports the file the worker built, and clears both the store and the worker', async () => {
    const stored = makeRecords(4);
    const { history, work, store } = await historyWith(stored);
    const file = await history.exportFile(T0);
    expect(await file.text()).toBe(exportHistory(stored, T0, { workspace: history.workspace }));
    expect(history.status).toBe('Exported 4 record(s).');
    expect(work.exportsBuilt).toBe(1);
    await history.clear();
    expect(history.total).toBe(0);
    expect(history.records).toEqual([]);
    expect(history.statistics.totalDecisions).toBe(0);
    expect(await store.count()).toBe(0);
  });

  it('says which stored rows it could not read', async () => {
    const store = await openLearningStore({ indexedDB: null, channel: null });
    await store.merge(makeRecords(1));
    const rows = store.rows.bind(store);
    store.rows = async () => [...(await rows()), { id: 'broken' }];
    const client = new WorkerClient<HistoryServiceApi>({
      name: 'History worker',
      timeoutMs: 10_000,
      create: () => new FakeWorker(createHistoryWorkerApi()),
    });
    clients.push(client);
    const history = new HistoryState(client);
    await history.open(() => Promise.resolve(store));
    expect(history.total).toBe(1);
    expect(history.problem).toMatch(/^1 stored record\(s\) could not be read and were left out: /);
  });
});

describe('the learning history in IndexedDB', () => {
  /** A HistoryState whose store and worker share one fake IndexedDB, as a tab and its worker do. */
  async function persistentHistory(stored: ReturnType<typeof makeRecords>) {
    const factory = freshIndexedDb();
    const work = emptyWork();
    const client = new WorkerClient<HistoryServiceApi>({
      name: 'History worker',
      timeoutMs: 10_000,
      create: () => new FakeWorker(createHistoryWorkerApi(work, factory)),
    });
    clients.push(client);
    const store = await openLearningStore({ indexedDB: factory, channel: null });
    if (stored.length > 0) await store.merge(stored);
    const rows = store.rows.bind(store);
    let pageReads = 0;
    store.rows = () => {
      pageReads += 1;
      return rows();
    };
    const history = new HistoryState(client);
    await history.open(() => Promise.resolve(store));
    return { history, work, store, pageReads: () => pageReads, factory };
  }

  it('is read by the worker from the database, not handed over by the page', async () => {
    const stored = makeRecords(120);
    const { history, work, pageReads } = await persistentHistory(stored);
    expect(history.persistent).toBe(true);
    expect(history.total).toBe(120);
    expect(history.statistics.totalDecisions).toBe(120);
    expect(work.rowsParsed).toBe(120);
    expect(pageReads()).toBe(0);
  });

  it('is written by the worker on import, all of it, and tells the listeners once', async () => {
    const { history, store, pageReads } = await persistentHistory(makeRecords(2));
    const changes: string[] = [];
    store.onChange((change) => changes.push(`${change.kind}:${change.source}`));
    const file = [...makeRecords(3), makeRecord({ id: 'new', recordedAt: T0 + 90_000 })];
    const result = await history.importFile(new Blob([exportHistory(file, T0)]));
    expect(result).toEqual({
      ok: true,
      message:
        "Imported 2 record(s), skipped 2 already present. The added records are marked imported: foreign experience, weighted below the agent's own.",
    });
    expect(history.total).toBe(4);
    // The worker marked the file's records; the database keeps the marks, the own rows keep none.
    expect((await store.all()).map((r) => r.origin?.kind ?? 'own')).toEqual([
      'own',
      'own',
      'imported',
      'imported',
    ]);
    expect((await store.all()).map((r) => r.id)).toEqual([
      'record-0',
      'record-1',
      'record-2',
      'new',
    ]);
    expect(changes).toEqual(['merge:this-tab']);
    expect(pageReads()).toBe(0);
  });

  it('falls back to handing the rows over when the worker cannot open the database', async () => {
    const { history, store, pageReads, work } = await persistentHistory(makeRecords(3));
    const broken = { ...store.database!, name: 'no-such-database' };
    Object.defineProperty(store, 'database', { get: () => broken });
    await history.reload();
    expect(pageReads()).toBe(1);
    expect(history.total).toBe(3);
    // Three rows read by the worker at open, three more handed over by the page now.
    expect(work.rowsParsed).toBe(6);
  });

  it('stores nothing of a refused file, and nothing when the write fails', async () => {
    const { history, store } = await persistentHistory(makeRecords(2));
    const refused = await history.importFile(new Blob(['{"format":"nope"}']));
    expect(refused.message).toMatch(/^Import refused: format: this is not a learning history file/);
    // A database the worker cannot open (its store is missing) refuses the write, not half of it.
    const broken = { ...store.database!, name: 'no-such-database' };
    Object.defineProperty(store, 'database', { get: () => broken });
    const failed = await history.importFile(
      new Blob([
        exportHistory(
          makeRecords(1, T0 + 50_000).map((r) => ({ ...r, id: 'x' })),
          T0,
        ),
      ]),
    );
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^Import refused: The history could not be stored: /);
    expect(await store.count()).toBe(2);
    expect(history.total).toBe(2);
  });
});
