import { describe, expect, it } from 'vitest';
import type {
  Hypothesis,
  LearningContext,
  ReasoningConfig,
  SafetyLimits,
} from '../../../../src/contracts';
import {
  CLEAR_SHIFT,
  NOTIFY,
  decideOn,
  experience,
  hypothesis,
  planned,
} from './decision-fixtures';

// Approval is read only through the decision's output fields. The calm case: a reversible shift
// at risk 0.3, confidence 0.92 (decisive gap, hypothesis 0.8) and one past outcome for the pattern.
const known = experience('issuer_degradation', 'shift_traffic', 2, 0);
const strong = [hypothesis('issuer_degradation', 0.8)];

function approvalOf(
  shift: Partial<typeof CLEAR_SHIFT>,
  options: {
    hypotheses?: Hypothesis[];
    learning?: LearningContext;
    config?: Partial<ReasoningConfig>;
    limits?: Partial<SafetyLimits>;
    reversible?: boolean;
  } = {},
) {
  const proposal = planned(
    'shift_traffic',
    { ...CLEAR_SHIFT, ...shift },
    { reversible: options.reversible ?? true },
  );
  const { decision } = decideOn(
    [proposal, planned('send_notification', NOTIFY), planned('do_nothing')],
    options.hypotheses ?? strong,
    {
      learning: options.learning ?? known,
      config: options.config ?? {},
      ...(options.limits ? { limits: options.limits } : {}),
    },
  );
  expect(decision.selectedAction.type).toBe('shift_traffic');
  return decision;
}

describe('decide: when a human must approve', () => {
  it('needs no approval for a known, confident, reversible, low-risk action', () => {
    const decision = approvalOf({});
    expect(decision.confidenceInDecision).toBe(0.92);
    expect(decision.approvalReasons).toEqual([]);
    expect(decision.requiresHumanApproval).toBe(false);
  });

  it('asks at the high-risk threshold and not just below it', () => {
    const at = approvalOf({ riskLevel: 0.7 });
    expect(at.approvalReasons).toEqual(['High-impact action: risk level 0.70 ≥ 0.70']);
    expect(at.requiresHumanApproval).toBe(true);
    expect(approvalOf({ riskLevel: 0.69 }).approvalReasons).toEqual([]);
    const strict = approvalOf({}, { limits: { approvalRiskThreshold: 0.3 } });
    expect(strict.approvalReasons).toEqual(['High-impact action: risk level 0.30 ≥ 0.30']);
  });

  it('asks for an irreversible action', () => {
    expect(approvalOf({}, { reversible: false }).approvalReasons).toEqual([
      'Irreversible action: it stays in force until undone by hand',
    ]);
  });

  it('asks below the low-confidence threshold and not at it', () => {
    // With a 20 % acting threshold: 0.6 + 0.4 × 0.25 = 0.7 exactly, and 0.6 + 0.4 × 0.24 = 0.696.
    const config = { confidenceThreshold: 0.2 };
    const at = approvalOf({}, { hypotheses: [hypothesis('issuer_degradation', 0.25)], config });
    expect(at.confidenceInDecision).toBe(0.7);
    expect(at.approvalReasons).toEqual([]);
    const below = approvalOf({}, { hypotheses: [hypothesis('issuer_degradation', 0.24)], config });
    expect(below.confidenceInDecision).toBe(0.696);
    expect(below.approvalReasons).toEqual(['Low confidence: 69.6% below 70.0%']);
  });

  it('asks in a novel situation, with no past outcome for the pattern', () => {
    const novel = approvalOf({}, { learning: { totalOutcomes: 0, recentOutcomes: [], stats: [] } });
    expect(novel.approvalReasons).toEqual([
      'Novel situation: no past outcome for pattern issuer_degradation',
    ]);
    const elsewhere = experience('retry_storm', 'shift_traffic', 2, 0);
    expect(approvalOf({}, { learning: elsewhere }).approvalReasons).toEqual([
      'Novel situation: no past outcome for pattern issuer_degradation',
    ]);
  });

  it('asks when the two best distinct hypotheses are within the ambiguity margin', () => {
    const config = { ambiguityMargin: 0.125 };
    const close = approvalOf(
      {},
      {
        hypotheses: [
          hypothesis('retry_storm', 0.625),
          hypothesis('issuer_degradation', 0.75, ['visa']),
        ],
        config,
      },
    );
    expect(close.approvalReasons).toEqual([
      'Ambiguous hypotheses: issuer_degradation (visa) at 75.0% and retry_storm at 62.5% are within 12.5%',
    ]);
    const apart = approvalOf(
      {},
      {
        hypotheses: [
          hypothesis('retry_storm', 0.62),
          hypothesis('issuer_degradation', 0.75, ['visa']),
        ],
        config,
      },
    );
    expect(apart.approvalReasons).toEqual([]);
  });

  it('does not call one cause named twice ambiguous, but does two issuers of one pattern', () => {
    const twice = approvalOf(
      {},
      {
        hypotheses: [
          hypothesis('issuer_degradation', 0.78, ['visa']),
          hypothesis('issuer_degradation', 0.8, ['visa']),
        ],
      },
    );
    expect(twice.approvalReasons).toEqual([]);
    const two = approvalOf(
      {},
      {
        hypotheses: [
          hypothesis('issuer_degradation', 0.78, ['visa']),
          hypothesis('issuer_degradation', 0.8, ['amex', 'discover']),
        ],
      },
    );
    expect(two.approvalReasons).toEqual([
      'Ambiguous hypotheses: issuer_degradation (amex, discover) at 80.0% and issuer_degradation (visa) at 78.0% are within 10.0%',
    ]);
  });

  it('lists every reason that applies, in a fixed order', () => {
    const decision = approvalOf(
      { riskLevel: 0.8 },
      {
        reversible: false,
        learning: { totalOutcomes: 0, recentOutcomes: [], stats: [] },
        hypotheses: [hypothesis('issuer_degradation', 0.55), hypothesis('retry_storm', 0.5)],
      },
    );
    // 0.1 + 0.5 + 0.4 × 0.55 = 0.82 after a decisive gap: risk 0.8 still leads do nothing.
    expect(decision.approvalReasons).toEqual([
      'High-impact action: risk level 0.80 ≥ 0.70',
      'Irreversible action: it stays in force until undone by hand',
      'Novel situation: no past outcome for pattern issuer_degradation',
      'Ambiguous hypotheses: issuer_degradation at 55.0% and retry_storm at 50.0% are within 10.0%',
    ]);
  });

  it('never asks before doing nothing or notifying: notifications are pre-approved', () => {
    const idle = decideOn([planned('do_nothing'), planned('send_notification', NOTIFY)], []);
    expect(idle.decision.selectedAction.type).toBe('do_nothing');
    expect(idle.decision.confidenceInDecision).toBe(0.6);
    expect(idle.decision.approvalReasons).toEqual([]);
    expect(idle.decision.requiresHumanApproval).toBe(false);
    const notify = decideOn([planned('send_notification', {})], []);
    expect(notify.decision.approvalReasons).toEqual([]);
    expect(notify.decision.requiresHumanApproval).toBe(false);
  });
});
