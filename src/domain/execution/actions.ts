import type { z } from 'zod';
import {
  ControlPlaneSchema,
  ISSUER_IDS,
  parseContract,
  TypedParametersSchemas,
  type ActionParameters,
  type ActionType,
  type ControlPlane,
  type IssuerId,
  type RouteId,
  type RouteWeights,
} from '../../contracts';

/** The part of an ActionProposal that decides its effect on the control plane. */
export interface ActionToApply {
  type: ActionType;
  parameters: ActionParameters | Record<string, unknown>;
}

/**
 * Weights closer than this to a boundary are snapped to it: shifting 0.3 from a route carrying
 * 0.3 must leave exactly 0, not 5.5e-17, or "the route still carries traffic" becomes true by
 * rounding alone.
 */
export const WEIGHT_EPSILON = 1e-9;

/**
 * Action types that change how payments flow (routing, disabled routes, retries, timeout, rate
 * limit). `do_nothing` changes nothing and `send_notification` only tells people; neither has
 * anything to roll back, so neither counts towards the concurrent-action limit.
 */
export function isControlPlaneChange(type: ActionType): boolean {
  return type !== 'do_nothing' && type !== 'send_notification';
}

/** A deep copy of a control plane, so that applying an action never mutates its input. */
export function copyControlPlane(plane: ControlPlane): ControlPlane {
  const routing = {} as Record<IssuerId, RouteWeights>;
  for (const issuerId of ISSUER_IDS) {
    routing[issuerId] = {
      primary: plane.routing[issuerId].primary,
      backup: plane.routing[issuerId].backup,
    };
  }
  return {
    routing,
    disabledRoutes: plane.disabledRoutes.map((r) => ({ issuerId: r.issuerId, routeId: r.routeId })),
    retryPolicy: { ...plane.retryPolicy },
    timeoutMs: plane.timeoutMs,
    rateLimit: plane.rateLimit,
    notificationsSent: plane.notificationsSent,
  };
}

/** Whether a route of an issuer is switched off in the control plane. */
export function isRouteDisabled(
  plane: ControlPlane,
  issuerId: IssuerId,
  routeId: RouteId,
): boolean {
  return plane.disabledRoutes.some((r) => r.issuerId === issuerId && r.routeId === routeId);
}

/**
 * Share of an issuer's traffic that actually flows over a route: its weight while enabled, none
 * while disabled (the simulator sends a disabled route's share to the other route).
 */
export function effectiveShare(plane: ControlPlane, issuerId: IssuerId, routeId: RouteId): number {
  const weights = plane.routing[issuerId];
  const disabled = (id: RouteId) => isRouteDisabled(plane, issuerId, id);
  if (disabled(routeId)) return 0;
  const other: RouteId = routeId === 'primary' ? 'backup' : 'primary';
  return disabled(other) ? 1 : weights[routeId];
}

/** How an action is applied: the lifecycle settings in force. */
export interface ApplyOptions {
  /**
   * Share a routing move leaves on the route it would otherwise empty (or leave below it), so the
   * route's recovery stays visible; 0 (the default) lets a move empty a route.
   */
  probeShare?: number;
}

/**
 * How much of `wanted` may move off a route carrying `carried` so that it keeps at least the
 * probe share; a route already at or below the probe share keeps what it has.
 */
export function movableShare(carried: number, wanted: number, probeShare: number): number {
  const amount = Math.min(wanted, carried);
  if (probeShare <= 0 || carried - amount >= probeShare - WEIGHT_EPSILON) return amount;
  return Math.max(0, carried - probeShare);
}

/** Moves `amount` of an issuer's traffic between its two routes; the backup is 1 − primary. */
function shiftWeights(weights: RouteWeights, from: RouteId, amount: number): RouteWeights {
  let primary = from === 'primary' ? weights.primary - amount : weights.primary + amount;
  if (primary < WEIGHT_EPSILON) primary = 0;
  if (primary > 1 - WEIGHT_EPSILON) primary = 1;
  // Derived rather than added so the pair sums to 1 within one rounding step, never drifting.
  return { primary, backup: 1 - primary };
}

/** The parsed parameters of an action of type T. */
type ParametersOf<T extends ActionType> = z.output<(typeof TypedParametersSchemas)[T]>;

/** The parameters of an action of `type`, checked against TypedParametersSchemas. */
function typedParameters<T extends ActionType>(
  type: T,
  parameters: ActionToApply['parameters'],
): ParametersOf<T> {
  // Indexing by a generic key widens the schema to the union; what it parses is T's shape.
  return parseContract(
    TypedParametersSchemas[type],
    parameters,
    `${type} parameters`,
  ) as ParametersOf<T>;
}

/**
 * Applies one action to a control plane and returns the new plane (the input is not changed); a
 * routing move keeps `options.probeShare` on the route it leaves.
 * Parameters are checked against TypedParametersSchemas and the result against ControlPlaneSchema;
 * an action that cannot be applied (a shift larger than the route carries, disabling the last
 * enabled route) throws, because the guardrails should have refused it first.
 */
export function applyAction(
  controlPlane: ControlPlane,
  action: ActionToApply,
  options: ApplyOptions = {},
): ControlPlane {
  const plane = copyControlPlane(controlPlane);
  const probeShare = options.probeShare ?? 0;
  switch (action.type) {
    case 'shift_traffic': {
      const p = typedParameters('shift_traffic', action.parameters);
      if (p.fromRoute === p.toRoute) {
        throw new RangeError(`shift_traffic needs two different routes, got ${p.fromRoute} twice`);
      }
      const carried = plane.routing[p.issuerId][p.fromRoute];
      if (p.percentage > carried + WEIGHT_EPSILON) {
        throw new RangeError(
          `cannot move ${p.percentage} of ${p.issuerId}'s traffic off ${p.fromRoute}: it carries ${carried}`,
        );
      }
      plane.routing[p.issuerId] = shiftWeights(
        plane.routing[p.issuerId],
        p.fromRoute,
        movableShare(carried, p.percentage, probeShare),
      );
      break;
    }
    case 'failover_processor': {
      const p = typedParameters('failover_processor', action.parameters);
      if (p.fromRoute === p.toRoute) {
        throw new RangeError(
          `failover_processor needs two different routes, got ${p.fromRoute} twice`,
        );
      }
      // Each issuer moves what it can up to the share: one carrying less moves all it carries. An
      // issuer with either route disabled already sends everything over its one enabled route.
      for (const issuerId of ISSUER_IDS) {
        if (isRouteDisabled(plane, issuerId, p.fromRoute)) continue;
        if (isRouteDisabled(plane, issuerId, p.toRoute)) continue;
        const carried = plane.routing[issuerId][p.fromRoute];
        const amount = movableShare(carried, p.percentage, probeShare);
        if (amount > 0)
          plane.routing[issuerId] = shiftWeights(plane.routing[issuerId], p.fromRoute, amount);
      }
      break;
    }
    case 'unwind_action':
      // An unwind restores part of the plane an earlier action changed, so it needs that action's
      // plane before; the executor resolves it against the actions in force.
      typedParameters('unwind_action', action.parameters);
      throw new RangeError('unwind_action is applied against the action it undoes, not on its own');
    case 'disable_route': {
      const p = typedParameters('disable_route', action.parameters);
      if (!isRouteDisabled(plane, p.issuerId, p.routeId)) {
        plane.disabledRoutes.push({ issuerId: p.issuerId, routeId: p.routeId });
      }
      break;
    }
    case 'adjust_retry_policy': {
      const p = typedParameters('adjust_retry_policy', action.parameters);
      plane.retryPolicy = {
        ...plane.retryPolicy,
        maxRetries: p.maxRetries,
        multiplier: p.multiplier,
        ...(p.retryHardDeclines === undefined ? {} : { retryHardDeclines: p.retryHardDeclines }),
      };
      break;
    }
    case 'implement_backoff':
      typedParameters('implement_backoff', action.parameters);
      plane.retryPolicy = { ...plane.retryPolicy, backoff: true };
      break;
    case 'adjust_timeout': {
      const p = typedParameters('adjust_timeout', action.parameters);
      plane.timeoutMs = p.timeoutMs;
      break;
    }
    case 'rate_limit': {
      const p = typedParameters('rate_limit', action.parameters);
      plane.rateLimit = p.attemptsPerPayment;
      break;
    }
    case 'send_notification':
      typedParameters('send_notification', action.parameters);
      plane.notificationsSent += 1;
      break;
    case 'do_nothing':
      typedParameters('do_nothing', action.parameters);
      break;
    default: {
      const unknownType: never = action.type;
      throw new RangeError(`unknown action type ${String(unknownType)}`);
    }
  }
  return parseContract(ControlPlaneSchema, plane, 'control plane after the action');
}
