import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  EMPTY_LEARNING_CONTEXT,
  type LearningRecord,
} from '../../../src/contracts';
import { reason } from '../../../src/domain/reasoning';
import { assessDecision, resolveLimits } from '../../../src/domain/safety';
import { openLearningStore, type LearningStore } from '../../../src/services/learning-store';
import { loadSettings, saveSettings } from '../../../src/services/settings-storage';
import { learningDbName } from '../../../src/services/workspace-storage';
import { makeInput, visaRouteHalfShifted } from '../domain/reasoning/snapshots';
import { freshIndexedDb, installFakeIndexedDbClasses } from '../support/fake-idb';
import { makeRecord, T0 } from '../support/factories';
import { mapStorage } from './workspace-fakes';

beforeAll(installFakeIndexedDbClasses);

/** What workspace A went through: shifting traffic under-delivered, disabling the route paid. */
function experienceOfA(): LearningRecord[] {
  const shifts = [0, 1, 2, 3].map((i) =>
    makeRecord({
      id: `a-shift-${i}`,
      recordedAt: T0 + i,
      actionType: 'shift_traffic',
      improvementAchieved: 0.005,
      metExpectations: false,
      rollbackTriggered: i % 2 === 0,
      confidenceAdjustment: -0.15,
      estimatedSuccessRateChange: 0.06,
    }),
  );
  const disables = [4, 5, 6, 7].map((i) =>
    makeRecord({
      id: `a-disable-${i}`,
      recordedAt: T0 + i,
      actionType: 'disable_route',
      improvementAchieved: 0.06,
      confidenceAdjustment: 0.15,
      estimatedSuccessRateChange: 0.06,
    }),
  );
  return [...shifts, ...disables];
}

async function storesOnOneDevice(): Promise<{ a: LearningStore; b: LearningStore }> {
  const factory = freshIndexedDb();
  const open = (id: string) =>
    openLearningStore({ indexedDB: factory, dbName: learningDbName(id), channel: null });
  return { a: await open('team-a'), b: await open('team-b') };
}

describe('workspaces on one device', () => {
  it('keep outcomes stored in A out of the decision B makes on the same metrics', async () => {
    const { a, b } = await storesOnOneDevice();
    await a.merge(experienceOfA());
    expect(await a.count()).toBe(8);
    expect(await b.count()).toBe(0);

    const current = visaRouteHalfShifted();
    const inA = reason(
      makeInput(current, undefined, { learningContext: await a.learningContext(20) }),
    );
    const inB = reason(
      makeInput(current, undefined, { learningContext: await b.learningContext(20) }),
    );
    const withNoHistory = reason(
      makeInput(current, undefined, { learningContext: EMPTY_LEARNING_CONTEXT }),
    );
    // A learned: its decision changed. B decides exactly as a lab that never learned anything.
    expect(inA.decision.selectedAction.type).toBe('disable_route');
    expect(inA.decision.selectedAction.learnedFrom).toBe(4);
    expect(inB.decision.selectedAction.type).toBe('shift_traffic');
    expect(inB.decision).toEqual(withNoHistory.decision);
    expect(inB.decision.approvalReasons.some((r) => r.startsWith('Novel'))).toBe(true);
    a.close();
    b.close();
  });

  it('let a stricter limit stored for B block an action that A allows', () => {
    const storage = mapStorage();
    // The agent never states certainty (at most 0.99), so a minimum of 1 holds back any action.
    saveSettings({ limits: { minConfidence: 1 } }, 'team-b', storage);
    saveSettings({ limits: { maxConcurrentActions: 2 } }, 'team-a', storage);
    const limitsOf = (id: string) => resolveLimits(loadSettings(id, storage).limits).limits;
    expect(limitsOf('team-a').minConfidence).toBe(0.6);
    expect(limitsOf('team-b').minConfidence).toBe(1);

    const { decision } = reason(makeInput(visaRouteHalfShifted()));
    expect(decision.confidenceInDecision).toBeGreaterThanOrEqual(0.6);
    const approval = { approved: true, at: T0 };
    const judge = (id: string) =>
      assessDecision({
        decision,
        controlPlane: DEFAULT_CONTROL_PLANE,
        activeActionCount: 0,
        limits: limitsOf(id),
        humanApproval: approval,
      }).safetyCheck;
    const inA = judge('team-a');
    const inB = judge('team-b');
    expect(inA.violations).toEqual([]);
    expect(inA.isApproved).toBe(true);
    expect(inB.isApproved).toBe(false);
    expect(inB.violations.map((v) => v.rule)).toEqual(['min_confidence']);
  });
});
