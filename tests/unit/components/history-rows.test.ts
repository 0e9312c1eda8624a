import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTORY_FILTER,
  historyRows,
  originBadge,
  sourceOf,
  valuesOf,
} from '../../../src/components/history/history-rows';
import { makeRecord, T0 } from '../support/factories';

const idle = (i: number) => ({
  ...makeRecord({
    id: `idle-${i}`,
    actionType: 'do_nothing',
    pattern: 'noise',
    recordedAt: T0 + i,
  }),
  cycle: i,
});

/** Newest first: 3 idle cycles, a shift, 2 idle cycles, a rejected backoff. */
const history = [
  idle(7),
  idle(6),
  idle(5),
  makeRecord({ id: 'shift', actionType: 'shift_traffic', recordedAt: T0 + 4 }),
  idle(3),
  idle(2),
  makeRecord({
    id: 'backoff',
    recordStatus: 'rejected',
    actionType: 'implement_backoff',
    pattern: 'retry_storm',
    recordedAt: T0 + 1,
  }),
];

describe('historyRows', () => {
  it('folds each run of do-nothing cycles into one row by default', () => {
    const rows = historyRows(history, DEFAULT_HISTORY_FILTER);
    expect(rows.map((r) => (r.kind === 'idle' ? `idle×${r.count}` : r.record.id))).toEqual([
      'idle×3',
      'shift',
      'idle×2',
      'backoff',
    ]);
    expect(rows[0]).toMatchObject({
      newestCycle: 7,
      oldestCycle: 5,
      newestAt: T0 + 7,
      oldestAt: T0 + 5,
    });
  });

  it('shows every idle cycle when asked to, or when filtering for do_nothing', () => {
    expect(historyRows(history, { ...DEFAULT_HISTORY_FILTER, showIdle: true })).toHaveLength(7);
    const onlyIdle = historyRows(history, { ...DEFAULT_HISTORY_FILTER, action: 'do_nothing' });
    expect(onlyIdle.map((r) => r.kind)).toEqual(['record', 'record', 'record', 'record', 'record']);
  });

  it('filters by status, action and pattern together', () => {
    const rejected = historyRows(history, { ...DEFAULT_HISTORY_FILTER, status: 'rejected' });
    expect(rejected.map((r) => r.key)).toEqual(['backoff']);
    const storm = historyRows(history, { ...DEFAULT_HISTORY_FILTER, pattern: 'retry_storm' });
    expect(storm.map((r) => r.key)).toEqual(['backoff']);
    const none = historyRows(history, {
      ...DEFAULT_HISTORY_FILTER,
      status: 'executed',
      action: 'implement_backoff',
    });
    expect(none).toEqual([]);
  });

  it('joins idle runs that a filter brings next to each other', () => {
    const executed = historyRows(history, {
      ...DEFAULT_HISTORY_FILTER,
      pattern: 'noise',
    });
    expect(executed).toHaveLength(1);
    expect(executed[0]).toMatchObject({ kind: 'idle', count: 5 });
  });
});

describe('valuesOf', () => {
  it('lists each value once, in the order first seen', () => {
    expect(valuesOf(history, 'actionType')).toEqual([
      'do_nothing',
      'shift_traffic',
      'implement_backoff',
    ]);
    expect(valuesOf(history, 'status')).toEqual(['executed', 'rejected']);
  });
});

describe('the source of a record', () => {
  const teamA = { id: 'team-a', name: 'Team A' };
  const origin = { kind: 'imported' as const, importedAt: Date.UTC(2026, 0, 31, 18, 5) };
  const foreign = { ...makeRecord({ id: 'foreign', recordedAt: T0 + 9 }), origin };

  it('filters own from imported records', () => {
    const mixed = [foreign, ...history];
    const imported = historyRows(mixed, { ...DEFAULT_HISTORY_FILTER, source: 'imported' });
    expect(imported.map((r) => r.key)).toEqual(['foreign']);
    const own = historyRows(mixed, { ...DEFAULT_HISTORY_FILTER, source: 'own' });
    expect(own.map((r) => r.key)).toEqual(
      historyRows(history, DEFAULT_HISTORY_FILTER).map((r) => r.key),
    );
    expect([sourceOf(foreign), sourceOf(history[0]!)]).toEqual(['imported', 'own']);
  });

  it('names the workspace on the badge, else the file, and says it all in the tooltip', () => {
    expect(originBadge({ ...origin, workspace: teamA, file: 'a.json' })).toEqual({
      text: 'imported · Team A',
      title:
        'Imported from the workspace "Team A" (file a.json) on 2026-01-31 18:05 UTC: foreign experience, weighted below the agent\'s own',
    });
    const long = 'a-very-long-history-export-name.json';
    expect(originBadge({ ...origin, file: long }).text).toBe('imported · a-very-long-history-exp…');
    expect(originBadge({ ...origin, file: long }).title).toContain(`the file ${long} on`);
    expect(originBadge(origin).text).toBe('imported');
  });
});
