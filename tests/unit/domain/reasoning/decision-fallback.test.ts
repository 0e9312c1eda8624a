import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  EMPTY_LEARNING_CONTEXT,
} from '../../../../src/contracts';
import type { FamilyCalibration } from '../../../../src/domain/evaluation/calibration';
import { decide } from '../../../../src/domain/reasoning/decision';
import { remedyFamily } from '../../../../src/domain/reasoning/remedy-family';
import { hypothesis, NOW, planned } from './decision-fixtures';
import { makeSnapshot } from './snapshots';

/** Retry remedies rarely came true in training, routing ones mostly did. */
const CALIBRATION: FamilyCalibration = {
  pooled: { x: [0.5], y: [0.6] },
  families: { retries: { x: [0.5], y: [0.3] }, routing: { x: [0.5], y: [0.8] } },
};

const BACKOFF = planned(
  'implement_backoff',
  { successRateChange: 0.25, latencyImpact: -50, riskLevel: 0.15 },
  { pattern: 'retry_storm' },
);
const FAILOVER = planned(
  'failover_processor',
  { successRateChange: 0.45, latencyImpact: -50, costImpact: 0.05, riskLevel: 0.5 },
  { pattern: 'retry_storm' },
);
const NOTIFY = planned('send_notification', { riskLevel: 0.05 }, { pattern: 'retry_storm' });

function pick(
  calibration: FamilyCalibration | 'evidence',
  minConfidence = DEFAULT_SAFETY_LIMITS.minConfidence,
) {
  const snapshot = makeSnapshot();
  return decide({
    planned: [BACKOFF, FAILOVER, NOTIFY],
    hypotheses: [hypothesis('retry_storm', 0.9)],
    learning: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    current: snapshot,
    baseline: snapshot,
    now: NOW,
    limits: { ...DEFAULT_SAFETY_LIMITS, minConfidence },
    calibration,
  }).decision;
}

describe('a pick the confidence gate would refuse', () => {
  it('gives way to the best allowed active pick whose confidence clears the gate', () => {
    expect(remedyFamily('implement_backoff')).toBe('retries');
    expect(remedyFamily('failover_processor')).toBe('routing');
    const decision = pick(CALIBRATION);
    expect(decision.selectedAction.type).toBe('failover_processor');
    expect(decision.confidenceInDecision).toBeGreaterThanOrEqual(0.6);
    // The backoff scored higher and is explained as a rejection.
    const backoff = decision.rejectedActions.find((r) => r.type === 'implement_backoff');
    expect(backoff?.score).toBeGreaterThan(decision.score);
  });

  it('stands when no active pick clears the gate, so the guardrails say why', () => {
    const decision = pick(CALIBRATION, 0.99);
    expect(decision.selectedAction.type).toBe('implement_backoff');
    expect(decision.confidenceInDecision).toBeCloseTo(0.3, 4);
  });

  it('keeps the score’s pick on the uncalibrated evidence a calibration is fitted on', () => {
    expect(pick('evidence').selectedAction.type).toBe('implement_backoff');
  });
});
