import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEARNING_HISTORY_FORMAT } from '../../../../src/contracts';
import { parseHistoryFile } from '../../../../src/domain/learning/history-file-parse';
import {
  firstRecordEntries,
  PRECHECK_MIN_CHARS,
  shortenHistoryText,
} from '../../../../src/domain/learning/history-file-precheck';
import { makeRecords, T0 } from '../../support/factories';

/** A v1 file of `records`, written as JSON text. */
function fileOf(records: unknown[], exportedAt: unknown = T0): string {
  return JSON.stringify({ format: LEARNING_HISTORY_FORMAT, version: 1, exportedAt, records });
}

/** `count` copies of `entry` as a JSON list, with `gap` between entries. */
function listOf(entry: string, count: number, gap = ''): string {
  return `[${Array.from({ length: count }, () => entry).join(`,${gap}`)}]`;
}

describe('the look at the first record entries', () => {
  it('finds the first three entries of a top-level list, whatever they nest or quote', () => {
    const text = `  [ {"a":[1,2]}, "x,]\\"y" ,[3] , 4, 5${' '.repeat(PRECHECK_MIN_CHARS)}]`;
    expect(firstRecordEntries(text)).toEqual(['{"a":[1,2]}', '"x,]\\"y"', '[3]']);
  });

  it('finds the entries of an envelope’s records list, not of other lists before it', () => {
    const text = `{"notes":[{"x":1}],"format":"f","records":[{"id":"a"},{"id":"b"}],"pad":"${'p'.repeat(PRECHECK_MIN_CHARS)}"}`;
    expect(firstRecordEntries(text)).toEqual(['{"id":"a"}', '{"id":"b"}']);
  });

  it('leaves small files and files without a record list to the full read', () => {
    expect(firstRecordEntries(listOf('{}', 10))).toBeNull();
    expect(firstRecordEntries(`{"pad":"${'p'.repeat(PRECHECK_MIN_CHARS)}"}`)).toBeNull();
    expect(firstRecordEntries(`"${'p'.repeat(PRECHECK_MIN_CHARS)}"`)).toBeNull();
  });
});

describe('shortening a history file', () => {
  it('keeps the first three entries and the rest of the envelope, counting every entry', () => {
    const text = `{"format":"f","records":${listOf('{"k":[{}]}', 30_000, ' ')},"exportedAt":1}`;
    const short = shortenHistoryText(text);
    expect(short).toEqual({
      text: '{"format":"f","records":[{"k":[{}]},{"k":[{}]},{"k":[{}]}],"exportedAt":1}',
      firstEntries: ['{"k":[{}]}', '{"k":[{}]}', '{"k":[{}]}'],
      entries: 30_000,
      depth: 5,
    });
  });

  it('measures nesting after the list too, and gives up on a file that ends early', () => {
    const deep = `${listOf('{}', 30_000)}`.slice(0, -1) + `,${'['.repeat(40)}${']'.repeat(40)}]`;
    expect(shortenHistoryText(deep)?.depth).toBe(41);
    expect(shortenHistoryText(listOf('{}', 30_000).slice(0, -1))).toBeNull();
  });
});

describe('refusing a large file from its first entries', () => {
  const small = parseHistoryFile(listOf('{}', 3));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never parses the whole text of a large file whose first records are broken', () => {
    const hostile = listOf('{}', 1_000_000);
    const parse = vi.spyOn(JSON, 'parse');
    expect(parseHistoryFile(hostile).ok).toBe(false);
    const longest = Math.max(...parse.mock.calls.map(([text]) => String(text).length));
    expect(longest).toBeLessThan(100);
  });

  it('does parse the whole text of a large file whose first records are valid', () => {
    const text = fileOf(makeRecords(400));
    const parse = vi.spyOn(JSON, 'parse');
    expect(parseHistoryFile(text).ok).toBe(true);
    expect(parse.mock.calls.some(([arg]) => arg === text)).toBe(true);
  });

  it('gives a million empty v0 records the very refusal that three of them get', () => {
    const hostile = listOf('{}', 1_000_000);
    expect(hostile.length).toBeGreaterThan(PRECHECK_MIN_CHARS);
    expect(small.ok).toBe(false);
    expect(parseHistoryFile(hostile)).toEqual(small);
  });

  it('gives a large v1 file of empty records the refusal that a small one gets', () => {
    const many = Array.from({ length: 100_000 }, () => ({}));
    expect(parseHistoryFile(fileOf(many))).toEqual(parseHistoryFile(fileOf([{}, {}, {}])));
    expect(parseHistoryFile(fileOf(many)).ok).toBe(false);
  });

  it('refuses a bad envelope first, as the full read does, even after broken records', () => {
    const parsed = parseHistoryFile(
      fileOf(
        Array.from({ length: 100_000 }, () => ({})),
        -1,
      ),
    );
    expect(parsed).toEqual({
      ok: false,
      message: 'The history file is invalid: exportedAt: Too small: expected number to be >=0',
    });
  });

  it('still reads the whole file when the first records are valid, finding a later problem', () => {
    const records: unknown[] = makeRecords(400);
    records.push({ id: 'broken' });
    const text = fileOf(records);
    expect(text.length).toBeGreaterThan(PRECHECK_MIN_CHARS);
    const parsed = parseHistoryFile(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^The history file is invalid: records\[400\]\./);
  });

  it('accepts a large valid file whole', () => {
    const records = makeRecords(400);
    const parsed = parseHistoryFile(fileOf(records));
    expect(parsed.ok && parsed.history.records).toEqual(records);
  });

  it('leaves fewer than three problems to the full read, which counts them all', () => {
    // One broken record among valid ones: the first entries hold one problem, the file two.
    const [valid] = makeRecords(1);
    const broken = { ...valid, id: undefined };
    const records: unknown[] = [broken, valid, valid, ...makeRecords(400), broken];
    const parsed = parseHistoryFile(fileOf(records));
    expect(!parsed.ok && parsed.message).toMatch(/\(and 1 more problem\)$/);
  });

  it('leaves unsafe keys and deep nesting to the full read, which names them', () => {
    const polluted = `[{"__proto__":{}},${listOf('{}', 30_000).slice(1)}`;
    expect(parseHistoryFile(polluted)).toEqual({
      ok: false,
      message: expect.stringMatching(/__proto__/),
    });
    const deep = `${listOf('{}', 30_000).slice(0, -1)},${'['.repeat(40)}${']'.repeat(40)}]`;
    const parsed = parseHistoryFile(deep);
    expect(!parsed.ok && parsed.message).toMatch(/nest/i);
  });
});
