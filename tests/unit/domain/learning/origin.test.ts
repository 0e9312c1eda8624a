import { describe, expect, it } from 'vitest';
import {
  LearningRecordSchema,
  PatternTypeSchema,
  type LearningRecord,
  type RecordOrigin,
} from '../../../../src/contracts';
import { learningContext } from '../../../../src/domain/learning/context';
import {
  countByOrigin,
  importedExperienceNote,
  isImported,
  markImported,
  originFileName,
} from '../../../../src/domain/learning/origin';
import { computeStatistics, patternActionStats } from '../../../../src/domain/learning/statistics';
import { reason } from '../../../../src/domain/reasoning';
import { makeInput } from '../reasoning/snapshots';
import { simulated } from '../reasoning/simulated';
import { makeRecord, makeRecords, T0 } from '../../support/factories';

const TEAM_A = { id: 'team-a', name: 'Team A' };

function imported(record: LearningRecord, extra: Partial<RecordOrigin> = {}): LearningRecord {
  return { ...record, origin: { kind: 'imported', importedAt: T0 + 1, ...extra } };
}

describe('the origin of a stored record', () => {
  it('is optional: a record without one parses as before and is the agent’s own', () => {
    const [record] = makeRecords(1);
    const parsed = LearningRecordSchema.parse(record);
    expect(parsed.origin).toBeUndefined();
    expect(isImported(parsed)).toBe(false);
  });

  it('parses with its source, and names the field when it is wrong', () => {
    const record = imported(makeRecords(1)[0]!, { workspace: TEAM_A, file: 'team-a.json' });
    expect(LearningRecordSchema.parse(record).origin).toEqual({
      kind: 'imported',
      importedAt: T0 + 1,
      workspace: TEAM_A,
      file: 'team-a.json',
    });
    const bad = LearningRecordSchema.safeParse({
      ...record,
      origin: { kind: 'shared', importedAt: -1 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'origin.kind',
      'origin.importedAt',
    ]);
  });
});

describe('markImported', () => {
  it('marks every record with the file’s workspace, its name and the time of import', () => {
    const records = makeRecords(2);
    const marked = markImported(records, { importedAt: T0 + 9, workspace: TEAM_A, file: 'a.json' });
    expect(marked.map((r) => r.origin)).toEqual([
      { kind: 'imported', importedAt: T0 + 9, workspace: TEAM_A, file: 'a.json' },
      { kind: 'imported', importedAt: T0 + 9, workspace: TEAM_A, file: 'a.json' },
    ]);
    // The records read from the file are not changed in place.
    expect(records.every((r) => r.origin === undefined)).toBe(true);
    expect(marked.every((r) => LearningRecordSchema.safeParse(r).success)).toBe(true);
  });

  it('keeps the first source of a record imported before', () => {
    const first = imported(makeRecord({ id: 'first' }), { workspace: TEAM_A });
    const [again] = markImported([first], {
      importedAt: T0 + 50,
      workspace: { id: 'team-b', name: 'Team B' },
    });
    expect(again!.origin).toEqual({ kind: 'imported', importedAt: T0 + 1, workspace: TEAM_A });
  });

  it('keeps a file name that reads as it is: controls and bidi marks dropped, length bounded', () => {
    expect(originFileName(' evil\u202Egnp.json\u0007 ')).toBe('evilgnp.json');
    expect(originFileName('\u0000\u200e')).toBeUndefined();
    expect(originFileName('x'.repeat(500))).toHaveLength(200);
    expect(originFileName(undefined)).toBeUndefined();
  });

  it('counts own and imported records apart', () => {
    const records = [...makeRecords(3), imported(makeRecord({ id: 'x' }))];
    expect(countByOrigin(records)).toEqual({ own: 3, imported: 1 });
  });
});

describe('imported experience in the learning context', () => {
  it('reaches the reasoning engine marked imported, own outcomes unmarked', () => {
    const own = makeRecord({ id: 'own', recordedAt: T0 });
    const foreign = imported(makeRecord({ id: 'foreign', recordedAt: T0 + 1000 }));
    const context = learningContext([own, foreign], 5);
    expect(context.recentOutcomes.map((o) => [o.actionId, o.origin])).toEqual([
      [foreign.outcome!.actionId, 'imported'],
      [own.outcome!.actionId, undefined],
    ]);
    expect(context.totalOutcomes).toBe(2);
  });

  it('counts an imported outcome 0.3 of an own one in the statistics it hands over', () => {
    const own = [0, 1].map((i) =>
      makeRecord({ id: `own-${i}`, recordedAt: T0 + i, improvementAchieved: 0.04 }),
    );
    const foreign = [2, 3, 4, 5, 6].map((i) =>
      imported(makeRecord({ id: `f-${i}`, recordedAt: T0 + i, improvementAchieved: -0.02 })),
    );
    const [cell] = learningContext([...own, ...foreign], 20).stats;
    // 2 own + 5 × 0.3 = 3.5 outcomes, rounded to 4; the mean weighs them the same way.
    expect(cell).toMatchObject({ count: 4, successCount: 4 });
    expect(cell!.meanImprovement).toBeCloseTo((2 * 0.04 + 1.5 * -0.02) / 3.5, 12);
    // The history's own statistics still count every outcome once.
    const [plain] = patternActionStats([...own, ...foreign]);
    expect(plain).toMatchObject({ count: 7 });
    expect(plain!.meanImprovement).toBeCloseTo((2 * 0.04 + 5 * -0.02) / 7, 12);
  });

  it('moves a decision less when the same experience is imported than when it is the agent’s own', () => {
    const { current, baseline } = simulated('issuerOnPrimary');
    const before = reason(makeInput(current, baseline)).decision;
    const type = before.selectedAction.type;
    // Three outcomes of the very action chosen, each a disappointment.
    const disappointing = [0, 1, 2].map((i) =>
      makeRecord({
        id: `past-${i}`,
        recordedAt: T0 + i,
        actionType: type,
        pattern: PatternTypeSchema.parse(before.pattern),
        improvementAchieved: 0,
        metExpectations: false,
        confidenceAdjustment: -0.2,
      }),
    );
    const decideWith = (records: LearningRecord[]) =>
      reason(makeInput(current, baseline, { learningContext: learningContext(records, 20) }))
        .decision;
    const afterOwn = decideWith(disappointing);
    const afterImported = decideWith(disappointing.map((r) => imported(r)));
    const ownDrop = before.confidenceInDecision - afterOwn.confidenceInDecision;
    const importedDrop = before.confidenceInDecision - afterImported.confidenceInDecision;
    expect(ownDrop).toBeGreaterThan(0);
    expect(importedDrop).toBeGreaterThan(0);
    expect(importedDrop).toBeLessThan(ownDrop);
  });
});

describe('statistics by origin', () => {
  it('count imported decisions and outcomes apart from the agent’s own', () => {
    const records = [
      ...makeRecords(3),
      imported(makeRecord({ id: 'i-1', recordedAt: T0 + 10 })),
      imported(makeRecord({ id: 'i-2', recordedAt: T0 + 11, recordStatus: 'blocked' })),
      imported(makeRecord({ id: 'i-3', recordedAt: T0 + 12, actionType: 'do_nothing' })),
    ];
    expect(computeStatistics(records)).toMatchObject({
      totalDecisions: 6,
      importedDecisions: 3,
      totalOutcomes: 4,
      importedOutcomes: 1,
    });
  });
});

describe('what a decision says about imported experience', () => {
  const records = [
    makeRecord({ id: 'own', recordedAt: T0 }),
    imported(makeRecord({ id: 'f-1', recordedAt: T0 + 1 })),
    imported(makeRecord({ id: 'f-2', recordedAt: T0 + 2 })),
    imported(makeRecord({ id: 'r', recordedAt: T0 + 3, pattern: 'retry_storm' })),
    imported(makeRecord({ id: 'b', recordedAt: T0 + 4, recordStatus: 'blocked' })),
  ];
  const counts = computeStatistics(records).originByPatternAction;

  it('counts the outcomes of each pattern and action by origin', () => {
    expect(counts).toEqual([
      { pattern: 'issuer_degradation', actionType: 'shift_traffic', own: 1, imported: 2 },
      { pattern: 'retry_storm', actionType: 'shift_traffic', own: 0, imported: 1 },
    ]);
  });

  it('names the imported outcomes behind the action, and says nothing when there are none', () => {
    expect(importedExperienceNote(counts, 'issuer_degradation', 'shift_traffic')).toBe(
      'Experience with shift_traffic for issuer_degradation: 2 imported outcome(s) and 1 of its own; imported history is foreign experience and weighs 0.3 of an own outcome.',
    );
    expect(importedExperienceNote(counts, 'retry_storm', 'shift_traffic')).toContain(
      '1 imported outcome(s) and none of its own',
    );
    expect(importedExperienceNote(counts, 'issuer_degradation', 'enable_alerting')).toBeNull();
    const ownOnly = computeStatistics(makeRecords(2)).originByPatternAction;
    expect(importedExperienceNote(ownOnly, 'issuer_degradation', 'shift_traffic')).toBeNull();
  });
});
