import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LEARNING_HISTORY_FORMAT, type LearningRecord } from '../../../src/contracts';
import {
  exportHistory,
  exportHistoryParts,
  importHistory,
  importSummary,
  parseHistoryFile,
} from '../../../src/services/history-file';
import { openLearningStore, type LearningStore } from '../../../src/services/learning-store';
import { seedOutcome } from '../contracts/seed-examples';
import { makeRecords, T0 } from '../support/factories';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';

beforeAll(installFakeIndexedDbClasses);

const opened: LearningStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

async function storeWith(records: LearningRecord[]): Promise<LearningStore> {
  const store = await openLearningStore({ indexedDB: freshIndexedDb(), dbName: 'hardening' });
  opened.push(store);
  await store.merge(records);
  return store;
}

function fileOf(records: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: LEARNING_HISTORY_FORMAT,
    version: 1,
    exportedAt: T0,
    records,
    ...extra,
  });
}

/** The prototype's 32-bit FNV-1a, which the old v0 ids were built from. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

describe('record ids that repeat in a file', () => {
  it('refuse the file when the contents differ, naming the id, and leave the store as it was', async () => {
    const [a, b] = makeRecords(2);
    const twin = { ...b!, id: a!.id };
    const store = await storeWith([]);
    const result = await importHistory(store, fileOf([a, b, twin]));
    expect(result).toEqual({
      ok: false,
      message:
        'records[2].id: the id "record-0" is used by records[0] too, with different contents; each record needs its own id',
    });
    expect(await store.count()).toBe(0);
  });

  it('merge identical repeats into one record, and the summary says so', async () => {
    const records = makeRecords(3);
    const store = await storeWith([]);
    const result = await importHistory(store, fileOf([...records, records[1], records[1]]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result).toMatchObject({ added: 3, skipped: 0, merged: 2 });
    expect(result.records.map((r) => r.id)).toEqual(['record-0', 'record-1', 'record-2']);
    expect(importSummary(result)).toBe(
      "Imported 3 record(s), skipped 0 already present. Changed on the way in: merged 2 repeated records (same id, same contents). The added records are marked imported: foreign experience, weighted below the agent's own.",
    );
    expect(await store.count()).toBe(3);
  });

  it('treat the same contents with keys in another order as identical', () => {
    const [record] = makeRecords(1);
    const reordered = Object.fromEntries(Object.entries(record!).reverse());
    const parsed = parseHistoryFile(fileOf([record, reordered]));
    expect(parsed.ok && parsed.merged).toBe(1);
  });
});

describe('version 0 ids', () => {
  it('stay distinct for outcomes whose old 32-bit fingerprints collide', async () => {
    // "costarring" and "liquid" share one FNV-1a 32-bit hash: the old ids made them one record.
    expect(fnv1a32('costarring')).toBe(fnv1a32('liquid'));
    const outcomes = ['costarring', 'liquid'].map((actionId) => ({
      ...seedOutcome(),
      actionId,
      actionType: 'shift_traffic',
    }));
    const parsed = parseHistoryFile(JSON.stringify(outcomes));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const ids = parsed.history.records.map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
    const store = await storeWith([]);
    expect(await importHistory(store, JSON.stringify(outcomes))).toMatchObject({ added: 2 });
  });

  it('fit the id limit with a 128-bit digest when the action id is long, still distinct', () => {
    const long = (tail: string) => ({
      ...seedOutcome(),
      actionId: `${'x'.repeat(190)}${tail}`,
      actionType: 'shift_traffic',
    });
    const parsed = parseHistoryFile(JSON.stringify([long('a'), long('b')]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [first, second] = parsed.history.records;
    expect(first!.id).toMatch(/^v0-\d+-#[0-9a-f]{32}$/);
    expect(first!.id).not.toBe(second!.id);
  });
});

describe('export', () => {
  it('never writes an id twice, keeping the first', async () => {
    const [a, b] = makeRecords(2);
    const again = { ...a!, note: 'a later copy' };
    const written = JSON.parse(exportHistory([a!, b!, again], T0)) as { records: LearningRecord[] };
    expect(written.records.map((r) => r.id)).toEqual(['record-0', 'record-1']);
    expect(written.records[0]!.note).toBe(a!.note);
    const parts = await exportHistoryParts([a!, b!, again], T0);
    expect(parts.join('')).toBe(exportHistory([a!, b!], T0, { recordsParsed: true }));
  });

  it('in parts gives the same text as in one piece, across chunk edges and for none', async () => {
    for (const count of [0, 1, 1201]) {
      const records = makeRecords(count);
      const parts = await exportHistoryParts(records, T0);
      expect(parts.join('')).toBe(exportHistory(records, T0));
    }
  });
});

describe('a large hostile file', () => {
  it('of 3 MB of empty records is refused after the first few problems', () => {
    const hostile = `[${Array.from({ length: 1_000_000 }, () => '{}').join(',')}]`;
    expect(hostile.length).toBeGreaterThan(3_000_000);
    const parsed = parseHistoryFile(hostile);
    expect(parsed).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^This version 0 history does not match the prototype's outcome format: \[0\]\.\w+: .*\(and more problems; checking stopped after 3\)$/,
      ),
    });
  });

  it('of a million empty v1 records is refused the same way, naming the first record', () => {
    const hostile = fileOf(Array.from({ length: 1_000_000 }, () => ({})));
    const parsed = parseHistoryFile(hostile);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(
      /^The history file is invalid: records\[0\]\.id: .*checking stopped after 3\)$/,
    );
  });
});

describe('text fields', () => {
  const withNote = (note: string) => fileOf([{ ...makeRecords(1)[0], note }]);

  it.each([
    ['a bell', 'ring\u0007', 'U+0007'],
    ['a right-to-left override', 'safe\u202Eexe.txt', 'U+202E'],
    ['a C1 control', 'next\u0085line', 'U+0085'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068'],
  ])('refuse %s in a note, naming the field', async (_name, note, code) => {
    const store = await storeWith([]);
    const result = await importHistory(store, withNote(note));
    expect(result).toEqual({
      ok: false,
      message: `records[0].note: control or bidirectional character ${code} is not allowed in text`,
    });
    expect(await store.count()).toBe(0);
  });

  it('refuse a control character written as a JSON escape in any text field', () => {
    const text = exportHistory(makeRecords(2), T0).replace(
      '"description":"',
      '"description":"\\u001b[31m',
    );
    expect(parseHistoryFile(text)).toEqual({
      ok: false,
      message:
        'records[0].decision.selectedAction.description: control or bidirectional character U+001B is not allowed in text',
    });
  });

  it('accept tabs and line breaks in a note', () => {
    const parsed = parseHistoryFile(withNote('line one\n\tline two\r\n'));
    expect(parsed.ok && parsed.history.records[0]!.note).toBe('line one\n\tline two\r\n');
  });
});

describe('what the import summary says was changed or dropped', () => {
  it('names unknown fields dropped, at the top and inside records', () => {
    const [record] = makeRecords(1);
    const parsed = parseHistoryFile(fileOf([{ ...record, colour: 'red' }], { comment: 'hi' }));
    expect(parsed.ok && parsed.changes).toEqual([
      'dropped 2 unknown fields (comment, records[0].colour)',
    ]);
  });

  it('counts numbers too small to hold that were read as 0', () => {
    const text = exportHistory(makeRecords(2), T0).replace(
      /"improvementAchieved":[^,}]+/,
      '"improvementAchieved":1e-400',
    );
    const parsed = parseHistoryFile(text);
    expect(parsed.ok && parsed.history.records[0]!.outcome!.improvementAchieved).toBe(0);
    expect(parsed.ok && parsed.changes).toEqual([
      'read 1 number too small to hold (such as 1e-400) as 0',
    ]);
  });

  it('does not count a zero written as zero, nor 1e-400 inside a string', () => {
    const text = exportHistory(makeRecords(1), T0)
      .replace(/"improvementAchieved":[^,}]+/, '"improvementAchieved":0e-500')
      .replace('"description":"', '"description":"1e-400 ');
    expect(parseHistoryFile(text)).toMatchObject({ ok: true, changes: [] });
  });

  it('says when bytes that were not UTF-8 were replaced', () => {
    const parsed = parseHistoryFile(exportHistory(makeRecords(1), T0), {
      replacedInvalidUtf8: true,
    });
    expect(parsed.ok && parsed.changes).toEqual([
      'replaced bytes that are not valid UTF-8 with U+FFFD (�)',
    ]);
  });

  it('says nothing changed for a file the lab wrote itself', () => {
    expect(parseHistoryFile(exportHistory(makeRecords(3), T0))).toMatchObject({
      ok: true,
      merged: 0,
      changes: [],
    });
  });
});
