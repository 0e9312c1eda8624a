import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFETY_LIMITS } from '../../../../src/contracts';
import type { FamilyCalibration } from '../../../../src/domain/evaluation/calibration';
import { remedyFamily } from '../../../../src/domain/reasoning/remedy-family';
import { decideOn, hypothesis, planned } from './decision-fixtures';

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
  return decideOn([BACKOFF, FAILOVER, NOTIFY], [hypothesis('retry_storm', 0.9)], {
    calibrated: calibration === 'evidence' ? false : calibration,
    limits: { minConfidence },
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

  it('waits when no active pick clears the gate, and says which pick it doubted', () => {
    const decision = pick(CALIBRATION, 0.99);
    // The guardrails would block the backoff: the agent tells a human instead, every window the
    // doubt lasts, rather than proposing a change that cannot run.
    expect(decision.selectedAction.type).toBe('send_notification');
    const backoff = decision.rejectedActions.find((r) => r.type === 'implement_backoff');
    expect(backoff?.reason).toBe(
      'confidence 30.0% is below the 99.0% the guardrails need: it would be blocked',
    );
    expect(backoff?.score).toBeGreaterThan(decision.score);
  });

  it('keeps the score’s pick on the uncalibrated evidence a calibration is fitted on', () => {
    expect(pick('evidence').selectedAction.type).toBe('implement_backoff');
  });
});

describe('the fall-back across patterns', () => {
  // A backoff for a doubtful retry storm scores just above a failover for a clear processor
  // outage: the backoff's evidence is 0.1 + 4 × 0.005 + 0.4 × 0.5 = 0.32, the failover's
  // 0.1 + 0 + 0.4 × 0.95 = 0.48.
  const backoff = planned(
    'implement_backoff',
    { successRateChange: 0.1, riskLevel: 0.15 },
    { pattern: 'retry_storm' },
  );
  const failover = planned(
    'failover_processor',
    { successRateChange: 0.1, riskLevel: 0.2 },
    { pattern: 'processor_outage' },
  );
  const identity: FamilyCalibration = { pooled: { x: [0, 1], y: [0, 1] }, families: {} };

  // A notification for a near-certain latency spike: 0.1 + 0 + 0.4 × 0.99 = 0.496.
  const notify = planned('send_notification', { riskLevel: 0.05 }, { pattern: 'latency_spike' });

  function across(calibration: FamilyCalibration | 'evidence', minConfidence: number) {
    const hypotheses = [
      hypothesis('processor_outage', 0.95),
      hypothesis('retry_storm', 0.5),
      hypothesis('latency_spike', 0.99),
    ];
    return decideOn([backoff, failover, notify], hypotheses, {
      calibrated: calibration === 'evidence' ? false : calibration,
      limits: { minConfidence },
    }).decision;
  }

  it('moves to another pattern’s pick that states exactly the minimum', () => {
    const decision = across(identity, 0.48);
    expect(decision.selectedAction.type).toBe('failover_processor');
    expect(decision.confidenceInDecision).toBeCloseTo(0.48, 4);
  });

  it('keeps a pick that states exactly the minimum', () => {
    // The failover at 0.48 would clear it too, but the backoff is not refused.
    expect(across(identity, 0.32).selectedAction.type).toBe('implement_backoff');
  });

  it('falls back to a passive pick only when no active one clears the gate', () => {
    // Only the notification clears 0.49: the backoff would be blocked, so the agent notifies.
    const decision = across(identity, 0.49);
    expect(decision.selectedAction.type).toBe('send_notification');
    expect(decision.rejectedActions.find((r) => r.type === 'implement_backoff')?.reason).toMatch(
      /^confidence 32\.0% is below the 49\.0% the guardrails need/,
    );
    // The failover's 0.48 is no fall-back either: it too is under the minimum.
    expect(
      decision.rejectedActions.find((r) => r.type === 'failover_processor')?.reason,
    ).not.toMatch(/guardrails need/);
  });

  it('keeps the score’s pick on the evidence, though the gate would refuse it', () => {
    const decision = across('evidence', 0.45);
    expect(decision.selectedAction.type).toBe('implement_backoff');
    expect(decision.confidenceInDecision).toBeCloseTo(0.32, 4);
  });
});

describe('a change that promises nothing', () => {
  it('is never selected: waiting beats it, and the decision says why', () => {
    // A retry cap that would only lose the payments retries rescue, and relieve no latency.
    const cap = planned(
      'adjust_retry_policy',
      { successRateChange: -0.0013, latencyImpact: 0, riskLevel: 0.05 },
      { pattern: 'issuer_degradation' },
    );
    const wait = planned('do_nothing', { riskLevel: 0.4 }, { pattern: 'issuer_degradation' });
    const { decision } = decideOn([cap, wait], [hypothesis('issuer_degradation', 0.9)]);
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.rejectedActions.find((r) => r.type === 'adjust_retry_policy')?.reason).toBe(
      'its estimate promises neither more success nor less latency',
    );
  });

  it('is selectable with the least relief of latency', () => {
    const cap = planned(
      'adjust_retry_policy',
      { successRateChange: -0.0013, latencyImpact: -40, riskLevel: 0.05 },
      { pattern: 'issuer_degradation' },
    );
    const wait = planned('do_nothing', { riskLevel: 0.4 }, { pattern: 'issuer_degradation' });
    const { decision } = decideOn([cap, wait], [hypothesis('issuer_degradation', 0.9)]);
    expect(
      decision.rejectedActions.find((r) => r.type === 'adjust_retry_policy')?.reason ?? '',
    ).not.toMatch(/promises neither/);
  });
});
