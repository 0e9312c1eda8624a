/**
 * When a human decides: the approval rules the guardrails apply (the only rules a human approval
 * satisfies), the reasons a decision gives for asking, and the tier a checked decision falls in.
 * The risk threshold is one number, SafetyLimits.approvalRiskThreshold, for both.
 */
import {
  DEFAULT_SAFETY_LIMITS,
  type ActionProposal,
  type ActionType,
  type GuardrailRule,
  type Hypothesis,
  type LearningRecord,
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

/** What an experience is about, as an audit record shows it: the pattern, the action and its target. */
export interface ExperienceContext {
  pattern: string;
  actionType: ActionType;
  /** The action's target (see actionTarget); absent matches any target. */
  target?: string;
}

/** The parameters that say where an action acts, as one text: issuer, routes, channel. */
export function actionTarget(action: Pick<ActionProposal, 'type' | 'parameters'>): string {
  const p = action.parameters;
  const text = (key: string) => (typeof p[key] === 'string' ? p[key] : '');
  const issuer = text('issuerId');
  const where =
    text('fromRoute') !== '' ? `${text('fromRoute')}>${text('toRoute')}` : text('routeId');
  return [issuer, where, text('channel')].filter((x) => x !== '').join(':');
}

/**
 * Whether the history holds an action of this kind carried out for this pattern and target: an
 * executed record (one a human approved included) or one executed and undone later. A human's
 * approval thus counts as experience, and "novel situation" clears for that context afterwards.
 */
export function hasPriorExperience(
  context: ExperienceContext,
  learning: readonly Pick<LearningRecord, 'status' | 'pattern' | 'actionType' | 'decision'>[],
): boolean {
  return learning.some(
    (r) =>
      (r.status === 'executed' || r.status === 'rolled_back') &&
      r.pattern === context.pattern &&
      r.actionType === context.actionType &&
      (context.target === undefined || actionTarget(r.decision.selectedAction) === context.target),
  );
}

/**
 * A failover moves every issuer at once: more than half the per-action share cap of each is a
 * large move that asks a human, while a smaller one (or a one-issuer shift) may run on its own.
 */
export function isLargeMove(
  action: Pick<ActionProposal, 'type' | 'parameters'>,
  limits: Pick<SafetyLimits, 'maxTrafficShift'>,
): boolean {
  const share = action.parameters.percentage;
  return (
    action.type === 'failover_processor' &&
    typeof share === 'number' &&
    share > limits.maxTrafficShift / 2
  );
}

/** What the decision's approval reasons read. */
export interface ApprovalReasonInput {
  action: Pick<ActionProposal, 'type' | 'reversible' | 'estimatedImpact'> &
    Partial<Pick<ActionProposal, 'parameters'>>;
  confidence: number;
  /** The pattern the action answers. */
  pattern: string;
  /**
   * Whether the learning history holds an outcome for that pattern (hasPriorExperience tells it
   * for a pattern, action and target from the audit records).
   */
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
 * above the approval threshold, an irreversible action, a large move, low confidence, a novel
 * situation, or two different causes within the ambiguity margin. Doing nothing never needs a
 * human, nor does a notification (it only tells people: pre-approved); an unwind restores a plane
 * that was in force before, so it is never novel. Settings that would ask less often than the
 * seeds are not honoured.
 */
export function approvalReasons(input: ApprovalReasonInput): string[] {
  const { action, confidence } = input;
  if (action.type === 'do_nothing' || action.type === 'send_notification') return [];
  const { settings } = resolveApprovalSettings(input.config);
  const limits = effectiveLimits(input.limits ?? DEFAULT_SAFETY_LIMITS);
  const riskThreshold = limits.approvalRiskThreshold;
  const reasons: string[] = [];
  const risk = action.estimatedImpact.riskLevel;
  if (risk >= riskThreshold)
    reasons.push(`High-impact action: risk level ${risk.toFixed(2)} ≥ ${riskThreshold.toFixed(2)}`);
  if (!action.reversible)
    reasons.push('Irreversible action: it stays in force until undone by hand');
  if (isLargeMove({ type: action.type, parameters: action.parameters ?? {} }, limits))
    reasons.push(
      `Large move: a failover of ${formatPercent(Number(action.parameters?.percentage))} of every issuer, above half the ${formatPercent(limits.maxTrafficShift)} cap`,
    );
  if (confidence < settings.lowConfidenceThreshold)
    reasons.push(
      `Low confidence: ${formatPercent(confidence)} below ${formatPercent(settings.lowConfidenceThreshold)}`,
    );
  if (!input.hasPastOutcome && action.type !== 'unwind_action')
    reasons.push(`Novel situation: no past outcome for pattern ${input.pattern}`);
  const [h1, h2] = distinctTopTwo(input.hypotheses);
  if (h1 && h2 && h1.confidence - h2.confidence <= settings.ambiguityMargin)
    reasons.push(
      `Ambiguous hypotheses: ${named(h1)} at ${formatPercent(h1.confidence)} and ${named(h2)} at ${formatPercent(h2.confidence)} are within ${formatPercent(settings.ambiguityMargin)}`,
    );
  return reasons;
}
