import { describe, expect, it, vi } from 'vitest';
import type { FamilyCalibration } from '../../../../src/domain/evaluation/calibration';
import { decideOn, hypothesis, planned } from './decision-fixtures';

// The draws are fixed here: with a seed they always land on the second-ranked candidate, so what
// the decision says about exploring can be checked against the confidence fall-back.
vi.mock('../../../../src/domain/reasoning/decision-learning', async (original) => {
  const actual =
    await original<typeof import('../../../../src/domain/reasoning/decision-learning')>();
  return {
    ...actual,
    explore: <T>(top: T, ranked: readonly T[], seed: number | undefined): T =>
      seed === undefined ? top : (ranked[1] ?? top),
  };
});

/**
 * Retry remedies come true less often than routing ones at the same evidence: the retry cap
 * clears the 60 % minimum only on strong evidence, the shift always does.
 */
const CALIBRATION: FamilyCalibration = {
  pooled: { x: [0.3, 0.6], y: [0.5, 0.8] },
  families: {
    retries: { x: [0.4, 0.55], y: [0.3, 0.7] },
    routing: { x: [0.3, 0.5], y: [0.7, 0.8] },
  },
};

function decideWith(hypothesisConfidence: number, explorationSeed?: number) {
  // A retry cap scored best, a shift a little behind it, and waiting last.
  const proposals = [
    planned('adjust_retry_policy', { successRateChange: 0.06, riskLevel: 0.1 }),
    planned('shift_traffic', { successRateChange: 0.05, riskLevel: 0.1 }),
    planned('do_nothing', { riskLevel: 0.3 }),
  ];
  return decideOn(proposals, [hypothesis('issuer_degradation', hypothesisConfidence)], {
    calibrated: CALIBRATION,
    ...(explorationSeed === undefined ? {} : { explorationSeed }),
  }).decision;
}

describe('exploring beside the confidence fall-back', () => {
  it('claims no exploration when the draws land where the fall-back goes anyway', () => {
    // Weak evidence: the retry cap's confidence is under the 60 % minimum, so the decision falls
    // back to the shift, exactly where the draws land.
    const without = decideWith(0.6);
    expect(without.selectedAction.type).toBe('shift_traffic');
    const withDraws = decideWith(0.6, 7);
    expect(withDraws.selectedAction.id).toBe(without.selectedAction.id);
    expect(withDraws.exploration).toBeUndefined();
  });

  it('says it explored when the draws changed a pick the minimum let stand', () => {
    // Strong evidence: the retry cap clears the minimum and stands without draws.
    const without = decideWith(1);
    expect(without.selectedAction.type).toBe('adjust_retry_policy');
    const withDraws = decideWith(1, 7);
    expect(withDraws.selectedAction.type).toBe('shift_traffic');
    expect(withDraws.exploration).toMatchObject({
      insteadOfActionId: without.selectedAction.id,
      insteadOfType: 'adjust_retry_policy',
    });
  });
});
