import {
  ACTION_TYPES,
  ControlPlaneSchema,
  DEFAULT_SAFETY_LIMITS,
  DecisionSchema,
  formatPath,
  HumanApprovalSchema,
  ISSUER_IDS,
  SafetyLimitsSchema,
  TypedParametersSchemas,
  type ActionType,
  type ControlPlane,
  type Decision,
  type GuardrailRule,
  type HumanApproval,
  type SafetyCheck,
  type SafetyLimits,
  type Violation,
} from '../../contracts';
import type { z } from 'zod';
import {
  applyAction,
  effectiveShare,
  isControlPlaneChange,
  isRouteDisabled,
  WEIGHT_EPSILON,
} from './actions';
import { findUnsafeKey, quote } from './safe-input';

/** Longest text a violation message or block reason may have (the contract's Text bound). */
const MAX_MESSAGE = 2000;

/** Which way each limit gets stricter: a higher minimum confidence, lower everything else. */
const STRICTER: Readonly<Record<keyof SafetyLimits, 'higher' | 'lower'>> = {
  minConfidence: 'higher',
  maxTrafficShift: 'lower',
  maxRetryMultiplier: 'lower',
  maxConcurrentActions: 'lower',
  // A lower threshold asks a human more often.
  approvalRiskThreshold: 'lower',
};

const LIMIT_KEYS = Object.keys(STRICTER) as (keyof SafetyLimits)[];

/** The limits in force plus what was wrong with the user's settings, if anything. */
export interface LimitsResolution {
  limits: SafetyLimits;
  /** One readable line per ignored setting; empty when every setting was usable. */
  problems: string[];
}

/**
 * Combines user settings with DEFAULT_SAFETY_LIMITS field by field, keeping whichever is stricter,
 * and explains every setting it ignored (unknown, not a number, out of range, or looser than the
 * lab allows).
 */
export function resolveLimits(user?: unknown): LimitsResolution {
  const limits: SafetyLimits = { ...DEFAULT_SAFETY_LIMITS };
  const problems: string[] = [];
  if (user === undefined || user === null) return { limits, problems };
  if (typeof user !== 'object' || Array.isArray(user)) {
    problems.push(`Safety settings must be an object, got ${quote(user)}; the defaults apply.`);
    return { limits, problems };
  }
  const record = user as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(LIMIT_KEYS as string[]).includes(key)) {
      problems.push(`Unknown safety setting ${quote(key)} ignored.`);
    }
  }
  for (const key of LIMIT_KEYS) {
    if (!Object.hasOwn(record, key) || record[key] === undefined) continue;
    const value = record[key];
    const parsed = SafetyLimitsSchema.shape[key].safeParse(value);
    if (!parsed.success) {
      problems.push(
        `Safety setting ${key} = ${quote(value)} ignored (${parsed.error.issues[0]?.message ?? 'invalid'}); the limit stays ${DEFAULT_SAFETY_LIMITS[key]}.`,
      );
      continue;
    }
    const wanted = parsed.data;
    const base = DEFAULT_SAFETY_LIMITS[key];
    const stricter = STRICTER[key] === 'higher' ? wanted >= base : wanted <= base;
    if (stricter) limits[key] = wanted;
    else {
      problems.push(
        `Safety setting ${key} = ${wanted} would loosen the lab's limit; it stays ${base} (settings may only make limits stricter).`,
      );
    }
  }
  return { limits, problems };
}

/**
 * The limits in force for a user's settings (a Partial<SafetyLimits>, or anything read from
 * storage): per field the stricter of the setting and DEFAULT_SAFETY_LIMITS; invalid settings are
 * ignored (see resolveLimits for the reasons).
 */
export function effectiveLimits(user?: unknown): SafetyLimits {
  return resolveLimits(user).limits;
}

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
}

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
}

/** Rules a human approval satisfies; every other rule is a hard limit. */
export const APPROVAL_RULES: readonly GuardrailRule[] = [
  'human_approval',
  'irreversible_needs_approval',
];

function clip(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Own property of a plain object, never something inherited from Object.prototype. */
function own(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}

/** Formats value and limit with as many decimals as it takes for them to read differently. */
function distinct(value: number, limit: number, scale: number, suffix: string): [string, string] {
  let decimals = 1;
  while (
    decimals < 12 &&
    (value * scale).toFixed(decimals) === (limit * scale).toFixed(decimals) &&
    value !== limit
  ) {
    decimals++;
  }
  return [
    `${(value * scale).toFixed(decimals)}${suffix}`,
    `${(limit * scale).toFixed(decimals)}${suffix}`,
  ];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function zodIssues(error: z.ZodError, prefix: string, limit = 3): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length === 0 ? prefix : `${prefix}.${formatPath(issue.path)}`;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('; ');
}

/**
 * Checks a decision against every guardrail and reports all violations at once. Hard limits
 * (confidence, traffic shift, retry multiplier, concurrent actions, known type, valid parameters,
 * last enabled route, a resulting control plane that parses) hold whatever a human says; a human
 * approval satisfies only the approval rules, and a human rejection always blocks.
 */
export function assessDecision(input: GuardrailInput): GuardrailAssessment {
  const violations: Violation[] = [];
  const add = (rule: GuardrailRule, message: string) => {
    violations.push({ rule, message: clip(message) });
  };
  let parsedDecision: Decision | null = null;
  let resultingControlPlane: ControlPlane | null = null;
  try {
    // Looser limits than the seeds' are never honoured, whoever passes them in.
    const limits = effectiveLimits(input.limits);
    const planeCheck = ControlPlaneSchema.safeParse(input.controlPlane);
    const plane = planeCheck.success ? planeCheck.data : null;
    if (!planeCheck.success) {
      add(
        'valid_parameters',
        `The current control plane is invalid, so no action can be checked against it: ${zodIssues(planeCheck.error, 'controlPlane')}`,
      );
    }

    const decision = input.decision;
    const action = own(decision, 'selectedAction');
    const type = own(action, 'type');
    const knownType = isActionType(type) ? type : null;
    const rawParameters = own(action, 'parameters');
    const confidence = own(decision, 'confidenceInDecision');

    // The decision as a whole: its shape, and no keys that could alter prototypes downstream.
    if (decision === null || typeof decision !== 'object' || Array.isArray(decision)) {
      add('valid_decision', `The decision is not an object (got ${quote(decision)}).`);
    } else {
      const unsafe = findUnsafeKey(decision, 16);
      if (unsafe) add('valid_decision', `The decision has ${unsafe.message} at ${unsafe.path}.`);
      const parsed = DecisionSchema.safeParse(decision);
      if (parsed.success) parsedDecision = parsed.data;
      else {
        // Problems with the type and the confidence get their own, clearer violations below.
        const covered = (path: readonly PropertyKey[]) => {
          const p = formatPath(path);
          return (
            p === 'selectedAction.type' ||
            (p === 'confidenceInDecision' && !isFiniteNumber(confidence))
          );
        };
        const issues = parsed.error.issues.filter((issue) => !covered(issue.path));
        if (issues.length > 0) {
          const lines = issues
            .slice(0, 3)
            .map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
          if (issues.length > 3) lines.push(`… and ${issues.length - 3} more`);
          add('valid_decision', `The decision does not match the contract: ${lines.join('; ')}`);
        }
      }
    }

    // Confidence. Doing nothing changes nothing, so no confidence is too low for it; a malformed
    // confidence still makes the whole decision suspect.
    if (!isFiniteNumber(confidence)) {
      add('min_confidence', `Confidence is not a finite number (got ${quote(confidence)}).`);
    } else if (confidence < limits.minConfidence && type !== 'do_nothing') {
      const [value, limit] = distinct(confidence, limits.minConfidence, 100, '%');
      add('min_confidence', `Confidence ${value} below minimum ${limit}`);
    }

    // Action type and its exact parameters.
    let typedParameters: Record<string, unknown> | null = null;
    if (knownType === null) {
      add(
        'known_action_type',
        `Unknown action type ${quote(type)}; known types are ${ACTION_TYPES.join(', ')}.`,
      );
    } else {
      const typed = TypedParametersSchemas[knownType].safeParse(rawParameters);
      if (typed.success) typedParameters = typed.data as Record<string, unknown>;
      else {
        add(
          'valid_parameters',
          `Parameters of ${knownType} are invalid: ${zodIssues(typed.error, 'parameters')}`,
        );
      }
    }

    // Hard limits, checked on the raw values too so a malformed decision still hears about them.
    if (knownType === 'shift_traffic') {
      const percentage = own(rawParameters, 'percentage');
      if (isFiniteNumber(percentage) && percentage > limits.maxTrafficShift) {
        const [value, limit] = distinct(percentage, limits.maxTrafficShift, 100, '%');
        const issuer = own(rawParameters, 'issuerId');
        add(
          'max_traffic_shift',
          `Traffic shift ${value} of ${typeof issuer === 'string' ? quote(issuer, 30) : 'the issuer'}'s traffic exceeds the maximum ${limit} per action`,
        );
      }
      if (typedParameters && plane) {
        const p = typedParameters as z.infer<typeof TypedParametersSchemas.shift_traffic>;
        const carried = plane.routing[p.issuerId][p.fromRoute];
        if (p.fromRoute === p.toRoute) {
          add('valid_parameters', `Traffic cannot be shifted from ${p.fromRoute} to itself.`);
        } else if (p.percentage > carried + WEIGHT_EPSILON) {
          add(
            'valid_parameters',
            `${p.issuerId}'s ${p.fromRoute} route carries ${percent(carried)} of its traffic; cannot move ${percent(p.percentage)}.`,
          );
        }
        if (p.fromRoute !== p.toRoute && isRouteDisabled(plane, p.issuerId, p.toRoute)) {
          add(
            'valid_parameters',
            `Cannot shift traffic to ${p.issuerId}'s ${p.toRoute} route: it is disabled.`,
          );
        }
      }
    }
    if (knownType === 'disable_route' && typedParameters && plane) {
      const p = typedParameters as z.infer<typeof TypedParametersSchemas.disable_route>;
      const other = p.routeId === 'primary' ? 'backup' : 'primary';
      if (isRouteDisabled(plane, p.issuerId, p.routeId)) {
        add('valid_parameters', `${p.issuerId}'s ${p.routeId} route is already disabled.`);
      } else if (isRouteDisabled(plane, p.issuerId, other)) {
        add(
          'last_enabled_route',
          `Cannot disable ${p.issuerId}'s ${p.routeId} route: it is the issuer's last enabled route.`,
        );
      } else {
        // Disabling a route moves whatever it carries onto the other one: that is a traffic shift.
        const moved = effectiveShare(plane, p.issuerId, p.routeId);
        if (moved > limits.maxTrafficShift + WEIGHT_EPSILON) {
          add(
            'max_traffic_shift',
            `Disabling ${p.issuerId}'s ${p.routeId} route would move ${percent(moved)} of its traffic at once; at most ${percent(limits.maxTrafficShift)} per action (shift traffic off it first).`,
          );
        }
      }
    }
    if (knownType === 'adjust_retry_policy') {
      const multiplier = own(rawParameters, 'multiplier');
      if (isFiniteNumber(multiplier) && multiplier > limits.maxRetryMultiplier) {
        const [value, limit] = distinct(multiplier, limits.maxRetryMultiplier, 1, 'x');
        add('max_retry_multiplier', `Retry multiplier ${value} exceeds the maximum ${limit}`);
      }
    }
    if (knownType !== null && isControlPlaneChange(knownType)) {
      const active = input.activeActionCount;
      if (typeof active !== 'number' || !Number.isInteger(active) || active < 0) {
        add(
          'max_concurrent_actions',
          `The number of active actions is not a count (got ${quote(active)}); refusing to add another.`,
        );
      } else if (active >= limits.maxConcurrentActions) {
        add(
          'max_concurrent_actions',
          `${active} action${active === 1 ? '' : 's'} already active; at most ${limits.maxConcurrentActions} may be active at once.`,
        );
      }
    }

    // Approval rules: the only ones a human can satisfy.
    const approval =
      input.humanApproval === undefined ? null : HumanApprovalSchema.safeParse(input.humanApproval);
    const approved = approval?.success === true && approval.data.approved;
    if (approval?.success === true && !approval.data.approved) {
      const by = approval.data.by ? ` (${clip(approval.data.by, 60)})` : '';
      const note = approval.data.note ? `: ${clip(approval.data.note, 200)}` : '';
      add('human_approval', `Rejected by a human${by}${note}`);
    }
    if (!approved) {
      const asks = own(decision, 'requiresHumanApproval');
      if (asks !== false) {
        const reasons = own(decision, 'approvalReasons');
        const why =
          Array.isArray(reasons) && reasons.length > 0
            ? ` (${reasons
                .slice(0, 3)
                .map((r) => (typeof r === 'string' ? clip(r, 200) : quote(r)))
                .join('; ')})`
            : '';
        add(
          'human_approval',
          asks === true
            ? `Human approval required: the decision asks for it${why}`
            : `Human approval required: the decision does not say whether it needs one (got ${quote(asks)})`,
        );
      }
      const risk = own(own(action, 'estimatedImpact'), 'riskLevel');
      if (!isFiniteNumber(risk)) {
        add(
          'human_approval',
          `Human approval required: the risk level is unknown (got ${quote(risk)})`,
        );
      } else if (risk >= limits.approvalRiskThreshold) {
        add(
          'human_approval',
          `Human approval required: risk ${percent(risk)} at or above the threshold ${percent(limits.approvalRiskThreshold)}`,
        );
      }
      if (own(action, 'reversible') !== true) {
        add(
          'irreversible_needs_approval',
          'Human approval required: the action cannot be undone (reversible is not true)',
        );
      }
    }

    // The action must apply cleanly, and the plane it produces must still respect every limit.
    if (violations.length === 0 && parsedDecision && knownType && typedParameters && plane) {
      try {
        const next = applyAction(plane, { type: knownType, parameters: typedParameters });
        for (const v of transitionViolations(plane, next, limits)) add(v.rule, v.message);
        if (violations.length === 0) resultingControlPlane = next;
      } catch (error) {
        add(
          'valid_parameters',
          `The action cannot be applied to the control plane: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } catch (error) {
    // Fail closed: whatever could not be read cannot be approved.
    add(
      'valid_decision',
      `The decision could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    resultingControlPlane = null;
  }

  const isApproved = violations.length === 0 && resultingControlPlane !== null;
  return {
    safetyCheck: { isApproved, blockReason: summarise(violations), violations },
    decision: parsedDecision,
    resultingControlPlane: isApproved ? resultingControlPlane : null,
    approvable: violations.length > 0 && violations.every((v) => APPROVAL_RULES.includes(v.rule)),
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
  const out: Violation[] = [];
  const parsed = ControlPlaneSchema.safeParse(after);
  if (!parsed.success) {
    out.push({
      rule: 'valid_parameters',
      message: clip(
        `The resulting control plane is invalid: ${zodIssues(parsed.error, 'controlPlane')}`,
      ),
    });
    return out;
  }
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
