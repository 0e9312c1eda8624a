import { describe, expect, it } from 'vitest';
import { openLearningStore } from '../../../src/services/learning-store';
import {
  addMissingRecords,
  openStoredDatabase,
  readStoredRows,
} from '../../../workers/history-idb';
import { makeRecords } from '../support/factories';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';

installFakeIndexedDbClasses();

describe('the history worker’s own access to the learning database', () => {
  it('reads every row the page stored, in chunks, and adds only the ids not stored yet', async () => {
    const factory = freshIndexedDb();
    const store = await openLearningStore({ indexedDB: factory, channel: null });
    await store.merge(makeRecords(1500));
    const db = await openStoredDatabase(factory, store.database!);
    const chunks: number[] = [];
    await readStoredRows(db, (rows) => chunks.push(rows.length));
    expect(chunks).toEqual([1000, 500]);
    const more = makeRecords(1502);
    const merge = await addMissingRecords(db, more);
    expect(merge).toMatchObject({ added: 2, skipped: 1500 });
    expect(merge.fresh.map((r) => r.id)).toEqual(['record-1500', 'record-1501']);
    db.close();
    expect(await store.count()).toBe(1502);
  });

  it('never creates a database: one that is missing is refused and stays missing', async () => {
    const factory = freshIndexedDb();
    await expect(openStoredDatabase(factory, { name: 'missing', version: 1 })).rejects.toThrow();
    const names = (await factory.databases()).map((d) => d.name);
    expect(names).not.toContain('missing');
  });
});
