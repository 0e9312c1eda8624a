import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryServiceApi } from '../../../src/domain/learning/history-file-view';
import { exportHistory } from '../../../src/services/history-file';
import { readHistoryFile } from '../../../src/services/history-client';
import { WorkerClient } from '../../../src/services/worker-client';
import { createHistoryWorkerApi, decodeHistoryBytes } from '../../../workers/history-worker-api';
import { makeRecords, T0 } from '../support/factories';
import { FakeWorker } from '../support/fake-worker';

const clients: WorkerClient<HistoryServiceApi>[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.terminate();
});

function client(): WorkerClient<HistoryServiceApi> {
  const c = new WorkerClient<HistoryServiceApi>({
    name: 'History worker',
    timeoutMs: 10_000,
    create: () => new FakeWorker(createHistoryWorkerApi()),
  });
  clients.push(c);
  return c;
}

describe('decoding an import file', () => {
  it('reads valid UTF-8 as it is and says nothing was replaced', () => {
    expect(decodeHistoryBytes(new TextEncoder().encode('{"note":"café"}'))).toEqual({
      text: '{"note":"café"}',
      replaced: false,
    });
  });

  it('replaces bytes that are not UTF-8 with U+FFFD and says so', () => {
    const bytes = new Uint8Array([0x22, 0x61, 0xff, 0x62, 0x22]);
    expect(decodeHistoryBytes(bytes)).toEqual({ text: '"a\uFFFDb"', replaced: true });
  });
});

describe('the history worker', () => {
  it('reads a file and hands its records over in chunks, all of them, in order, marked imported', async () => {
    const records = makeRecords(250);
    const workspace = { id: 'team-a', name: 'Team A' };
    const file = new File([exportHistory(records, T0, { workspace })], 'team-a.json');
    const parsed = await readHistoryFile(file, client(), {
      importedAt: T0 + 5,
      fileName: file.name,
    });
    const origin = { kind: 'imported', importedAt: T0 + 5, workspace, file: 'team-a.json' };
    expect(parsed).toEqual({
      ok: true,
      history: {
        format: 'agent-payment-lab/learning-history',
        version: 1,
        exportedAt: T0,
        workspace,
        records: records.map((r) => ({ ...r, origin })),
      },
      merged: 0,
      changes: [],
    });
  });

  it('keeps the first source of a record imported before, and marks only with a marking', async () => {
    const first = { kind: 'imported' as const, importedAt: T0, file: 'first.json' };
    const records = [{ ...makeRecords(1)[0]!, origin: first }, makeRecords(2)[1]!];
    const blob = new Blob([exportHistory(records, T0 + 10)]);
    const api = createHistoryWorkerApi();
    const summary = await api.read(blob, { importedAt: T0 + 20, fileName: 'second.json' });
    expect(summary).toMatchObject({ ok: true, count: 2, foreign: 2 });
    expect(api.take(0, 2).map((r) => r.origin)).toEqual([
      first,
      { kind: 'imported', importedAt: T0 + 20, file: 'second.json' },
    ]);
    expect(await api.read(blob)).toMatchObject({ ok: true, foreign: 1 });
    expect(api.take(0, 2)[1]!.origin).toBeUndefined();
  });

  it('says when it replaced bad bytes, and refuses a bad file with the parser’s message', async () => {
    const text = exportHistory(makeRecords(1), T0);
    const at = text.indexOf('"description":"') + 15;
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(text.slice(0, at)),
      0xc3,
      ...new TextEncoder().encode(text.slice(at)),
    ]);
    const parsed = await readHistoryFile(new Blob([bytes]), client());
    expect(parsed.ok && parsed.changes).toEqual([
      'replaced bytes that are not valid UTF-8 with U+FFFD (�)',
    ]);
    expect(await readHistoryFile(new Blob(['[{}]']), client())).toEqual({
      ok: false,
      message: expect.stringMatching(/^This version 0 history does not match/),
    });
  });

  it('refuses what is not a file, and forgets the last file on every read', async () => {
    const api = createHistoryWorkerApi();
    await api.read(new Blob([exportHistory(makeRecords(3), T0)]));
    expect(api.take(0, 10)).toHaveLength(3);
    expect(await api.read('text' as unknown as Blob)).toEqual({
      ok: false,
      message: 'The history worker was given something that is not a file.',
    });
    expect(api.take(0, 10)).toEqual([]);
  });
});
