import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  type Hypothesis,
} from '../../../../src/contracts';
import {
  APPROVAL_RULES,
  approvalReasons,
  approvalTier,
  resolveApprovalSettings,
  type ApprovalReasonInput,
} from '../../../../src/domain/safety';

function hypothesis(pattern: Hypothesis['pattern'], confidence: number): Hypothesis {
  return {
    id: `h_${pattern}_${confidence}`,
    pattern,
    rootCause: 'test',
    evidence: [],
    suggestedActions: [],
    confidence,
    source: 'template',
  };
}

/** A decision that needs no human: low risk, reversible, confident, known, unambiguous. */
function reasons(overrides: Partial<ApprovalReasonInput> = {}): string[] {
  return approvalReasons({
    action: {
      type: 'shift_traffic',
      reversible: true,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel: 0.2 },
    },
    confidence: 0.8,
    pattern: 'issuer_degradation',
    hasPastOutcome: true,
    hypotheses: [hypothesis('issuer_degradation', 0.9), hypothesis('retry_storm', 0.5)],
    config: DEFAULT_REASONING_CONFIG,
    ...overrides,
  });
}

function withRisk(riskLevel: number): Partial<ApprovalReasonInput> {
  return {
    action: {
      type: 'shift_traffic',
      reversible: true,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel },
    },
  };
}

describe('approvalReasons', () => {
  it('asks nothing of a low-risk, reversible, confident, known and unambiguous decision', () => {
    expect(reasons()).toEqual([]);
  });

  it('asks from a risk of exactly the approval threshold (70 %), not just below it', () => {
    expect(DEFAULT_SAFETY_LIMITS.approvalRiskThreshold).toBe(0.7);
    expect(reasons(withRisk(0.7))).toEqual(['High-impact action: risk level 0.70 ≥ 0.70']);
    expect(reasons(withRisk(0.6999))).toEqual([]);
  });

  it('reads the one risk threshold from the limits in force, never a looser one', () => {
    const stricter = { ...DEFAULT_SAFETY_LIMITS, approvalRiskThreshold: 0.4 };
    expect(reasons({ ...withRisk(0.45), limits: stricter })).toEqual([
      'High-impact action: risk level 0.45 ≥ 0.40',
    ]);
    const looser = { ...DEFAULT_SAFETY_LIMITS, approvalRiskThreshold: 0.95 };
    expect(reasons({ ...withRisk(0.8), limits: looser })).toEqual([
      'High-impact action: risk level 0.80 ≥ 0.70',
    ]);
  });

  it('asks below 70 % confidence, not at 70 %', () => {
    expect(reasons({ confidence: 0.69 })).toEqual(['Low confidence: 69.0% below 70.0%']);
    expect(reasons({ confidence: 0.7 })).toEqual([]);
  });

  it('still asks about a 69 % decision when the setting says 0 (settings may only be stricter)', () => {
    const config = { ...DEFAULT_REASONING_CONFIG, lowConfidenceThreshold: 0 };
    expect(reasons({ confidence: 0.69, config })).toEqual(['Low confidence: 69.0% below 70.0%']);
    const stricter = { ...DEFAULT_REASONING_CONFIG, lowConfidenceThreshold: 0.9 };
    expect(reasons({ confidence: 0.85, config: stricter })).toEqual([
      'Low confidence: 85.0% below 90.0%',
    ]);
  });

  it('asks about irreversible actions and novel situations', () => {
    expect(
      reasons({
        action: {
          type: 'disable_route',
          reversible: false,
          estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0 },
        },
      }),
    ).toEqual(['Irreversible action: it stays in force until undone by hand']);
    expect(reasons({ hasPastOutcome: false })).toEqual([
      'Novel situation: no past outcome for pattern issuer_degradation',
    ]);
  });

  it('calls two causes within the 10-point margin ambiguous, and 11 points apart not', () => {
    const close = [hypothesis('issuer_degradation', 0.75), hypothesis('retry_storm', 0.65)];
    expect(reasons({ hypotheses: close })).toEqual([
      'Ambiguous hypotheses: issuer_degradation at 75.0% and retry_storm at 65.0% are within 10.0%',
    ]);
    const apart = [hypothesis('issuer_degradation', 0.76), hypothesis('retry_storm', 0.65)];
    expect(reasons({ hypotheses: apart })).toEqual([]);
    // The same cause twice is no ambiguity.
    const same = [hypothesis('retry_storm', 0.8), hypothesis('retry_storm', 0.79)];
    expect(reasons({ hypotheses: same })).toEqual([]);
  });

  it('never asks about doing nothing', () => {
    expect(
      reasons({
        action: {
          type: 'do_nothing',
          reversible: false,
          estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 1 },
        },
        confidence: 0.1,
        hasPastOutcome: false,
      }),
    ).toEqual([]);
  });
});

describe('resolveApprovalSettings', () => {
  it('refuses 0 for the confidence below which a human decides, and says why', () => {
    const { settings, fieldProblems } = resolveApprovalSettings({ lowConfidenceThreshold: 0 });
    expect(settings.lowConfidenceThreshold).toBe(0.7);
    expect(fieldProblems).toEqual([
      {
        field: 'lowConfidenceThreshold',
        message:
          'lowConfidenceThreshold = 0 would ask a human less often; it stays 0.7 (approval settings may only be made stricter).',
      },
    ]);
  });

  it('accepts the default and anything stricter, and refuses a narrower ambiguity margin', () => {
    expect(resolveApprovalSettings({ lowConfidenceThreshold: 0.7 }).fieldProblems).toEqual([]);
    expect(resolveApprovalSettings({ lowConfidenceThreshold: 0.85 }).settings).toEqual({
      lowConfidenceThreshold: 0.85,
      ambiguityMargin: 0.1,
    });
    const narrow = resolveApprovalSettings({ ambiguityMargin: 0.05 });
    expect(narrow.settings.ambiguityMargin).toBe(0.1);
    expect(narrow.fieldProblems[0]?.field).toBe('ambiguityMargin');
    expect(resolveApprovalSettings({ ambiguityMargin: 0.2 }).settings.ambiguityMargin).toBe(0.2);
  });

  it('refuses a value that is not a probability, naming the field', () => {
    const { fieldProblems } = resolveApprovalSettings({ lowConfidenceThreshold: 'high' });
    expect(fieldProblems[0]?.field).toBe('lowConfidenceThreshold');
    expect(fieldProblems[0]?.message).toMatch(/^lowConfidenceThreshold = "high" refused/);
    expect(resolveApprovalSettings(undefined).fieldProblems).toEqual([]);
  });
});

describe('approvalTier', () => {
  it('pre-approves a decision with no violation', () => {
    expect(approvalTier([])).toBe('pre_approved');
  });

  it('asks a human when only approval rules failed', () => {
    expect(APPROVAL_RULES).toEqual(['human_approval', 'irreversible_needs_approval']);
    expect(
      approvalTier([{ rule: 'human_approval' }, { rule: 'irreversible_needs_approval' }]),
    ).toBe('asks_human');
  });

  it('blocks when any hard limit failed, even beside approval rules', () => {
    expect(approvalTier([{ rule: 'human_approval' }, { rule: 'min_confidence' }])).toBe('blocked');
    expect(approvalTier([{ rule: 'max_traffic_shift' }])).toBe('blocked');
  });
});
