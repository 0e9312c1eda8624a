import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  LearningRecordSchema,
  PATTERN_TYPES,
  type LearningRecord,
} from '../../../src/contracts';
import { exportHistory, importHistory, parseHistoryFile } from '../../../src/services/history-file';
import { openLearningStore } from '../../../src/services/learning-store';
import { makeRecord, T0 } from '../support/factories';
import { FUZZ_RUNS } from '../support/fuzz-runs';

/** Characters the import refuses in text: controls, DEL, C1 and bidi formatting. */
const FORBIDDEN = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u061c',
  '\u200e',
  '\u202e',
  '\u2066',
];

/** Text a note may hold: anything printable, tabs and line breaks included. */
/** Whether text holds a character the import must refuse (an oracle written apart from it). */
function holdsForbidden(text: string): boolean {
  return [...text].some((char) => {
    const n = char.codePointAt(0) ?? 0;
    return (
      (n < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') ||
      (n >= 0x7f && n <= 0x9f) ||
      n === 0x61c ||
      n === 0x200e ||
      n === 0x200f ||
      (n >= 0x202a && n <= 0x202e) ||
      (n >= 0x2066 && n <= 0x2069)
    );
  });
}

/** Text a note may hold: anything else, tabs and line breaks included. */
const safeText = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .filter((text) => !holdsForbidden(text));

const validRecord: fc.Arbitrary<LearningRecord> = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 60 }).filter((id) => !holdsForbidden(id)),
    recordedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    status: fc.constantFrom('executed', 'blocked', 'rejected', 'rolled_back' as const),
    pattern: fc.constantFrom(...PATTERN_TYPES),
    actionType: fc.constantFrom(...ACTION_TYPES),
    // JSON has no -0, so the lab writes it as 0; that is not a change the summary could name.
    improvementAchieved: fc.double({ min: -1, max: 1, noNaN: true }).map((v) => (v === 0 ? 0 : v)),
    note: fc.option(safeText, { nil: undefined }),
    origin: fc.option(
      fc.record(
        {
          kind: fc.constant('imported' as const),
          importedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
          workspace: fc.record({
            id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
            name: fc.constantFrom('Team A', 'Default', 'Équipe B'),
          }),
          file: safeText.filter((name) => name.length > 0),
        },
        { requiredKeys: ['kind', 'importedAt'] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ status, improvementAchieved, note, origin, ...rest }) => ({
    ...makeRecord({
      ...rest,
      recordStatus: status,
      improvementAchieved,
      ...(note ? { note } : {}),
    }),
    ...(origin ? { origin } : {}),
  }))
  .filter((record) => LearningRecordSchema.safeParse(record).success);

const validHistory = fc.uniqueArray(validRecord, { selector: (r) => r.id, maxLength: 8 });

function memoryStore() {
  return openLearningStore({ indexedDB: null, channel: null });
}

const byRecordedAt = (a: LearningRecord, b: LearningRecord) =>
  a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('the import parser, on arbitrary valid histories', () => {
  it('round-trips every record through export and import, changing nothing but the import mark', async () => {
    await fc.assert(
      fc.asyncProperty(validHistory, async (records) => {
        const text = exportHistory(records, T0);
        const parsed = parseHistoryFile(text);
        expect(parsed).toEqual({
          ok: true,
          history: expect.objectContaining({ records }),
          merged: 0,
          changes: [],
        });
        const store = await memoryStore();
        const result = await importHistory(store, text, { importedAt: T0 + 1 });
        expect(result).toMatchObject({ ok: true, added: records.length, skipped: 0 });
        // Records imported before keep their first source; the rest are marked by this import.
        const origin = { kind: 'imported' as const, importedAt: T0 + 1 };
        const marked = records.map((r) => (r.origin ? r : { ...r, origin }));
        expect(await store.all()).toEqual(marked.sort(byRecordedAt));
        store.close();
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);
});

type Json = Record<string, unknown>;

/** A change that makes any valid history file invalid, and what the refusal must mention. */
type Mutation = { name: string; apply: (file: Json, text: string) => string; expected: RegExp };

function recordOf(file: Json, index: number): Json {
  const records = file.records as Json[];
  return records[index % records.length]!;
}

const REQUIRED = ['id', 'recordedAt', 'status', 'pattern', 'actionType', 'decision'];
const NUMERIC = [
  'recordedAt',
  'decision.score',
  'decision.confidenceInDecision',
  'decision.decidedAt',
];

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: Json = target;
  for (const key of keys.slice(0, -1)) at = at[key] as Json;
  at[keys.at(-1)!] = value;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ key: fc.constantFrom(...REQUIRED), index: fc.nat() }).map(({ key, index }) => ({
    name: `drop ${key}`,
    apply: (file: Json) => {
      delete recordOf(file, index)[key];
      return JSON.stringify(file);
    },
    expected: new RegExp(`^The history file is invalid: records\\[\\d+\\]\\.${key}: `),
  })),
  fc
    .record({
      path: fc.constantFrom(...NUMERIC),
      index: fc.nat(),
      value: fc.constantFrom('x', null, true, {}, []),
    })
    .map(({ path, index, value }) => ({
      name: `set ${path} to ${JSON.stringify(value)}`,
      apply: (file: Json) => {
        setPath(recordOf(file, index), path, value);
        return JSON.stringify(file);
      },
      expected: /^The history file is invalid: records\[\d+\]\./,
    })),
  fc
    .record({ char: fc.constantFrom(...FORBIDDEN), index: fc.nat(), before: safeText })
    .map(({ char, index, before }) => ({
      name: `put ${JSON.stringify(char)} in a note`,
      apply: (file: Json) => {
        recordOf(file, index).note = `${before}${char}`;
        return JSON.stringify(file);
      },
      expected: /^records\[\d+\]\.note: control or bidirectional character U\+[0-9A-F]{4} /,
    })),
  fc.record({ index: fc.nat(), note: safeText }).map(({ index, note }) => ({
    name: 'repeat an id with other contents',
    apply: (file: Json) => {
      const twin = { ...recordOf(file, index), note: `${note} (changed)` };
      (file.records as Json[]).push(twin);
      return JSON.stringify(file);
    },
    expected:
      /^records\[\d+\]\.id: the id .* is used by records\[\d+\] too, with different contents/,
  })),
  fc.constant({
    name: 'add a __proto__ key',
    // The first record's first key is its id: the pollution goes in front of it.
    apply: (file: Json) =>
      JSON.stringify(file).replace('{"id":', '{"__proto__":{"polluted":true},"id":'),
    expected: /^records\[0\]\.__proto__: forbidden key/,
  }),
  fc.double({ min: 0, max: 0.999, noNaN: true }).map((share) => ({
    name: 'cut the file short',
    apply: (_file: Json, text: string) => text.slice(0, Math.floor(text.length * share)),
    expected: /^(The file ends too early|The file is not valid JSON|The file is empty)/,
  })),
);

describe('the import parser, on arbitrary hostile mutations', () => {
  it('refuses each with a message and leaves the store exactly as it was', async () => {
    const nonEmpty = fc.uniqueArray(validRecord, {
      selector: (r) => r.id,
      minLength: 1,
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(nonEmpty, validHistory, mutation, async (records, stored, change) => {
        const text = exportHistory(records, T0);
        const hostile = change.apply(JSON.parse(text) as Json, text);
        const store = await memoryStore();
        await store.merge(stored);
        const before = await store.all();
        const result = await importHistory(store, hostile);
        expect(result.ok, change.name).toBe(false);
        expect(!result.ok && result.message).toMatch(change.expected);
        expect(await store.all()).toEqual(before);
        expect(({} as Json).polluted).toBeUndefined();
        store.close();
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);
});

describe('shrinking', () => {
  it('brings a failing note down to the single character that is refused', () => {
    // A deliberately false claim, "every note imports", so that fast-check must shrink it.
    const claim = fc.property(
      fc.string({ unit: 'binary', maxLength: 30 }),
      (note) => parseHistoryFile(exportHistory([makeRecord({ note: `x${note}` })], T0)).ok,
    );
    const report = fc.check(claim, { numRuns: FUZZ_RUNS, seed: 42 });
    expect(report.failed).toBe(true);
    const [note] = report.counterexample ?? [''];
    expect(note).toHaveLength(1);
    expect(parseHistoryFile(exportHistory([makeRecord({ note: `x${note}` })], T0)).ok).toBe(false);
  });
});
