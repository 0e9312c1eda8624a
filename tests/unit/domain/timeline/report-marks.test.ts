import { describe, expect, it } from 'vitest';
import { reportMarks } from '../../../../src/domain/timeline';

const ran = (actionType: string, note?: string, rollbackTriggered = false) => ({
  result: { executed: true, outcome: { rollbackTriggered } },
  record: { actionType, ...(note === undefined ? {} : { note }) },
});

describe('the marks an execution report puts on the timeline', () => {
  it('marks nothing for a decision that did not run or did nothing', () => {
    expect(reportMarks(3, { result: { executed: false }, record: null })).toEqual([]);
    expect(reportMarks(3, ran('do_nothing'))).toEqual([]);
  });

  it('marks an executed change with its type, and an undone one as rolled back', () => {
    expect(reportMarks(4, ran('shift_traffic'))).toEqual([
      { window: 4, kind: 'executed', detail: 'shift_traffic' },
    ]);
    expect(reportMarks(5, ran('shift_traffic', undefined, true))).toEqual([
      { window: 5, kind: 'rolled_back', detail: 'shift_traffic rolled back by the judge' },
    ]);
  });

  it('marks an unwind as unwound, and a renewal as the action renewed', () => {
    expect(
      reportMarks(6, ran('unwind_action', 'Unwound fully: shift_traffic of record r')),
    ).toEqual([{ window: 6, kind: 'unwound', detail: 'unwind_action' }]);
    expect(
      reportMarks(
        7,
        ran(
          'failover_processor',
          'Renewed: failover_processor of record r stays in force for another term.',
        ),
      ),
    ).toEqual([{ window: 7, kind: 'executed', detail: 'failover_processor renewed' }]);
    expect(reportMarks(8, { result: { executed: true }, record: null })).toEqual([
      { window: 8, kind: 'executed', detail: 'unknown' },
    ]);
  });
});
