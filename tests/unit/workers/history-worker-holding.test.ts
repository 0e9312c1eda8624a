import { describe, expect, it } from 'vitest';
import { LEARNING_HISTORY_FORMAT } from '../../../src/contracts';
import { learningContext } from '../../../src/domain/learning/context';
import { CONTEXT_RECENT, HISTORY_PAGE_SIZE } from '../../../src/domain/learning/history-file-view';
import { computeStatistics } from '../../../src/domain/learning/statistics';
import { exportHistory } from '../../../src/services/history-file';
import { createHistoryWorkerApi, MAX_FILE_BYTES } from '../../../workers/history-worker-api';
import { makeRecord, makeRecords, T0 } from '../support/factories';

describe('the history worker holding the whole history', () => {
  it('parses loaded rows and sums them up over every record, handing back only the newest page', () => {
    const api = createHistoryWorkerApi();
    const records = makeRecords(HISTORY_PAGE_SIZE + 50);
    // Rows arrive in storage (id) order, in chunks; the view is in recordedAt order.
    const byId = [...records].sort((a, b) => (a.id < b.id ? -1 : 1));
    api.load(byId.slice(0, 120), true);
    api.load(byId.slice(120), false);
    const { view, invalidCount, invalid } = api.loaded();
    expect(invalidCount).toBe(0);
    expect(invalid).toEqual([]);
    expect(view.total).toBe(records.length);
    expect(view.statistics).toEqual(computeStatistics(records));
    expect(view.context).toEqual(learningContext(records, CONTEXT_RECENT));
    expect(view.page).toEqual(records.slice(-HISTORY_PAGE_SIZE));
    expect(api.work()).toMatchObject({ rowsParsed: records.length, summaries: 1 });
  });

  it('counts and names unreadable rows and leaves them out; a reset load forgets the last one', () => {
    const api = createHistoryWorkerApi();
    api.load([...makeRecords(2), { id: 'bad', status: 'nope' }, 'junk'], true);
    const first = api.loaded();
    expect(first.view.total).toBe(2);
    expect(first.invalidCount).toBe(2);
    expect(first.invalid.map((row) => row.key)).toEqual(['bad', '?']);
    expect(first.invalid[0]!.message).toMatch(/status/);
    api.load(makeRecords(1), true);
    expect(api.loaded()).toMatchObject({ view: { total: 1 }, invalidCount: 0, invalid: [] });
  });

  it('takes in the records of the file read last without doubling ids it holds', async () => {
    const api = createHistoryWorkerApi();
    const stored = makeRecords(3);
    api.load(stored, true);
    const file = [stored[0]!, makeRecord({ id: 'new', recordedAt: T0 + 10_000 })];
    const read = await api.read(new Blob([exportHistory(file, T0)]));
    expect(read).toMatchObject({ ok: true, count: 2 });
    const view = api.commitRead();
    expect(view.total).toBe(4);
    expect(view.page.map((r) => r.id)).toEqual(['record-0', 'record-1', 'record-2', 'new']);
    // Committed once: a second commit adds nothing.
    expect(api.commitRead().total).toBe(4);
  });

  it('adds a record in place of one with its id and returns the summary without rows', () => {
    const api = createHistoryWorkerApi();
    api.load(makeRecords(2), true);
    const replaced = makeRecord({ id: 'record-1', recordedAt: T0 + 1000, recordStatus: 'blocked' });
    const summary = api.add(replaced);
    expect(summary).toEqual({
      statistics: computeStatistics([makeRecords(1)[0]!, replaced]),
      context: learningContext([makeRecords(1)[0]!, replaced], CONTEXT_RECENT),
      total: 2,
    });
    expect('page' in summary).toBe(false);
    expect(() => api.add({ id: 'x' } as never)).toThrow(/learning record/);
  });

  it('builds the export file itself: the same text as exportHistory, each id once', async () => {
    const api = createHistoryWorkerApi();
    const records = makeRecords(1203);
    api.load(records, true);
    const { file, count } = api.exportFile(T0 + 5);
    expect(count).toBe(1203);
    const text = new TextDecoder().decode(await file.arrayBuffer());
    expect(text).toBe(exportHistory(records, T0 + 5));
    expect(JSON.parse(text)).toMatchObject({ format: LEARNING_HISTORY_FORMAT, version: 1 });
    expect(api.work()).toMatchObject({ exportsBuilt: 1, exportedRecords: 1203 });
  });

  it('clears everything it holds', () => {
    const api = createHistoryWorkerApi();
    api.load(makeRecords(5), true);
    expect(api.clear()).toMatchObject({ total: 0, page: [], statistics: { totalDecisions: 0 } });
    expect(api.loaded().view.total).toBe(0);
  });

  it('refuses a file larger than a history can be before reading a byte of it', async () => {
    const api = createHistoryWorkerApi();
    const huge = { size: MAX_FILE_BYTES + 1 } as Blob;
    Object.setPrototypeOf(huge, Blob.prototype);
    expect(await api.read(huge)).toEqual({
      ok: false,
      message: `The file has ${MAX_FILE_BYTES + 1} bytes, more than the 512 MB a history file may have.`,
    });
    expect(api.work().filesRead).toBe(0);
  });
});
