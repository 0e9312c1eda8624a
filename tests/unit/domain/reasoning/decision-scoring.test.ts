import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG as CONFIG } from '../../../../src/contracts';
import {
  compositeScore,
  scoreParts,
  scoreScale,
  type ScoreScale,
} from '../../../../src/domain/reasoning/decision-score';
import { CLEAR_SHIFT, NOTIFY, NOW, decideOn, hypothesis, planned } from './decision-fixtures';
import { makeSnapshot } from './snapshots';

// Expected values are derived by hand: 0.5 + 0.5·tanh(x) = σ(2x) with σ(x) = 1 / (1 + e^−x), so
// σ(2) = 0.8807970779778823, σ(1) = 0.7310585786300049, σ(−1) = 0.2689414213699951 and
// σ(−2) = 0.11920292202211755.
const SCALE: ScoreScale = { success: 0.05, latency: 550 };
const impact = (i: Partial<typeof CLEAR_SHIFT>) => ({
  estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0, ...i },
});

describe('scoreScale', () => {
  it('judges success against five points and latency against the baseline p99', () => {
    expect(scoreScale(makeSnapshot({ p99: 900 }), makeSnapshot({ p99: 550 }))).toEqual({
      success: 0.05,
      latency: 550,
    });
  });

  it('keeps the latency scale at 1 ms at least, so a zero baseline p99 cannot divide by zero', () => {
    const withP99 = (p99: number) => ({ ...makeSnapshot(), latency: { p50: p99, p95: p99, p99 } });
    expect(scoreScale(makeSnapshot(), withP99(0)).latency).toBe(1);
    expect(scoreScale(makeSnapshot(), withP99(0.5)).latency).toBe(1);
    expect(scoreScale(makeSnapshot(), withP99(2)).latency).toBe(2);
  });
});

describe('scoreParts', () => {
  it('scores a clear remedy by hand: σ(2) on success, σ(1) on latency, 0.8 on cost, 0.7 on risk', () => {
    const parts = scoreParts(impact(CLEAR_SHIFT), SCALE);
    expect(parts.success).toBeCloseTo(0.8807970779778823, 12);
    expect(parts.latency).toBeCloseTo(0.7310585786300049, 12);
    expect(parts.cost).toBeCloseTo(0.8, 12);
    expect(parts.risk).toBeCloseTo(0.7, 12);
  });

  it('gives 0.5 for no change in success or latency and full marks for no cost or risk', () => {
    expect(scoreParts(impact({}), SCALE)).toEqual({ success: 0.5, latency: 0.5, cost: 1, risk: 1 });
  });

  it('scores losses below 0.5: σ(−2) for −5 points, σ(−1) for +275 ms on a 550 ms scale', () => {
    const parts = scoreParts(
      impact({ successRateChange: -0.05, latencyImpact: 275, costImpact: 0.25, riskLevel: 1 }),
      SCALE,
    );
    expect(parts.success).toBeCloseTo(0.11920292202211755, 12);
    expect(parts.latency).toBeCloseTo(0.2689414213699951, 12);
    expect(parts.cost).toBeCloseTo(0.5, 12); // 1 − 0.25 / 0.5
    expect(parts.risk).toBe(0);
  });

  it('scores cost zero at a 50 % increase and never below zero beyond it', () => {
    expect(scoreParts(impact({ costImpact: 0.4 }), SCALE).cost).toBeCloseTo(0.2, 12);
    expect(scoreParts(impact({ costImpact: 0.5 }), SCALE).cost).toBe(0);
    expect(scoreParts(impact({ costImpact: 0.75 }), SCALE).cost).toBe(0);
  });

  it('normalises by the scale it is given', () => {
    const half = scoreParts(impact({ successRateChange: 0.025, latencyImpact: -275 }), {
      success: 0.025,
      latency: 275,
    });
    expect(half.success).toBeCloseTo(0.8807970779778823, 12); // 0.025 / 0.025 = 1 → σ(2)
    expect(half.latency).toBeCloseTo(0.8807970779778823, 12); // −275 / 275 = −1 → σ(2)
    const full = scoreParts(impact({ successRateChange: 0.025 }), SCALE);
    expect(full.success).toBeCloseTo(0.7310585786300049, 12); // 0.025 / 0.05 → σ(1)
  });

  it('still ranks two large gains by size instead of clamping both to 1', () => {
    const big = scoreParts(impact({ successRateChange: 0.3 }), SCALE).success; // σ(12)
    const bigger = scoreParts(impact({ successRateChange: 0.2 }), SCALE).success; // σ(8)
    expect(big).toBeCloseTo(0.9999938558253978, 12);
    expect(bigger).toBeCloseTo(0.9996646498695336, 12);
  });
});

describe('compositeScore', () => {
  const parts = { success: 0.9, latency: 0.6, cost: 0.8, risk: 0.7 };

  it('weighs success 40 %, latency 30 %, cost 20 % and risk 10 % by default', () => {
    // 0.4·0.9 + 0.3·0.6 + 0.2·0.8 + 0.1·0.7 = 0.36 + 0.18 + 0.16 + 0.07
    expect(compositeScore(parts, CONFIG)).toBeCloseTo(0.77, 12);
  });

  it('uses the configured weights', () => {
    const weights = { successRate: 0.1, latency: 0.2, cost: 0.3, risk: 0.4 };
    // 0.1·0.9 + 0.2·0.6 + 0.3·0.8 + 0.4·0.7 = 0.09 + 0.12 + 0.24 + 0.28
    expect(compositeScore(parts, { ...CONFIG, weights })).toBeCloseTo(0.73, 12);
  });

  it('caps the score at 1 when weights add up to more than 1', () => {
    const weights = { successRate: 1, latency: 1, cost: 1, risk: 1 };
    expect(compositeScore(parts, { ...CONFIG, weights })).toBe(1);
  });
});

describe('decide: ranking and rejections', () => {
  const hyps = [hypothesis('issuer_degradation', 0.8)];

  it('selects the highest score and keeps every proposal’s score in planning order', () => {
    const { decision, proposals } = decideOn(
      [
        planned('send_notification', NOTIFY),
        planned('shift_traffic', CLEAR_SHIFT),
        planned('do_nothing'),
      ],
      hyps,
    );
    // Scores by hand: notification 0.645, shift 0.80164 → 0.8016, do nothing 0.65.
    expect(proposals.map((p) => p.score)).toEqual([0.645, 0.8016, 0.65]);
    expect(decision.selectedAction).toMatchObject({ id: 'action_shift_traffic', score: 0.8016 });
    expect(decision.score).toBe(0.8016);
    expect(decision.decidedAt).toBe(NOW);
    expect(decision.pattern).toBe('issuer_degradation');
    expect(decision.hypothesisId).toBe('hyp_issuer_degradation_0.8');
    expect(decision.rejectedActions).toEqual([
      {
        actionId: 'action_send_notification',
        type: 'send_notification',
        score: 0.645,
        // Gaps: success 0.4·(0.8808 − 0.5) = 0.152, latency 0.3·(0.7311 − 0.5) = 0.069; cost
        // and risk favour the notification.
        reason: 'lower score, mainly estimated success +0.00% vs +5.00%; p99 0 ms vs -275 ms',
        comparedToSelected: 'score 0.645 vs 0.802 for shift_traffic (-0.157)',
      },
      {
        actionId: 'action_do_nothing',
        type: 'do_nothing',
        score: 0.65,
        reason: 'lower score, mainly estimated success +0.00% vs +5.00%; p99 0 ms vs -275 ms',
        comparedToSelected: 'score 0.650 vs 0.802 for shift_traffic (-0.152)',
      },
    ]);
  });

  it('names only the criteria where the rejected action is worse', () => {
    // Same as the shift but +275 ms: only latency differs, 0.3·(0.7311 − 0.2689) = 0.139.
    const slower = planned('adjust_timeout', { ...CLEAR_SHIFT, latencyImpact: 275 });
    const { decision } = decideOn([planned('shift_traffic', CLEAR_SHIFT), slower], hyps);
    expect(decision.rejectedActions[0]).toMatchObject({
      score: 0.663, // 0.35232 + 0.3·0.26894 + 0.16 + 0.07 = 0.66300
      reason: 'lower score, mainly p99 275 ms vs -275 ms',
    });
  });

  it('signs a worse success estimate with a minus', () => {
    // Same as the shift but −5 points: only success differs, 0.4·(0.8808 − 0.1192) = 0.305.
    const losing = planned('adjust_retry_policy', { ...CLEAR_SHIFT, successRateChange: -0.05 });
    const { decision } = decideOn([planned('shift_traffic', CLEAR_SHIFT), losing], hyps);
    expect(decision.rejectedActions[0]).toMatchObject({
      score: 0.497, // 0.4·0.11920 + 0.21932 + 0.16 + 0.07 = 0.49700
      reason: 'lower score, mainly estimated success -5.00% vs +5.00%',
    });
  });

  it('names the two largest weighted gaps, largest first', () => {
    // Gaps: cost 0.2·(0.8 − 0.4) = 0.08, latency 0.3·(0.7311 − 0.5) = 0.069,
    // success 0.4·(0.8808 − 0.7311) = 0.060, risk 0.1·(0.7 − 0.5) = 0.02.
    const costly = planned('rate_limit', {
      successRateChange: 0.025,
      costImpact: 0.3,
      riskLevel: 0.5,
    });
    const { decision } = decideOn([planned('shift_traffic', CLEAR_SHIFT), costly], hyps);
    expect(decision.rejectedActions[0]).toMatchObject({
      score: 0.5724, // 0.4·0.73106 + 0.15 + 0.08 + 0.05 = 0.57242
      reason: 'lower score, mainly cost 30.0% vs 10.0%; p99 0 ms vs -275 ms',
    });
  });

  it('explains a riskier copy of the selected action by its risk', () => {
    const risky = planned('shift_traffic', { ...CLEAR_SHIFT, riskLevel: 0.9 }, { id: 'risky' });
    const { decision } = decideOn([risky, planned('shift_traffic', CLEAR_SHIFT)], hyps);
    expect(decision.selectedAction.id).toBe('action_shift_traffic');
    expect(decision.rejectedActions[0]).toMatchObject({
      score: 0.7416, // 0.80164 − 0.1·(0.7 − 0.1)
      reason: 'lower score, mainly risk 0.90 vs 0.30',
    });
  });

  it('gives an exact tie to the first planned proposal and says it scores no better', () => {
    const a = planned('shift_traffic', CLEAR_SHIFT, { id: 'first' });
    const b = planned('shift_traffic', CLEAR_SHIFT, { id: 'second' });
    const { decision } = decideOn([a, b], hyps);
    expect(decision.selectedAction.id).toBe('first');
    expect(decision.rejectedActions).toEqual([
      {
        actionId: 'second',
        type: 'shift_traffic',
        score: 0.8016,
        reason: 'scores no better than the selected action',
        comparedToSelected: 'score 0.802 vs 0.802 for shift_traffic (+0.000)',
      },
    ]);
  });

  it('gives a tie in score to the lower risk, whichever was planned first', () => {
    // Both score 0.83164: A 0.2·0.9 + 0.1·0.8 = 0.26 and B 0.2·1 + 0.1·0.6 = 0.26 on cost and risk.
    const safer = planned(
      'shift_traffic',
      { ...CLEAR_SHIFT, costImpact: 0.05, riskLevel: 0.2 },
      { id: 'safer' },
    );
    const bolder = planned(
      'shift_traffic',
      { ...CLEAR_SHIFT, costImpact: 0, riskLevel: 0.4 },
      { id: 'bolder' },
    );
    for (const order of [
      [safer, bolder],
      [bolder, safer],
    ]) {
      const { decision } = decideOn(order, hyps);
      expect(decision.selectedAction.id).toBe('safer');
      expect(decision.score).toBe(0.8316);
      expect(decision.rejectedActions[0]!.comparedToSelected).toBe(
        'score 0.832 vs 0.832 for shift_traffic (+0.000)',
      );
    }
  });
});

describe('decide: the hypothesis confidence an active action needs', () => {
  const options = [
    planned('send_notification', NOTIFY),
    planned('shift_traffic', CLEAR_SHIFT),
    planned('do_nothing'),
  ];

  it('allows an active action whose hypothesis is exactly at the 50 % threshold', () => {
    const { decision } = decideOn(options, [hypothesis('issuer_degradation', 0.5)]);
    expect(decision.selectedAction.type).toBe('shift_traffic');
  });

  it('blocks it just below the threshold and explains the block', () => {
    const { decision } = decideOn(options, [hypothesis('issuer_degradation', 0.49)]);
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.rejectedActions.find((r) => r.type === 'shift_traffic')).toEqual({
      actionId: 'action_shift_traffic',
      type: 'shift_traffic',
      score: 0.8016,
      reason: 'hypothesis confidence 49.0% for issuer_degradation is below the 50.0% needed to act',
      comparedToSelected: 'score 0.802 vs 0.650 for do_nothing (+0.152)',
    });
  });

  it('blocks an active action whose pattern has no hypothesis at all', () => {
    const retry = planned('adjust_retry_policy', CLEAR_SHIFT, { pattern: 'retry_storm' });
    const { decision } = decideOn(
      [retry, planned('do_nothing')],
      [hypothesis('issuer_degradation', 0.9)],
    );
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.rejectedActions[0]!.reason).toBe(
      'hypothesis confidence 0.0% for retry_storm is below the 50.0% needed to act',
    );
  });

  it('follows a stricter configured threshold', () => {
    const { decision } = decideOn(options, [hypothesis('issuer_degradation', 0.8)], {
      config: { confidenceThreshold: 0.9 },
    });
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.rejectedActions[1]!.reason).toBe(
      'hypothesis confidence 80.0% for issuer_degradation is below the 90.0% needed to act',
    );
  });

  it('always allows notifying and doing nothing, even without any hypothesis', () => {
    const { decision } = decideOn(
      [planned('send_notification', NOTIFY), planned('do_nothing')],
      [],
    );
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.rejectedActions[0]!.reason).toMatch(/^lower score/);
  });

  it('refuses to decide when every proposal is blocked', () => {
    expect(() => decideOn([planned('shift_traffic', CLEAR_SHIFT)], [])).toThrow(
      'the planner proposed nothing that may be selected',
    );
  });
});
