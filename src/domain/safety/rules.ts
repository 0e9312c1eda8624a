/**
 * The safety rules, one small function each, in the order their findings are reported. Hard
 * limits hold whatever a human says; the approval rules (see approval.ts) are the only ones a
 * human approval satisfies.
 */
import {
  ACTION_TYPES,
  ISSUER_IDS,
  TypedParametersSchemas,
  type GuardrailRule,
  type Violation,
} from '../../contracts';
import type { z } from 'zod';
import {
  effectiveShare,
  isControlPlaneChange,
  isRouteDisabled,
  WEIGHT_EPSILON,
} from '../execution/actions';
import { quote } from '../execution/safe-input';
import type { RuleContext } from './rule-context';
import { clip, distinct, isFiniteNumber, own, percent, zodIssues } from './wording';

/** One safety rule: what it found wrong with the decision (nothing when it holds). */
export type SafetyRule = (ctx: RuleContext) => Violation[];

function found(rule: GuardrailRule, message: string): Violation[] {
  return [{ rule, message: clip(message) }];
}

type ShiftParameters = z.infer<typeof TypedParametersSchemas.shift_traffic>;
type DisableParameters = z.infer<typeof TypedParametersSchemas.disable_route>;
type FailoverParameters = z.infer<typeof TypedParametersSchemas.failover_processor>;

/** The control plane the action would change must itself be valid. */
export const validControlPlane: SafetyRule = (ctx) =>
  ctx.planeError
    ? found(
        'valid_parameters',
        `The current control plane is invalid, so no action can be checked against it: ${zodIssues(ctx.planeError, 'controlPlane')}`,
      )
    : [];

/** The decision is an object matching the contract, with no keys that could alter prototypes. */
export const validDecision: SafetyRule = (ctx) => {
  if (ctx.notAnObject) {
    return found('valid_decision', `The decision is not an object (got ${quote(ctx.decision)}).`);
  }
  const out: Violation[] = [];
  if (ctx.unsafeKey) {
    out.push(
      ...found(
        'valid_decision',
        `The decision has ${ctx.unsafeKey.message} at ${ctx.unsafeKey.path}.`,
      ),
    );
  }
  const issues = ctx.decisionProblems;
  if (issues.length > 0) {
    const lines = issues.slice(0, 3);
    if (issues.length > 3) lines.push(`… and ${issues.length - 3} more`);
    out.push(
      ...found('valid_decision', `The decision does not match the contract: ${lines.join('; ')}`),
    );
  }
  return out;
};

/**
 * Actions no confidence is too low for: doing nothing changes nothing, a notification only tells
 * people (pre-approved), and an unwind only takes back the agent's own change toward a plane that
 * was in force before, so low confidence makes it ask a human (approval.ts) instead of leaving the
 * change in force until it expires.
 */
const NO_CONFIDENCE_MINIMUM: ReadonlySet<unknown> = new Set([
  'do_nothing',
  'send_notification',
  'unwind_action',
]);

/** Whether the guardrails hold an action of `type` to the minimum confidence. */
export function hasConfidenceMinimum(type: unknown): boolean {
  return !NO_CONFIDENCE_MINIMUM.has(type);
}

/**
 * Confidence at least the minimum, but for NO_CONFIDENCE_MINIMUM; a malformed confidence still
 * makes the whole decision suspect.
 */
export const minConfidence: SafetyRule = (ctx) => {
  const c = ctx.confidence;
  if (!isFiniteNumber(c)) {
    return found('min_confidence', `Confidence is not a finite number (got ${quote(c)}).`);
  }
  if (c < ctx.limits.minConfidence && !NO_CONFIDENCE_MINIMUM.has(ctx.type)) {
    const [value, limit] = distinct(c, ctx.limits.minConfidence, 100, '%');
    return found('min_confidence', `Confidence ${value} below minimum ${limit}`);
  }
  return [];
};

/** The action type is one the lab knows. */
export const knownActionType: SafetyRule = (ctx) =>
  ctx.knownType === null
    ? found(
        'known_action_type',
        `Unknown action type ${quote(ctx.type)}; known types are ${ACTION_TYPES.join(', ')}.`,
      )
    : [];

/** The parameters are exactly the ones the type takes. */
export const typedParameters: SafetyRule = (ctx) =>
  // Only a known type has its parameters parsed, so an error implies one.
  ctx.parameterError
    ? found(
        'valid_parameters',
        `Parameters of ${ctx.knownType} are invalid: ${zodIssues(ctx.parameterError, 'parameters')}`,
      )
    : [];

/**
 * No action moves more than maxTrafficShift of an issuer's traffic: a shift by its percentage
 * (checked on the raw value too, so a malformed decision still hears about it), disabling a route
 * by everything the route carries.
 */
export const shareMoved: SafetyRule = (ctx) => {
  const max = ctx.limits.maxTrafficShift;
  if (ctx.knownType === 'failover_processor') {
    // The cap holds per issuer, and a failover moves up to `percentage` of each.
    const percentage = own(ctx.rawParameters, 'percentage');
    if (!isFiniteNumber(percentage) || percentage <= max) return [];
    const [value, limit] = distinct(percentage, max, 100, '%');
    return found(
      'max_traffic_shift',
      `Failover of ${value} of every issuer's traffic exceeds the maximum ${limit} per issuer per action`,
    );
  }
  if (ctx.knownType === 'shift_traffic') {
    const percentage = own(ctx.rawParameters, 'percentage');
    if (!isFiniteNumber(percentage) || percentage <= max) return [];
    const [value, limit] = distinct(percentage, max, 100, '%');
    const issuer = own(ctx.rawParameters, 'issuerId');
    return found(
      'max_traffic_shift',
      `Traffic shift ${value} of ${typeof issuer === 'string' ? quote(issuer, 30) : 'the issuer'}'s traffic exceeds the maximum ${limit} per action`,
    );
  }
  if (ctx.knownType === 'disable_route' && ctx.typedParameters && ctx.plane) {
    const p = ctx.typedParameters as DisableParameters;
    const other = p.routeId === 'primary' ? 'backup' : 'primary';
    // A route already disabled carries nothing, so it moves nothing.
    if (isRouteDisabled(ctx.plane, p.issuerId, other)) return [];
    const moved = effectiveShare(ctx.plane, p.issuerId, p.routeId);
    if (moved <= max + WEIGHT_EPSILON) return [];
    return found(
      'max_traffic_shift',
      `Disabling ${p.issuerId}'s ${p.routeId} route would move ${percent(moved)} of its traffic at once; at most ${percent(max)} per action (shift traffic off it first).`,
    );
  }
  return [];
};

/**
 * Routing parameters fit the plane: no shift onto itself, of more than carried, or to a disabled
 * route. A renewal is exempt: it changes nothing in the plane, and its action fitted when taken
 * (the traffic it moved is exactly what the route left no longer carries).
 */
export const routingFitsPlane: SafetyRule = (ctx) => {
  if (!ctx.typedParameters || !ctx.plane || ctx.renews !== null) return [];
  if (ctx.knownType === 'disable_route') {
    const p = ctx.typedParameters as DisableParameters;
    return isRouteDisabled(ctx.plane, p.issuerId, p.routeId)
      ? found('valid_parameters', `${p.issuerId}'s ${p.routeId} route is already disabled.`)
      : [];
  }
  if (ctx.knownType === 'failover_processor') {
    const p = ctx.typedParameters as FailoverParameters;
    if (p.fromRoute === p.toRoute) {
      return found(
        'valid_parameters',
        `A failover cannot move traffic from ${p.fromRoute} to itself.`,
      );
    }
    const plane = ctx.plane;
    const carried = ISSUER_IDS.some(
      (id) => effectiveShare(plane, id, p.fromRoute) > WEIGHT_EPSILON,
    );
    return carried
      ? []
      : found(
          'valid_parameters',
          `No issuer sends traffic over ${p.fromRoute}: there is nothing to fail over.`,
        );
  }
  if (ctx.knownType !== 'shift_traffic') return [];
  const out: Violation[] = [];
  const p = ctx.typedParameters as ShiftParameters;
  const carried = ctx.plane.routing[p.issuerId][p.fromRoute];
  if (p.fromRoute === p.toRoute) {
    out.push(
      ...found('valid_parameters', `Traffic cannot be shifted from ${p.fromRoute} to itself.`),
    );
  } else if (p.percentage > carried + WEIGHT_EPSILON) {
    out.push(
      ...found(
        'valid_parameters',
        `${p.issuerId}'s ${p.fromRoute} route carries ${percent(carried)} of its traffic; cannot move ${percent(p.percentage)}.`,
      ),
    );
  }
  if (p.fromRoute !== p.toRoute && isRouteDisabled(ctx.plane, p.issuerId, p.toRoute)) {
    out.push(
      ...found(
        'valid_parameters',
        `Cannot shift traffic to ${p.issuerId}'s ${p.toRoute} route: it is disabled.`,
      ),
    );
  }
  return out;
};

/** An issuer keeps at least one enabled route. */
export const lastEnabledRoute: SafetyRule = (ctx) => {
  if (ctx.knownType !== 'disable_route' || !ctx.typedParameters || !ctx.plane) return [];
  const p = ctx.typedParameters as DisableParameters;
  const other = p.routeId === 'primary' ? 'backup' : 'primary';
  // The plane never has both routes of an issuer disabled, so a disabled route's other is enabled.
  if (!isRouteDisabled(ctx.plane, p.issuerId, other)) return [];
  return found(
    'last_enabled_route',
    `Cannot disable ${p.issuerId}'s ${p.routeId} route: it is the issuer's last enabled route.`,
  );
};

/** A retry policy sets no multiplier above maxRetryMultiplier. */
export const maxRetryMultiplier: SafetyRule = (ctx) => {
  if (ctx.knownType !== 'adjust_retry_policy') return [];
  const multiplier = own(ctx.rawParameters, 'multiplier');
  if (!isFiniteNumber(multiplier) || multiplier <= ctx.limits.maxRetryMultiplier) return [];
  const [value, limit] = distinct(multiplier, ctx.limits.maxRetryMultiplier, 1, 'x');
  return found('max_retry_multiplier', `Retry multiplier ${value} exceeds the maximum ${limit}`);
};

/**
 * A new control-plane change waits while maxConcurrentActions are already in force. An unwind
 * cancels what it undoes and a re-proposal renews an action already counted, so neither adds one.
 */
export const maxConcurrentActions: SafetyRule = (ctx) => {
  if (ctx.knownType === null || !isControlPlaneChange(ctx.knownType)) return [];
  if (ctx.knownType === 'unwind_action' || ctx.renews !== null) return [];
  // Number.isInteger is false for anything that is not a number.
  const active = ctx.activeActionCount as number;
  if (!Number.isInteger(active) || active < 0) {
    return found(
      'max_concurrent_actions',
      `The number of active actions is not a count (got ${quote(active)}); refusing to add another.`,
    );
  }
  if (active < ctx.limits.maxConcurrentActions) return [];
  return found(
    'max_concurrent_actions',
    `${active} action${active === 1 ? '' : 's'} already active; at most ${ctx.limits.maxConcurrentActions} may be active at once.`,
  );
};

/** The hard limits, in the order their findings are reported. */
export const HARD_RULES: readonly SafetyRule[] = [
  validControlPlane,
  validDecision,
  minConfidence,
  knownActionType,
  typedParameters,
  shareMoved,
  routingFitsPlane,
  lastEnabledRoute,
  maxRetryMultiplier,
  maxConcurrentActions,
];
