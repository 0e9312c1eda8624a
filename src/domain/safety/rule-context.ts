/**
 * What every safety rule reads: the decision as it arrived (possibly hostile), the parts of it
 * that could be read, and the control plane and limits it is judged against. Building it parses
 * once, so each rule stays a few lines.
 */
import {
  ControlPlaneSchema,
  DecisionSchema,
  formatPath,
  HumanApprovalSchema,
  TypedParametersSchemas,
  type ActionType,
  type ControlPlane,
  type Decision,
  type HumanApproval,
  type SafetyLimits,
} from '../../contracts';
import type { z } from 'zod';
import { renewedAction, type ActiveAction } from '../execution/active-action';
import { findUnsafeKey } from '../execution/safe-input';
import { effectiveLimits, type ResolvedLimits } from './limits';
import { isActionType, isFiniteNumber, own } from './wording';

/** What the guardrails are asked to judge. */
export interface GuardrailInput {
  /** The decision as it arrived: it may be anything, including hostile LLM-shaped output. */
  decision: unknown;
  /** The live control plane the action would change. */
  controlPlane: ControlPlane;
  /** Control-plane changes currently in force (do_nothing and notifications excluded). */
  activeActionCount: number;
  /** Limits to apply; they are tightened to DEFAULT_SAFETY_LIMITS where looser. */
  limits: SafetyLimits;
  /** A human's answer, when one was given. */
  humanApproval?: HumanApproval;
  /**
   * The actions in force, which an unwind is resolved against and a re-proposal renews; without
   * them no unwind resolves and every proposal is a new change.
   */
  activeActions?: readonly ActiveAction[];
}

/** The decision read apart, for the rules. */
export interface RuleContext {
  decision: unknown;
  /** The decision parsed with DecisionSchema, or null when it does not parse. */
  parsedDecision: Decision | null;
  /** Contract problems of the decision other than its type and confidence (those have rules). */
  decisionProblems: string[];
  /** The decision is not a plain object. */
  notAnObject: boolean;
  /** A key that could alter prototypes downstream, when the decision carries one. */
  unsafeKey: { message: string; path: string } | null;
  action: unknown;
  type: unknown;
  knownType: ActionType | null;
  rawParameters: unknown;
  /** The parameters parsed for the known type, or null. */
  typedParameters: Record<string, unknown> | null;
  /** Why the parameters do not parse for the known type, or null. */
  parameterError: z.ZodError | null;
  confidence: unknown;
  /** The live control plane when it parses. */
  plane: ControlPlane | null;
  planeError: z.ZodError | null;
  /** The limits in force: never looser than the seeds'; lifecycle settings filled in. */
  limits: ResolvedLimits;
  activeActionCount: unknown;
  /** The actions in force (empty when the caller gave none). */
  activeActions: readonly ActiveAction[];
  /** The action in force this decision re-proposes, renewing its term; null for a new change. */
  renews: ActiveAction | null;
  /** A human's parsed answer, or null when none was given or it does not parse. */
  human: HumanApproval | null;
}

/** Reads a guardrail input apart; throws only on input hostile enough to fail closed. */
export function ruleContext(input: GuardrailInput): RuleContext {
  const limits = effectiveLimits(input.limits);
  const planeCheck = ControlPlaneSchema.safeParse(input.controlPlane);
  const decision = input.decision;
  const action = own(decision, 'selectedAction');
  const type = own(action, 'type');
  const knownType = isActionType(type) ? type : null;
  const rawParameters = own(action, 'parameters');
  const confidence = own(decision, 'confidenceInDecision');
  const notAnObject = decision === null || typeof decision !== 'object' || Array.isArray(decision);

  let parsedDecision: Decision | null = null;
  const decisionProblems: string[] = [];
  if (!notAnObject) {
    const parsed = DecisionSchema.safeParse(decision);
    if (parsed.success) parsedDecision = parsed.data;
    else {
      // Problems with the type and the confidence get their own, clearer violations.
      const covered = (path: readonly PropertyKey[]) => {
        const p = formatPath(path);
        return (
          p === 'selectedAction.type' ||
          (p === 'confidenceInDecision' && !isFiniteNumber(confidence))
        );
      };
      for (const issue of parsed.error.issues) {
        if (!covered(issue.path))
          decisionProblems.push(`${formatPath(issue.path)}: ${issue.message}`);
      }
    }
  }

  let typedParameters: Record<string, unknown> | null = null;
  let parameterError: z.ZodError | null = null;
  if (knownType !== null) {
    const typed = TypedParametersSchemas[knownType].safeParse(rawParameters);
    if (typed.success) typedParameters = typed.data as Record<string, unknown>;
    else parameterError = typed.error;
  }

  const activeActions = input.activeActions ?? [];
  const renews =
    parsedDecision && knownType !== 'unwind_action'
      ? renewedAction(parsedDecision.selectedAction, activeActions)
      : null;
  // No answer (undefined) does not parse either, so it reads as no human approval.
  const approval = HumanApprovalSchema.safeParse(input.humanApproval);
  return {
    decision,
    parsedDecision,
    decisionProblems,
    notAnObject,
    unsafeKey: notAnObject ? null : findUnsafeKey(decision, 16),
    action,
    type,
    knownType,
    rawParameters,
    typedParameters,
    parameterError,
    confidence,
    plane: planeCheck.success ? planeCheck.data : null,
    planeError: planeCheck.success ? null : planeCheck.error,
    limits,
    activeActionCount: input.activeActionCount,
    activeActions,
    renews,
    human: approval.success ? approval.data : null,
  };
}
