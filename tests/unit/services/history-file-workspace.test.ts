import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryWorkerApi } from '../../../workers/history-worker-api';
import {
  exportHistory,
  exportHistoryParts,
  parseHistoryFile,
} from '../../../src/services/history-file';
import { readHistoryFile } from '../../../src/services/history-client';
import type { HistoryServiceApi } from '../../../src/domain/learning/history-file-view';
import { openLearningStore } from '../../../src/services/learning-store';
import { WorkerClient } from '../../../src/services/worker-client';
import { HistoryState } from '../../../src/state/history.svelte';
import { makeRecords, T0 } from '../support/factories';
import { FakeWorker } from '../support/fake-worker';

const audit = { id: 'ws-audit', name: 'Audit' };

describe('the history file and its workspace', () => {
  it('names the workspace in the header of both exports, and reads it back', async () => {
    const records = makeRecords(3);
    const text = exportHistory(records, T0, { workspace: audit });
    expect(JSON.parse(text)).toMatchObject({ version: 1, workspace: audit });
    expect((await exportHistoryParts(records, T0, audit)).join('')).toBe(text);
    const parsed = parseHistoryFile(text);
    expect(parsed.ok && parsed.history.workspace).toEqual(audit);
    expect(parsed.ok && parsed.changes).toEqual([]);
  });

  it('reads a file without a workspace (from before workspaces) as it always did', () => {
    const text = exportHistory(makeRecords(1), T0);
    expect(JSON.parse(text)).not.toHaveProperty('workspace');
    const parsed = parseHistoryFile(text);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && 'workspace' in parsed.history).toBe(false);
  });

  it('refuses a file whose workspace is malformed, naming the field', () => {
    const file = JSON.parse(exportHistory(makeRecords(1), T0)) as Record<string, unknown>;
    const refuse = (workspace: unknown) => parseHistoryFile(JSON.stringify({ ...file, workspace }));
    expect(refuse({ id: 'Bad Id', name: 'A' })).toEqual({
      ok: false,
      message:
        'The history file is invalid: workspace.id: expected 1–64 lower-case letters, digits or dashes',
    });
    expect(refuse({ id: 'ok', name: '' })).toEqual({
      ok: false,
      message: 'The history file is invalid: workspace.name: a workspace needs a name',
    });
    expect(refuse('Audit')).toMatchObject({ ok: false, message: /workspace: / });
  });

  it('carries the workspace through the history worker to the page', async () => {
    const api = createHistoryWorkerApi();
    const worker = {
      call: (method: 'read' | 'take', args: unknown[]) =>
        Promise.resolve(
          method === 'read'
            ? api.read(args[0] as Blob)
            : api.take(args[0] as number, args[1] as number),
        ),
    } as unknown as WorkerClient<HistoryServiceApi>;
    const blob = new Blob([exportHistory(makeRecords(2), T0, { workspace: audit })]);
    const parsed = await readHistoryFile(blob, worker);
    expect(parsed.ok && parsed.history.workspace).toEqual(audit);
    expect(parsed.ok && parsed.history.records).toHaveLength(2);
  });
});

describe('importing into a workspace', () => {
  const clients: WorkerClient<HistoryServiceApi>[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.terminate();
  });

  /** A history over a memory store and a real worker API, answering the workspace question. */
  async function openHistory(answer: boolean) {
    const client = new WorkerClient<HistoryServiceApi>({
      name: 'History worker',
      timeoutMs: 10_000,
      create: () => new FakeWorker(createHistoryWorkerApi()),
    });
    clients.push(client);
    const store = await openLearningStore({ indexedDB: null, channel: null });
    const history = new HistoryState(client);
    const questions: string[] = [];
    history.askBeforeImport = (question) => {
      questions.push(question);
      return Promise.resolve(answer);
    };
    await history.open(() => Promise.resolve(store));
    return { history, questions, store };
  }
  const file = (text: string) => new Blob([text], { type: 'application/json' });

  it('asks before merging a file from another workspace, and merges nothing when told no', async () => {
    const { history, questions, store } = await openHistory(false);
    expect(history.workspace).toEqual({ id: 'default', name: 'Default' });
    const result = await history.importFile(
      file(exportHistory(makeRecords(2), T0, { workspace: audit })),
    );
    expect(questions).toEqual([
      'This history was exported from the workspace "Audit", not from "Default", the one in use. Merge its records into "Default"?',
    ]);
    expect(result).toEqual({
      ok: false,
      message:
        'Import cancelled: the file comes from the workspace "Audit"; nothing was merged into "Default".',
    });
    expect(history.records).toEqual([]);
    expect(await store.count()).toBe(0);
  });

  it('merges a file from another workspace once the user agrees', async () => {
    const { history, questions } = await openHistory(true);
    const result = await history.importFile(
      file(exportHistory(makeRecords(2), T0, { workspace: audit })),
    );
    expect(questions).toHaveLength(1);
    expect(result.ok).toBe(true);
    expect(history.records).toHaveLength(2);
  });

  it('merges without asking a file of this workspace or one that names none', async () => {
    const { history, questions } = await openHistory(false);
    const own = exportHistory(makeRecords(1), T0, { workspace: history.workspace });
    expect((await history.importFile(file(own))).ok).toBe(true);
    const older = exportHistory(
      makeRecords(2, T0 + 10_000).map((r) => ({ ...r, id: `old-${r.id}` })),
      T0,
    );
    expect((await history.importFile(file(older))).ok).toBe(true);
    expect(questions).toEqual([]);
    expect(history.records).toHaveLength(3);
    // Its own export names it, so it re-imports without a question.
    const exported = await (await history.exportFile(T0)).text();
    expect(JSON.parse(exported)).toMatchObject({ workspace: history.workspace });
  });

  it('marks what it merged as imported from the file’s workspace, and keeps that source when passed on', async () => {
    const { history } = await openHistory(true);
    const fromAudit = new File(
      [exportHistory(makeRecords(2), T0, { workspace: audit })],
      'audit.json',
    );
    expect((await history.importFile(fromAudit)).ok).toBe(true);
    const origins = history.records.map((r) => r.origin);
    expect(origins).toEqual([
      { kind: 'imported', importedAt: expect.any(Number), workspace: audit, file: 'audit.json' },
      { kind: 'imported', importedAt: expect.any(Number), workspace: audit, file: 'audit.json' },
    ]);
    expect(history.statistics).toMatchObject({ importedDecisions: 2, importedOutcomes: 2 });

    // Exported from here, the records carry their mark in the file …
    const passedOn = await (await history.exportFile(T0 + 1)).text();
    const written = (JSON.parse(passedOn) as { records: { origin?: unknown }[] }).records;
    expect(written.map((r) => r.origin)).toEqual(origins);
    // … and imported into yet another history they still say where they began.
    const next = await openHistory(true);
    expect((await next.history.importFile(new File([passedOn], 'default.json'))).ok).toBe(true);
    expect(next.history.records.map((r) => r.origin)).toEqual(origins);
  });
});
