import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASONING_CONFIG,
  DEFAULT_SAFETY_LIMITS,
  type HumanApproval,
  type Hypothesis,
} from '../../../../src/contracts';
import {
  approvalReasons,
  decisionAsks,
  humanRejection,
  irreversibleNeedsApproval,
  riskNeedsApproval,
  type ApprovalReasonInput,
  type RuleContext,
} from '../../../../src/domain/safety';

/** The parts of a rule context the approval rules read. */
function context(parts: {
  decision?: unknown;
  action?: unknown;
  human?: HumanApproval | null;
}): RuleContext {
  return {
    decision: parts.decision ?? {},
    action: parts.action ?? {},
    human: parts.human ?? null,
    limits: DEFAULT_SAFETY_LIMITS,
  } as unknown as RuleContext;
}

describe('humanRejection wording', () => {
  it('says only that a human rejected it when the answer names nobody and gives no note', () => {
    const ctx = context({ human: { approved: false, at: 1 } });
    expect(humanRejection(ctx)).toEqual([
      { rule: 'human_approval', message: 'Rejected by a human' },
    ]);
  });

  it('names who rejected it and why', () => {
    const ctx = context({ human: { approved: false, at: 1, by: 'ana', note: 'too risky' } });
    expect(humanRejection(ctx)[0]?.message).toBe('Rejected by a human (ana): too risky');
  });
});

describe('decisionAsks wording', () => {
  it('gives no parenthesis when the decision asks with an empty list of reasons', () => {
    const ctx = context({ decision: { requiresHumanApproval: true, approvalReasons: [] } });
    expect(decisionAsks(ctx)).toEqual([
      { rule: 'human_approval', message: 'Human approval required: the decision asks for it' },
    ]);
  });

  it('gives no parenthesis when the decision asks without reasons', () => {
    const ctx = context({ decision: { requiresHumanApproval: true } });
    expect(decisionAsks(ctx)[0]?.message).toBe('Human approval required: the decision asks for it');
  });

  it('quotes at most the first three reasons, separated by semicolons', () => {
    const ctx = context({
      decision: { requiresHumanApproval: true, approvalReasons: ['a', 'b', 'c', 'd'] },
    });
    expect(decisionAsks(ctx)[0]?.message).toBe(
      'Human approval required: the decision asks for it (a; b; c)',
    );
  });

  it('describes a reason that is not text instead of printing it', () => {
    const ctx = context({
      decision: { requiresHumanApproval: true, approvalReasons: [{ x: 1 }, 'risky'] },
    });
    expect(decisionAsks(ctx)[0]?.message).toBe(
      'Human approval required: the decision asks for it (a object; risky)',
    );
  });

  it('asks a human when the decision does not say whether it needs one', () => {
    expect(decisionAsks(context({ decision: {} }))[0]?.message).toBe(
      'Human approval required: the decision does not say whether it needs one (got nothing)',
    );
    expect(decisionAsks(context({ decision: { requiresHumanApproval: 'yes' } }))[0]?.message).toBe(
      'Human approval required: the decision does not say whether it needs one (got "yes")',
    );
  });
});

describe('riskNeedsApproval wording', () => {
  it('asks a human when the risk level is missing', () => {
    const ctx = context({ action: { estimatedImpact: {} } });
    expect(riskNeedsApproval(ctx)).toEqual([
      {
        rule: 'human_approval',
        message: 'Human approval required: the risk level is unknown (got nothing)',
      },
    ]);
  });

  it('asks a human when the risk level is not a finite number', () => {
    const ctx = context({ action: { estimatedImpact: { riskLevel: Number.NaN } } });
    expect(riskNeedsApproval(ctx)[0]?.message).toBe(
      'Human approval required: the risk level is unknown (got NaN)',
    );
  });
});

describe('irreversibleNeedsApproval', () => {
  it('names its own rule, which a human approval satisfies', () => {
    const ctx = context({ action: { reversible: false } });
    expect(irreversibleNeedsApproval(ctx)).toEqual([
      {
        rule: 'irreversible_needs_approval',
        message: 'Human approval required: the action cannot be undone (reversible is not true)',
      },
    ]);
  });
});

function hypothesis(
  pattern: Hypothesis['pattern'],
  confidence: number,
  issuerIds?: string[],
): Hypothesis {
  return {
    id: `h_${pattern}_${confidence}`,
    pattern,
    rootCause: 'test',
    evidence: [],
    suggestedActions: [],
    confidence,
    source: 'template',
    ...(issuerIds ? { issuerIds } : {}),
  };
}

/** A decision that needs no human except for what its hypotheses say. */
function reasons(
  hypotheses: Hypothesis[],
  config: ApprovalReasonInput['config'] = DEFAULT_REASONING_CONFIG,
): string[] {
  return approvalReasons({
    action: {
      type: 'shift_traffic',
      reversible: true,
      estimatedImpact: { successRateChange: 0.02, latencyImpact: 0, costImpact: 0, riskLevel: 0.2 },
    },
    confidence: 0.8,
    pattern: 'issuer_degradation',
    hasPastOutcome: true,
    hypotheses,
    config,
  });
}

describe('approvalReasons on ambiguous hypotheses', () => {
  it('compares the two most confident causes, whatever order they come in', () => {
    const result = reasons([
      hypothesis('retry_storm', 0.5),
      hypothesis('issuer_degradation', 0.9, ['visa']),
      hypothesis('latency_spike', 0.85),
    ]);
    expect(result).toEqual([
      'Ambiguous hypotheses: issuer_degradation (visa) at 90.0% and latency_spike at 85.0% are within 10.0%',
    ]);
  });

  it('finds no ambiguity in a clear lead, whatever order the hypotheses come in', () => {
    expect(
      reasons([hypothesis('retry_storm', 0.5), hypothesis('issuer_degradation', 0.9)]),
    ).toEqual([]);
    expect(
      reasons([
        hypothesis('retry_storm', 0.3),
        hypothesis('latency_spike', 0.5),
        hypothesis('issuer_degradation', 0.9),
      ]),
    ).toEqual([]);
  });

  it('calls a gap of exactly the ambiguity margin ambiguous', () => {
    // 0.75 − 0.5 = 0.25 exactly, the margin set.
    const config = { ...DEFAULT_REASONING_CONFIG, ambiguityMargin: 0.25 };
    const result = reasons(
      [hypothesis('issuer_degradation', 0.75), hypothesis('retry_storm', 0.5)],
      config,
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(
      /^Ambiguous hypotheses: issuer_degradation at 75\.0% and retry_storm/,
    );
  });

  it('treats an empty issuer list as naming no issuer: the same cause', () => {
    expect(
      reasons([hypothesis('issuer_degradation', 0.9, []), hypothesis('issuer_degradation', 0.85)]),
    ).toEqual([]);
  });

  it('tells issuer lists apart by their issuers, not by their letters', () => {
    const result = reasons([
      hypothesis('issuer_degradation', 0.9, ['ab', 'c']),
      hypothesis('issuer_degradation', 0.85, ['a', 'bc']),
    ]);
    expect(result).toEqual([
      'Ambiguous hypotheses: issuer_degradation (ab, c) at 90.0% and issuer_degradation (a, bc) at 85.0% are within 10.0%',
    ]);
  });

  it('finds no ambiguity without hypotheses or with a single one', () => {
    expect(reasons([])).toEqual([]);
    expect(reasons([hypothesis('issuer_degradation', 0.9)])).toEqual([]);
  });
});
