import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryServiceApi } from '../../../src/domain/learning/history-file-view';
import { HISTORY_PAGE_SIZE } from '../../../src/domain/learning/history-file-view';
import { exportHistory } from '../../../src/services/history-file';
import { openLearningStore, type LearningStore } from '../../../src/services/learning-store';
import { WorkerClient } from '../../../src/services/worker-client';
import { HistoryState } from '../../../src/state/history.svelte';
import { createHistoryWorkerApi, emptyWork } from '../../../workers/history-worker-api';
import { makeRecord, makeRecords, T0 } from '../support/factories';
import { FakeWorker } from '../support/fake-worker';

const clients: WorkerClient<HistoryServiceApi>[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.terminate();
});

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
      message: 'Imported 1 record(s), skipped 2 already present.',
    });
    expect(history.total).toBe(3);
    expect(history.records.at(-1)!.id).toBe('new');
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
    expect(await file.text()).toBe(exportHistory(stored, T0));
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
