/**
 * The guardrails as a whole: every safety rule applied to one decision, all violations reported at
 * once, and the control plane the action would produce checked again as a last line of defence.
 */
import {
  ControlPlaneSchema,
  ISSUER_IDS,
  type ControlPlane,
  type Decision,
  type SafetyCheck,
  type SafetyLimits,
  type Violation,
} from '../../contracts';
import { applyAction, effectiveShare, WEIGHT_EPSILON } from '../execution/actions';
import type { ActiveAction } from '../execution/active-action';
import { isUnwindRefusal, planUnwind, type UnwindPlan } from '../execution/unwind';
import { APPROVAL_CHECKS, approvalTier } from './approval';
import { effectiveLimits } from './limits';
import { ruleContext, type GuardrailInput } from './rule-context';
import { HARD_RULES } from './rules';
import { clip, percent, zodIssues } from './wording';

/** The guardrails' full assessment, for the executor; `safetyCheck` is the contract part. */
export interface GuardrailAssessment {
  safetyCheck: SafetyCheck;
  /** The decision parsed with DecisionSchema, or null when it does not parse. */
  decision: Decision | null;
  /** The control plane after the action, computed only when the action is approved. */
  resultingControlPlane: ControlPlane | null;
  /**
   * True when the only violations are approval rules, so a human approval would let the action
   * through (the UI shows an Approve button); false when a hard limit blocks it or nothing does.
   */
  approvable: boolean;
  /** The unwind an approved unwind_action carries out (null for every other action). */
  unwind: UnwindPlan | null;
  /** The action in force an approved re-proposal renews (null for a new change). */
  renews: ActiveAction | null;
}

/** The plane an action leads to, with the unwind it carries out, or why it cannot be applied. */
function nextPlane(
  ctx: ReturnType<typeof ruleContext>,
  plane: ControlPlane,
): { plane: ControlPlane; unwind: UnwindPlan | null } {
  const options = { probeShare: ctx.limits.probeShare };
  if (ctx.knownType === 'unwind_action') {
    const p = ctx.typedParameters as { actionRecordId: string; fraction: number };
    const unwind = planUnwind(plane, ctx.activeActions, p, options);
    if (isUnwindRefusal(unwind)) throw new Error(unwind.refusal);
    return { plane: unwind.controlPlane, unwind };
  }
  // A re-proposal of an action in force renews its term and changes nothing else.
  if (ctx.renews) return { plane, unwind: null };
  const type = ctx.knownType as NonNullable<typeof ctx.knownType>;
  return {
    plane: applyAction(plane, { type, parameters: ctx.typedParameters ?? {} }, options),
    unwind: null,
  };
}

/**
 * Checks a decision against every guardrail and reports all violations at once. Hard limits
 * (confidence, traffic shift, retry multiplier, concurrent actions, known type, valid parameters,
 * last enabled route, a resulting control plane that parses) hold whatever a human says; a human
 * approval satisfies only the approval rules, and a human rejection always blocks.
 */
export function assessDecision(input: GuardrailInput): GuardrailAssessment {
  const violations: Violation[] = [];
  let parsedDecision: Decision | null = null;
  let resultingControlPlane: ControlPlane | null = null;
  let unwind: UnwindPlan | null = null;
  let renews: ActiveAction | null = null;
  try {
    const ctx = ruleContext(input);
    parsedDecision = ctx.parsedDecision;
    for (const rule of [...HARD_RULES, ...APPROVAL_CHECKS]) violations.push(...rule(ctx));
    // The action must apply cleanly, and the plane it produces must still respect every limit.
    if (
      violations.length === 0 &&
      parsedDecision &&
      ctx.knownType &&
      ctx.typedParameters &&
      ctx.plane
    ) {
      try {
        const next = nextPlane(ctx, ctx.plane);
        // An unwind restores a plane that was in force before, so the per-action share cap (a
        // brake on new moves) does not hold it back; every other limit still does.
        const found = transitionViolations(ctx.plane, next.plane, ctx.limits).filter(
          (v) => next.unwind === null || v.rule !== 'max_traffic_shift',
        );
        violations.push(...found);
        if (violations.length === 0) {
          resultingControlPlane = next.plane;
          unwind = next.unwind;
          renews = ctx.renews;
        }
      } catch (error) {
        violations.push({
          rule: 'valid_parameters',
          message: clip(
            `The action cannot be applied to the control plane: ${error instanceof Error ? error.message : String(error)}`,
          ),
        });
      }
    }
  } catch (error) {
    // Fail closed: whatever could not be read cannot be approved.
    violations.push({
      rule: 'valid_decision',
      message: clip(
        `The decision could not be read: ${error instanceof Error ? error.message : String(error)}`,
      ),
    });
    resultingControlPlane = null;
    unwind = null;
    renews = null;
  }

  // A resulting plane is kept only when no rule objected, so it alone says the action passed.
  const isApproved = resultingControlPlane !== null;
  return {
    safetyCheck: { isApproved, blockReason: summarise(violations), violations },
    decision: parsedDecision,
    resultingControlPlane,
    approvable: approvalTier(violations) === 'asks_human',
    unwind,
    renews,
  };
}

/** Checks a decision against every guardrail; see assessDecision for the rules. */
export function checkGuardrails(input: GuardrailInput): SafetyCheck {
  return assessDecision(input).safetyCheck;
}

/**
 * Hard limits on a control-plane change as a whole, independent of how the action was written: no
 * issuer's effective traffic moves more than maxTrafficShift, a changed retry multiplier stays
 * within maxRetryMultiplier, and the plane still parses. The last line of defence after the
 * per-rule checks, and the invariant the property test holds the guardrails to.
 */
export function transitionViolations(
  before: ControlPlane,
  after: ControlPlane,
  limits: SafetyLimits,
): Violation[] {
  const strict = effectiveLimits(limits);
  const parsed = ControlPlaneSchema.safeParse(after);
  if (!parsed.success) {
    return [
      {
        rule: 'valid_parameters',
        message: clip(
          `The resulting control plane is invalid: ${zodIssues(parsed.error, 'controlPlane')}`,
        ),
      },
    ];
  }
  const out: Violation[] = [];
  for (const issuerId of ISSUER_IDS) {
    const moved = Math.abs(
      effectiveShare(after, issuerId, 'primary') - effectiveShare(before, issuerId, 'primary'),
    );
    if (moved > strict.maxTrafficShift + WEIGHT_EPSILON) {
      out.push({
        rule: 'max_traffic_shift',
        message: `The action would move ${percent(moved)} of ${issuerId}'s traffic; at most ${percent(strict.maxTrafficShift)} per action.`,
      });
    }
  }
  const multiplier = after.retryPolicy.multiplier;
  if (multiplier !== before.retryPolicy.multiplier && multiplier > strict.maxRetryMultiplier) {
    out.push({
      rule: 'max_retry_multiplier',
      message: `The action would set the retry multiplier to ${multiplier}x; at most ${strict.maxRetryMultiplier}x.`,
    });
  }
  return out;
}

/** One line for the whole check: the single violation, or how many and what they were. */
function summarise(violations: readonly Violation[]): string | null {
  if (violations.length === 0) return null;
  if (violations.length === 1) return (violations[0] as Violation).message;
  return clip(
    `${violations.length} guardrail violations: ${violations.map((v) => v.message).join('; ')}`,
  );
}
