import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LEARNING_HISTORY_FORMAT,
  LearningHistorySchema,
  LearningRecordSchema,
  type ActionOutcome,
  type LearningRecord,
} from '../../../src/contracts';
import { exportHistory, importHistory, parseHistoryFile } from '../../../src/services/history-file';
import { openLearningStore, type LearningStore } from '../../../src/services/learning-store';
import { seedOutcome } from '../contracts/seed-examples';
import { makeRecord, makeRecords, T0 } from '../support/factories';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';

beforeAll(installFakeIndexedDbClasses);

const opened: LearningStore[] = [];

async function storeWith(records: LearningRecord[]): Promise<LearningStore> {
  const store = await openLearningStore({ indexedDB: freshIndexedDb(), dbName: 'history-file' });
  opened.push(store);
  await store.merge(records);
  return store;
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** When the imports of these tests happen. */
const IMPORTED_AT = T0 + 50_000;
const MARKING = { importedAt: IMPORTED_AT };

/** The records as an import of a file that names no workspace marks them: foreign experience. */
function marked(records: readonly LearningRecord[]): LearningRecord[] {
  return records.map((r) => ({
    ...r,
    origin: { kind: 'imported' as const, importedAt: IMPORTED_AT },
  }));
}

/** A valid v1 file as plain data, for tests to damage. */
function validFile(records = makeRecords(2)): Record<string, unknown> {
  return JSON.parse(exportHistory(records, T0 + 99)) as Record<string, unknown>;
}

/** Every key anywhere in parsed JSON. */
function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allKeys(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      allKeys(inner, out);
    }
  }
  return out;
}

describe('exportHistory', () => {
  it('writes the versioned LearningHistory file with every record', () => {
    const records = makeRecords(3);
    const file = JSON.parse(exportHistory(records, T0 + 5)) as unknown;
    expect(file).toEqual({
      format: LEARNING_HISTORY_FORMAT,
      version: 1,
      exportedAt: T0 + 5,
      records,
    });
    expect(LearningHistorySchema.safeParse(file).success).toBe(true);
  });

  it('carries no API key, token or other secret', () => {
    const withExtras = makeRecords(2).map((record) => ({
      ...record,
      apiKey: 'AIza-secret',
      decision: { ...record.decision, geminiKey: 'AIza-secret' },
    })) as LearningRecord[];
    const text = exportHistory(withExtras, T0);
    expect(text).not.toContain('AIza-secret');
    const keys = allKeys(JSON.parse(text));
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((key) => /api.?key|secret|token|password|^key$/i.test(key))).toEqual([]);
  });

  it('writes the same file without a second parse when the records were parsed already', () => {
    const records = makeRecords(5);
    const checked = exportHistory(records, T0);
    expect(exportHistory(records, T0, { recordsParsed: true })).toBe(checked);
    expect(() => exportHistory(records, Number.NaN, { recordsParsed: true })).toThrow(/exportedAt/);
  });

  it('refuses to write a record that would not import again', () => {
    const bad = { ...makeRecord(), status: 'maybe' } as unknown as LearningRecord;
    expect(() => exportHistory([bad], T0)).toThrow(/records\[0\]\.status/);
  });
});

describe('export → clear → import', () => {
  it('restores the records, marked as imported, and says how many were added', async () => {
    const records = [
      ...makeRecords(5),
      makeRecord({ id: 'blocked', recordStatus: 'blocked', recordedAt: T0 + 9000 }),
      makeRecord({
        id: 'rolled',
        recordStatus: 'rolled_back',
        rollbackTriggered: true,
        recordedAt: T0 + 9500,
      }),
    ];
    const store = await storeWith(records);
    const text = exportHistory(await store.all(), T0 + 10_000);
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await importHistory(store, text, MARKING)).toEqual({
      ok: true,
      added: 7,
      skipped: 0,
      merged: 0,
      changes: [],
      records: marked(JSON.parse(text).records),
      foreign: 7,
    });
    // A file is no proof of whose experience it holds, so even a restored backup counts as foreign.
    expect(await store.all()).toEqual(marked(records));
  });

  it('adds nothing when the same file is imported twice', async () => {
    const records = makeRecords(4);
    const store = await storeWith(records);
    const text = exportHistory(records, T0);
    expect(await importHistory(store, text, MARKING)).toEqual({
      ok: true,
      added: 0,
      skipped: 4,
      merged: 0,
      changes: [],
      records: marked(JSON.parse(text).records),
      foreign: 4,
    });
    expect(await store.count()).toBe(4);
    // The stored copies were the agent's own and stay so: an import never touches them.
    expect(await store.all()).toEqual(records);
  });

  it('merges a file into a history that already holds part of it', async () => {
    const records = makeRecords(6);
    const store = await storeWith(records.slice(0, 2));
    expect(await importHistory(store, exportHistory(records, T0), MARKING)).toEqual({
      ok: true,
      added: 4,
      skipped: 2,
      merged: 0,
      changes: [],
      records: marked(records),
      foreign: 6,
    });
    expect(await store.all()).toEqual([...records.slice(0, 2), ...marked(records.slice(2))]);
  });
});

describe('content the schema does not know', () => {
  it('is dropped from a valid file, however deeply it nests', () => {
    const file = JSON.parse(exportHistory(makeRecords(1), T0)) as Record<string, unknown>;
    file.extra = JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`);
    const parsed = parseHistoryFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && 'extra' in parsed.history).toBe(false);
  });
});

describe('a bad import is refused and changes nothing', () => {
  const existing = makeRecords(2, T0 - 100_000).map((r, i) => ({ ...r, id: `existing-${i}` }));

  const cases: [string, () => string, RegExp | string][] = [
    ['an empty file', () => '  \n', 'The file is empty.'],
    ['text that is not JSON', () => 'records: none', /^The file is not valid JSON \(/],
    [
      'a truncated file',
      () => {
        const text = exportHistory(makeRecords(3), T0);
        return text.slice(0, Math.floor(text.length / 2));
      },
      /^The file ends too early; it looks truncated/,
    ],
    [
      'a foreign format',
      () => JSON.stringify({ ...validFile(), format: 'someone-else/export' }),
      'format: this is not a learning history file of the lab (format is "someone-else/export", expected "agent-payment-lab/learning-history").',
    ],
    [
      'a file without a format',
      () => JSON.stringify({ version: 1, records: [] }),
      /^format: this is not a learning history file of the lab \(format is nothing/,
    ],
    [
      'a newer version',
      () => JSON.stringify({ ...validFile(), version: 2 }),
      'This history was written by a newer version (v2) of the lab; this build reads up to v1',
    ],
    [
      'a version that is not a whole number',
      () => JSON.stringify({ ...validFile(), version: 1.5 }),
      'version: expected a whole number of at least 0, got 1.5.',
    ],
    [
      'a bare number',
      () => '42',
      'This is not a learning history file: expected an object, got 42.',
    ],
    [
      'a field of the wrong type',
      () => {
        const file = validFile();
        (file.records as Record<string, unknown>[])[1]!.recordedAt = 'yesterday';
        return JSON.stringify(file);
      },
      /^The history file is invalid: records\[1\]\.recordedAt: /,
    ],
    [
      'NaN smuggled in as null',
      () => {
        const file = validFile();
        const record = (file.records as LearningRecord[])[0]!;
        (record.outcome as unknown as Record<string, unknown>).improvementAchieved = null;
        return JSON.stringify(file);
      },
      /^The history file is invalid: records\[0\]\.outcome\.improvementAchieved: /,
    ],
    [
      'an executed record without its outcome',
      () => {
        const file = validFile();
        delete (file.records as LearningRecord[])[0]!.outcome;
        return JSON.stringify(file);
      },
      'The history file is invalid: records[0].outcome: an executed record must carry its outcome',
    ],
    [
      'a huge string',
      () => {
        const file = validFile();
        (file.records as LearningRecord[])[0]!.note = 'A'.repeat(5_000_000);
        return JSON.stringify(file);
      },
      /^The history file is invalid: records\[0\]\.note: Too big/,
    ],
    [
      'a __proto__ key',
      () =>
        exportHistory(makeRecords(1), T0).replace(
          '"records":[{',
          '"records":[{"__proto__":{"polluted":true},',
        ),
      'records[0].__proto__: forbidden key "__proto__" (it could alter object prototypes)',
    ],
    [
      'a constructor.prototype key',
      () =>
        JSON.stringify(validFile()).replace(
          '"format"',
          '"constructor":{"prototype":{"polluted":true}},"format"',
        ),
      'constructor: forbidden key "constructor" (it could alter object prototypes)',
    ],
    [
      'absurdly deep nesting',
      () =>
        `{"format":"${LEARNING_HISTORY_FORMAT}","version":1,"x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      /nested more than 32 levels deep$/,
    ],
    [
      'records that are not a list',
      () => JSON.stringify({ ...validFile(), records: { 0: makeRecord() } }),
      /^The history file is invalid: records: /,
    ],
  ];

  for (const [name, build, expected] of cases) {
    it(`refuses ${name}`, async () => {
      const store = await storeWith(existing);
      const before = await store.all();
      const result = await importHistory(store, build());
      expect(result.ok).toBe(false);
      const message = (result as { message: string }).message;
      if (typeof expected === 'string') expect(message).toBe(expected);
      else expect(message).toMatch(expected);
      expect(message.length).toBeLessThan(400);
      expect(await store.all()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('reports a failing store as a refusal, leaving the history as it was', async () => {
    const store = await storeWith(existing);
    const failing: LearningStore = {
      ...store,
      persistent: true,
      problem: null,
      invalidRows: [],
      merge: () => Promise.reject(new Error('disk on fire')),
    };
    const result = await importHistory(failing, exportHistory(makeRecords(2), T0));
    expect(result).toEqual({ ok: false, message: 'The history could not be stored: disk on fire' });
    expect(await store.all()).toEqual(existing);
  });
});

describe('version 0 (the prototype learning store) is migrated', () => {
  function v0Outcomes(): ActionOutcome[] {
    const shift = seedOutcome();
    const retry: ActionOutcome = {
      ...seedOutcome(),
      actionId: 'action_adjust_retry_policy_1769883962000',
      executedAt: 1769883962000,
      improvementAchieved: 0.012,
      confidenceAdjustment: 0.15,
    };
    return [shift, retry];
  }

  it('reads a bare array of seed outcomes as executed records', () => {
    const parsed = parseHistoryFile(JSON.stringify(v0Outcomes()));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.migratedFrom).toBe(0);
    const [first, second] = parsed.history.records;
    expect(first).toMatchObject({
      id: 'v0-1769883961000-action_shift_traffic_1769883961000',
      recordedAt: 1769883961000,
      status: 'executed',
      pattern: 'noise',
      actionType: 'shift_traffic',
    });
    expect(first?.decision.selectedAction).toMatchObject({
      id: 'action_shift_traffic_1769883961000',
      type: 'shift_traffic',
      category: 'traffic_routing',
    });
    expect(first?.outcome).toMatchObject({
      ...seedOutcome(),
      actionType: 'shift_traffic',
      pattern: 'noise',
    });
    expect(second?.actionType).toBe('adjust_retry_policy');
    for (const record of parsed.history.records) {
      expect(LearningRecordSchema.safeParse(record).success).toBe(true);
    }
  });

  it('reads the { outcomes } and the tagged version 0 forms the same way', () => {
    const bare = parseHistoryFile(JSON.stringify(v0Outcomes()));
    const wrapped = parseHistoryFile(JSON.stringify({ outcomes: v0Outcomes() }));
    const tagged = parseHistoryFile(
      JSON.stringify({ format: LEARNING_HISTORY_FORMAT, version: 0, outcomes: v0Outcomes() }),
    );
    expect(wrapped).toEqual(bare);
    expect(tagged).toEqual(bare);
  });

  it('keeps the pattern and action type when the outcome carries them', () => {
    const outcome = {
      ...seedOutcome(),
      actionId: 'x-1',
      actionType: 'rate_limit',
      pattern: 'retry_storm',
    };
    const parsed = parseHistoryFile(JSON.stringify([outcome]));
    expect(parsed.ok && parsed.history.records[0]).toMatchObject({
      actionType: 'rate_limit',
      pattern: 'retry_storm',
    });
  });

  it('imports into the store once, with ids that make a second import add nothing', async () => {
    const store = await storeWith([]);
    const text = JSON.stringify(v0Outcomes());
    const migrated = await store.all().then(() => parseHistoryFile(text));
    const records = migrated.ok ? migrated.history.records : [];
    expect(records).toHaveLength(2);
    expect(await importHistory(store, text, MARKING)).toEqual({
      ok: true,
      added: 2,
      skipped: 0,
      merged: 0,
      changes: [],
      records: marked(records),
      foreign: 2,
      migratedFrom: 0,
    });
    expect(await importHistory(store, text, MARKING)).toEqual({
      ok: true,
      added: 0,
      skipped: 2,
      merged: 0,
      changes: [],
      records: marked(records),
      foreign: 2,
      migratedFrom: 0,
    });
    expect((await store.statistics()).totalOutcomes).toBe(2);
  });

  it('refuses an outcome whose action type cannot be told, naming it', () => {
    const outcome = { ...seedOutcome(), actionId: 'mystery' };
    expect(parseHistoryFile(JSON.stringify({ outcomes: [outcome] }))).toEqual({
      ok: false,
      message:
        'outcomes[0].actionId: cannot tell the action type of "mystery" (expected action_<type>_<timestamp> or an actionType field)',
    });
  });

  it('refuses version 0 outcomes that do not match the prototype’s format', () => {
    const broken = { ...seedOutcome(), improvementAchieved: 'lots' };
    const parsed = parseHistoryFile(JSON.stringify([broken]));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(
      /^This version 0 history does not match the prototype's outcome format: \[0\]\.improvementAchieved: /,
    );
  });
});
