import { describe, expect, it } from 'vitest';
import { uniqueNewestFirst } from '../../../src/components/history/unique-newest-first';
import { makeRecords } from '../support/factories';

describe('the history table rows', () => {
  it('come newest first', () => {
    const records = makeRecords(3);
    expect(uniqueNewestFirst(records).map((r) => r.id)).toEqual([
      'record-2',
      'record-1',
      'record-0',
    ]);
  });

  it('hold each id once, the newest copy, so keyed rows never meet a repeated key', () => {
    const [a, b] = makeRecords(2);
    const newer = { ...a!, note: 'newer' };
    const rows = uniqueNewestFirst([a!, b!, newer]);
    expect(rows.map((r) => r.id)).toEqual(['record-0', 'record-1']);
    expect(rows[0]!.note).toBe('newer');
  });
});
