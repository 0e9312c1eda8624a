import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTORY_FILTER,
  historyRows,
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
