import { describe, expect, it } from 'vitest';
import { decisionConfidence } from '../../../../src/domain/reasoning/decision-confidence';
import {
  CLEAR_SHIFT,
  NOTIFY,
  decideOn,
  experience,
  hypothesis,
  planned,
} from './decision-fixtures';

// Confidence = 0.1 + min(4 × gap, 0.5) + 0.4 × hypothesis confidence + learned shift, within
// 0–0.99 and rounded to four decimals. Every expected value below is that sum worked by hand.

describe('decisionConfidence', () => {
  it('starts at 0.1 with no gap, no hypothesis and no experience', () => {
    expect(decisionConfidence(0, 0, 0)).toBe(0.1);
  });

  it('counts the gap four times and the hypothesis 0.4 times', () => {
    expect(decisionConfidence(0.05, 0.5, 0)).toBe(0.5); // 0.1 + 0.2 + 0.2
    expect(decisionConfidence(0.1, 0.5, 0)).toBe(0.7); // 0.1 + 0.4 + 0.2
    expect(decisionConfidence(0, 0.8, 0)).toBe(0.42); // 0.1 + 0 + 0.32
  });

  it('counts a lead of 0.125 as decisive and no lead beyond it', () => {
    expect(decisionConfidence(0.125, 0, 0)).toBe(0.6); // 0.1 + 0.5
    expect(decisionConfidence(0.2, 0.5, 0)).toBe(0.8); // 0.1 + 0.5 (not 0.8) + 0.2
  });

  it('takes nothing from a negative gap and keeps the hypothesis term within 0–0.4', () => {
    expect(decisionConfidence(-0.1, 0.5, 0)).toBe(0.3); // 0.1 + 0 + 0.2
    expect(decisionConfidence(0, 1.5, 0)).toBe(0.5); // 0.1 + 0.4
    expect(decisionConfidence(0, -1, 0)).toBe(0.1);
  });

  it('adds the learned shift', () => {
    expect(decisionConfidence(0, 0.8, 0.15)).toBe(0.57); // 0.1 + 0.32 + 0.15
    expect(decisionConfidence(0.05, 0.5, -0.15)).toBe(0.35); // 0.1 + 0.2 + 0.2 − 0.15
  });

  it('never exceeds 0.99 nor falls below 0', () => {
    expect(decisionConfidence(1, 0.99, 0.2)).toBe(0.99); // 0.1 + 0.5 + 0.396 + 0.2 = 1.196
    expect(decisionConfidence(0, 0, -0.1)).toBe(0); // 0.1 − 0.1
    expect(decisionConfidence(0, 0, -0.2)).toBe(0);
  });

  it('rounds to four decimals', () => {
    expect(decisionConfidence(0.0123456, 0, 0)).toBe(0.1494); // 0.1 + 0.0493824
  });
});

describe('decide: the score gap behind the confidence', () => {
  const strong = [hypothesis('issuer_degradation', 0.8)]; // 0.4 × 0.8 = 0.32
  const retryPolicy = planned('adjust_retry_policy', {
    successRateChange: 0.04,
    costImpact: 0.1,
    riskLevel: 0.3,
  });

  it('is decisive when the remedy leads every rival by more than 0.125', () => {
    // Shift 0.8016 against do nothing 0.65: 4 × 0.1516 is capped at 0.5 → 0.1 + 0.5 + 0.32.
    const { decision } = decideOn(
      [
        planned('shift_traffic', CLEAR_SHIFT),
        planned('send_notification', NOTIFY),
        planned('do_nothing'),
      ],
      strong,
    );
    expect(decision.confidenceInDecision).toBe(0.92);
  });

  it('falls with a close rival of another remedy family, measured against the best rival', () => {
    // Retry policy: success σ(1.6) = 0.83202, so 0.33281 + 0.15 + 0.16 + 0.07 = 0.7128.
    // Gap 0.8016 − 0.7128 = 0.0888 → 0.1 + 0.3552 + 0.32 = 0.7752 (do nothing's 0.65 is not the rival).
    const { decision, proposals } = decideOn(
      [planned('shift_traffic', CLEAR_SHIFT), planned('do_nothing'), retryPolicy],
      strong,
    );
    expect(proposals[2]!.score).toBe(0.7128);
    expect(decision.confidenceInDecision).toBe(0.7752);
  });

  it('is decisive for a lone proposal, however low its score', () => {
    // Score σ(0)·0.4 + σ(−2)·0.3 = 0.2 + 0.0358 = 0.236: no rival, so the gap term is 0.5. (A
    // shift that promised nothing at all would not be selectable: it keeps a hair of success.)
    const poor = planned('shift_traffic', {
      successRateChange: 0.000001,
      latencyImpact: 550,
      costImpact: 0.5,
      riskLevel: 1,
    });
    const { decision } = decideOn([poor], strong);
    expect(decision.score).toBe(0.2358);
    expect(decision.confidenceInDecision).toBe(0.92);
  });

  it('treats a choice within one remedy family as tuning, not doubt', () => {
    const disable = planned(
      'disable_route',
      { ...CLEAR_SHIFT, riskLevel: 0.8 },
      { reversible: false },
    );
    const routing = decideOn([planned('shift_traffic', CLEAR_SHIFT), disable], strong);
    expect(routing.decision.score - routing.proposals[1]!.score!).toBeCloseTo(0.05, 9);
    expect(routing.decision.confidenceInDecision).toBe(0.92); // not 0.1 + 0.2 + 0.32

    const near = { ...CLEAR_SHIFT, riskLevel: 0.4 }; // 0.01 below the selected retry policy
    const retries = decideOn(
      [
        planned('adjust_retry_policy', CLEAR_SHIFT),
        planned('implement_backoff', near),
        planned('rate_limit', near),
      ],
      strong,
    );
    expect(retries.decision.selectedAction.type).toBe('adjust_retry_policy');
    expect(retries.decision.confidenceInDecision).toBe(0.92); // not 0.1 + 0.04 + 0.32

    // Notifying and doing nothing are one family: 0.65 against 0.645.
    const passive = decideOn([planned('do_nothing'), planned('send_notification', NOTIFY)], strong);
    expect(passive.decision.selectedAction.type).toBe('do_nothing');
    expect(passive.decision.confidenceInDecision).toBe(0.92); // not 0.1 + 0.02 + 0.32
  });

  it('ignores a blocked rival, however high it scores', () => {
    // Rate limit for retry_storm scores 0.8328 but has no hypothesis, so it may not be chosen.
    const blocked = planned(
      'rate_limit',
      { successRateChange: 0.1, riskLevel: 0.1 },
      { pattern: 'retry_storm' },
    );
    const { decision, proposals } = decideOn(
      [planned('shift_traffic', CLEAR_SHIFT), blocked, retryPolicy],
      strong,
    );
    expect(proposals[1]!.score).toBe(0.8328);
    expect(decision.confidenceInDecision).toBe(0.7752);
  });

  describe('rivals that promise nothing', () => {
    // A modest shift: success σ(0.4) = 0.59869, so 0.23948 + 0.15 + 0.2 + 0.09 = 0.6795.
    const modest = planned('shift_traffic', { successRateChange: 0.01, riskLevel: 0.1 });

    it('counts doing nothing as a rival although it promises nothing', () => {
      // Gap 0.6795 − 0.65 = 0.0295 → 0.1 + 0.118 + 0.32.
      const { decision } = decideOn([modest, planned('do_nothing')], strong);
      expect(decision.confidenceInDecision).toBe(0.538);
    });

    it('does not count an active action that promises neither success nor speed', () => {
      const idle = planned('implement_backoff', NOTIFY); // 0.645, but changes nothing
      const { decision } = decideOn([modest, idle], strong);
      expect(decision.confidenceInDecision).toBe(0.92);
    });

    it('counts an active action that promises a little more success', () => {
      // Success σ(0.04) = 0.51000 → 0.204 + 0.15 + 0.2 + 0.095 = 0.649; gap 0.0305 → 0.122.
      const slight = planned('implement_backoff', { ...NOTIFY, successRateChange: 0.001 });
      const { decision } = decideOn([modest, slight], strong);
      expect(decision.confidenceInDecision).toBe(0.542);
    });

    it('counts an active action that promises a little less latency', () => {
      // Latency σ(2/550) = 0.50091 → 0.2 + 0.15027 + 0.2 + 0.095 = 0.6453; gap 0.0342 → 0.1368.
      const faster = planned('implement_backoff', { ...NOTIFY, latencyImpact: -1 });
      const { decision } = decideOn([modest, faster], strong);
      expect(decision.confidenceInDecision).toBe(0.5568);
    });
  });
});

describe('decide: the hypothesis behind the confidence', () => {
  const lone = [planned('shift_traffic', CLEAR_SHIFT)]; // no rival: 0.1 + 0.5 = 0.6 before the hypothesis

  it('uses the hypothesis of the selected pattern, wherever it stands in the list', () => {
    const { decision } = decideOn(lone, [
      hypothesis('retry_storm', 0.9),
      hypothesis('issuer_degradation', 0.6),
    ]);
    expect(decision.hypothesisId).toBe('hyp_issuer_degradation_0.6');
    expect(decision.confidenceInDecision).toBe(0.84); // 0.6 + 0.4 × 0.6
  });

  it('counts half of the leading hypothesis when none names the selected pattern', () => {
    const quiet = [
      planned('do_nothing', {}, { pattern: 'noise' }),
      planned('send_notification', NOTIFY, { pattern: 'noise' }),
    ];
    const { decision } = decideOn(quiet, [hypothesis('issuer_degradation', 0.6)]);
    expect(decision.pattern).toBe('noise');
    expect(decision.hypothesisId).toBe('hyp_issuer_degradation_0.6');
    expect(decision.confidenceInDecision).toBe(0.72); // 0.6 + 0.4 × 0.6 × 0.5
  });

  it('counts nothing and names no hypothesis when there is none', () => {
    const { decision } = decideOn([planned('do_nothing')], []);
    expect(decision.confidenceInDecision).toBe(0.6);
    expect('hypothesisId' in decision).toBe(false);
  });
});

describe('decide: what experience adds to the confidence', () => {
  const lone = [planned('shift_traffic', CLEAR_SHIFT)];
  const strong = [hypothesis('issuer_degradation', 0.8)]; // 0.6 + 0.32 = 0.92 before experience

  it('adds the weighted past adjustment of the selected action for its pattern', () => {
    // Two outcomes weigh 2 / (2 + 2) = 0.5: ±0.1 × 0.5 and −0.2 × 0.5.
    const up = experience('issuer_degradation', 'shift_traffic', 2, 0.1);
    const down = experience('issuer_degradation', 'shift_traffic', 2, -0.2);
    expect(decideOn(lone, strong, { learning: up }).decision.confidenceInDecision).toBe(0.97);
    expect(decideOn(lone, strong, { learning: down }).decision.confidenceInDecision).toBe(0.82);
  });

  it('ignores experience with another action or another pattern', () => {
    const otherAction = experience('issuer_degradation', 'disable_route', 2, 0.2);
    const otherPattern = experience('processor_outage', 'shift_traffic', 2, 0.2);
    expect(decideOn(lone, strong, { learning: otherAction }).decision.confidenceInDecision).toBe(
      0.92,
    );
    expect(decideOn(lone, strong, { learning: otherPattern }).decision.confidenceInDecision).toBe(
      0.92,
    );
  });

  it('stops at 0.99 however good the experience', () => {
    // Eight outcomes weigh 0.8: 0.92 + 0.8 × 0.2 = 1.08.
    const great = experience('issuer_degradation', 'shift_traffic', 8, 0.2);
    expect(decideOn(lone, strong, { learning: great }).decision.confidenceInDecision).toBe(0.99);
  });
});
