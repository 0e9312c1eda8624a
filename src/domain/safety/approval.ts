/**
 * When a human decides: the approval rules the guardrails apply (the only rules a human approval
 * satisfies), the reasons a decision gives for asking, and the tier a checked decision falls in.
 * The risk threshold is one number, SafetyLimits.approvalRiskThreshold, for both.
 */
import {
  DEFAULT_SAFETY_LIMITS,
  type ActionProposal,
  type GuardrailRule,
  type Hypothesis,
  type ReasoningConfig,
  type SafetyLimits,
  type Violation,
} from '../../contracts';
import { quote } from '../execution/safe-input';
import { formatPercent } from '../percent';
import { effectiveLimits, resolveApprovalSettings } from './limits';
import type { RuleContext } from './rule-context';
import type { SafetyRule } from './rules';
import { clip, isFiniteNumber, own, percent } from './wording';

/** Rules a human approval satisfies; every other rule is a hard limit. */
export const APPROVAL_RULES: readonly GuardrailRule[] = [
  'human_approval',
  'irreversible_needs_approval',
];

/**
 * Whether the approval rules are met without asking: a human approved (a parsed answer that says
 * yes), or the action is a notification, which only tells people and is pre-approved.
 */
function approvedByHuman(ctx: RuleContext): boolean {
  return ctx.human?.approved === true || ctx.type === 'send_notification';
}

/** A human's rejection always blocks. */
export const humanRejection: SafetyRule = (ctx) => {
  if (ctx.human === null || ctx.human.approved) return [];
  const by = ctx.human.by ? ` (${clip(ctx.human.by, 60)})` : '';
  const note = ctx.human.note ? `: ${clip(ctx.human.note, 200)}` : '';
  return [{ rule: 'human_approval', message: clip(`Rejected by a human${by}${note}`) }];
};

/** A decision that asks for a human (or does not say) waits for one. */
export const decisionAsks: SafetyRule = (ctx) => {
  if (approvedByHuman(ctx)) return [];
  const asks = own(ctx.decision, 'requiresHumanApproval');
  if (asks === false) return [];
  const reasons = own(ctx.decision, 'approvalReasons');
  const why =
    Array.isArray(reasons) && reasons.length > 0
      ? ` (${reasons
          .slice(0, 3)
          .map((r) => (typeof r === 'string' ? clip(r, 200) : quote(r)))
          .join('; ')})`
      : '';
  const message =
    asks === true
      ? `Human approval required: the decision asks for it${why}`
      : `Human approval required: the decision does not say whether it needs one (got ${quote(asks)})`;
  return [{ rule: 'human_approval', message: clip(message) }];
};

/** Risk at or above approvalRiskThreshold (or unknown) waits for a human. */
export const riskNeedsApproval: SafetyRule = (ctx) => {
  if (approvedByHuman(ctx)) return [];
  const risk = own(own(ctx.action, 'estimatedImpact'), 'riskLevel');
  if (!isFiniteNumber(risk)) {
    return [
      {
        rule: 'human_approval',
        message: `Human approval required: the risk level is unknown (got ${quote(risk)})`,
      },
    ];
  }
  if (risk < ctx.limits.approvalRiskThreshold) return [];
  return [
    {
      rule: 'human_approval',
      message: `Human approval required: risk ${percent(risk)} at or above the threshold ${percent(ctx.limits.approvalRiskThreshold)}`,
    },
  ];
};

/** An action that cannot be undone waits for a human. */
export const irreversibleNeedsApproval: SafetyRule = (ctx) =>
  approvedByHuman(ctx) || own(ctx.action, 'reversible') === true
    ? []
    : [
        {
          rule: 'irreversible_needs_approval',
          message: 'Human approval required: the action cannot be undone (reversible is not true)',
        },
      ];

/** The approval rules, in the order their findings are reported. */
export const APPROVAL_CHECKS: readonly SafetyRule[] = [
  humanRejection,
  decisionAsks,
  riskNeedsApproval,
  irreversibleNeedsApproval,
];

/** Where a checked decision stands: it may run, it waits for a human, or nothing lets it through. */
export type ApprovalTier = 'pre_approved' | 'asks_human' | 'blocked';

/**
 * The tier of a checked decision from its violations: none is pre-approved; only approval rules
 * ask a human; any hard limit blocks, whatever a human says.
 */
export function approvalTier(violations: readonly Pick<Violation, 'rule'>[]): ApprovalTier {
  if (violations.length === 0) return 'pre_approved';
  return violations.every((v) => APPROVAL_RULES.includes(v.rule)) ? 'asks_human' : 'blocked';
}

/** What the decision's approval reasons read. */
export interface ApprovalReasonInput {
  action: Pick<ActionProposal, 'type' | 'reversible' | 'estimatedImpact'>;
  confidence: number;
  /** The pattern the action answers. */
  pattern: string;
  /** Whether the learning history holds an outcome for that pattern. */
  hasPastOutcome: boolean;
  hypotheses: readonly Hypothesis[];
  /** The reasoning config (its approval settings are held to the seeds' or stricter). */
  config: Pick<ReasoningConfig, 'lowConfidenceThreshold' | 'ambiguityMargin'>;
  /** The limits in force (approvalRiskThreshold is held to the seeds' or stricter). */
  limits?: SafetyLimits;
}

/** The two most confident hypotheses that name different causes (pattern or issuers). */
function distinctTopTwo(hypotheses: readonly Hypothesis[]): [Hypothesis?, Hypothesis?] {
  const sorted = [...hypotheses].sort((a, b) => b.confidence - a.confidence);
  const [first] = sorted;
  const key = (h: Hypothesis) => `${h.pattern}|${(h.issuerIds ?? []).join(',')}`;
  // On an empty list, find never calls back, so both stay undefined.
  const second = sorted.find((h) => key(h) !== key(first));
  return [first, second];
}

function named(h: Hypothesis): string {
  return `${h.pattern}${h.issuerIds ? ` (${h.issuerIds.join(', ')})` : ''}`;
}

/**
 * Why a decision needs a human, one reason per line (none: it may run on its own): risk at or
 * above the approval threshold, an irreversible action, low confidence, a novel situation, or two
 * different causes within the ambiguity margin. Doing nothing never needs a human. Settings that
 * would ask less often than the seeds are not honoured.
 */
export function approvalReasons(input: ApprovalReasonInput): string[] {
  const { action, confidence } = input;
  if (action.type === 'do_nothing') return [];
  const { settings } = resolveApprovalSettings(input.config);
  const riskThreshold = effectiveLimits(
    input.limits ?? DEFAULT_SAFETY_LIMITS,
  ).approvalRiskThreshold;
  const reasons: string[] = [];
  const risk = action.estimatedImpact.riskLevel;
  if (risk >= riskThreshold)
    reasons.push(`High-impact action: risk level ${risk.toFixed(2)} ≥ ${riskThreshold.toFixed(2)}`);
  if (!action.reversible)
    reasons.push('Irreversible action: it stays in force until undone by hand');
  if (confidence < settings.lowConfidenceThreshold)
    reasons.push(
      `Low confidence: ${formatPercent(confidence)} below ${formatPercent(settings.lowConfidenceThreshold)}`,
    );
  if (!input.hasPastOutcome)
    reasons.push(`Novel situation: no past outcome for pattern ${input.pattern}`);
  const [h1, h2] = distinctTopTwo(input.hypotheses);
  if (h1 && h2 && h1.confidence - h2.confidence <= settings.ambiguityMargin)
    reasons.push(
      `Ambiguous hypotheses: ${named(h1)} at ${formatPercent(h1.confidence)} and ${named(h2)} at ${formatPercent(h2.confidence)} are within ${formatPercent(settings.ambiguityMargin)}`,
    );
  return reasons;
}
