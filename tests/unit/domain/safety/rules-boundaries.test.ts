import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  type ControlPlane,
  type SafetyLimits,
} from '../../../../src/contracts';
import {
  knownActionType,
  lastEnabledRoute,
  maxConcurrentActions,
  maxRetryMultiplier,
  routingFitsPlane,
  ruleContext,
  shareMoved,
  typedParameters,
  validControlPlane,
  validDecision,
  type GuardrailInput,
} from '../../../../src/domain/safety';
import { makeDecision } from '../../support/factories';

type Route = { issuerId: 'visa'; routeId: 'primary' | 'backup' };

/** The default plane with visa's weights and disabled routes replaced. */
function plane(primary = 1, disabled: Route['routeId'][] = []): ControlPlane {
  const p = structuredClone(DEFAULT_CONTROL_PLANE);
  p.routing.visa = { primary, backup: 1 - primary };
  p.disabledRoutes = disabled.map((routeId) => ({ issuerId: 'visa', routeId }));
  return p;
}

function ctx(decision: unknown, extra: Partial<Omit<GuardrailInput, 'decision'>> = {}) {
  return ruleContext({
    decision,
    controlPlane: extra.controlPlane ?? plane(),
    activeActionCount: extra.activeActionCount ?? 0,
    limits: extra.limits ?? DEFAULT_SAFETY_LIMITS,
  });
}

/** A decision whose action has this type and these parameters, unchecked. */
function action(type: string, parameters: unknown): unknown {
  const d = makeDecision() as unknown as { selectedAction: Record<string, unknown> };
  d.selectedAction.type = type;
  d.selectedAction.parameters = parameters;
  return d;
}

const messages = (violations: { message: string }[]) => violations.map((v) => v.message);

describe('validControlPlane', () => {
  it('names the broken field under controlPlane', () => {
    const broken = { ...plane(), timeoutMs: 10 };
    const [v] = validControlPlane(ctx(makeDecision(), { controlPlane: broken }));
    expect(v?.rule).toBe('valid_parameters');
    expect(v?.message).toMatch(
      /^The current control plane is invalid, so no action can be checked against it: controlPlane\.timeoutMs: \S/,
    );
  });
});

describe('validDecision', () => {
  it('quotes what arrived when the decision is not an object', () => {
    expect(validDecision(ctx('shift everything'))).toEqual([
      {
        rule: 'valid_decision',
        message: 'The decision is not an object (got "shift everything").',
      },
    ]);
  });

  it('reports a prototype-altering key with its path', () => {
    const decision = JSON.parse(
      JSON.stringify(makeDecision()).replace('{', '{"__proto__":{"polluted":true},'),
    ) as unknown;
    const found = validDecision(ctx(decision));
    expect(found).toHaveLength(1);
    expect(found[0]?.rule).toBe('valid_decision');
    expect(found[0]?.message).toMatch(/^The decision has .+ at .*__proto__.*\.$/);
  });

  it('lists exactly three contract problems without a remainder', () => {
    const d = { ...makeDecision(), score: 'high', decidedAt: 'now', rejectedActions: 'none' };
    const [v] = validDecision(ctx(d));
    expect(v?.message.startsWith('The decision does not match the contract: ')).toBe(true);
    expect(v?.message.split('; ')).toHaveLength(3);
    expect(v?.message).not.toContain('more');
  });

  it('lists the first three of five problems and counts the other two', () => {
    const d = {
      ...makeDecision(),
      score: 'high',
      decidedAt: 'now',
      rejectedActions: 'none',
      requiresHumanApproval: 'maybe',
      approvalReasons: 'none',
    };
    const [v] = validDecision(ctx(d));
    const parts = v?.message.split('; ') ?? [];
    expect(parts).toHaveLength(4);
    expect(parts[3]).toBe('… and 2 more');
  });
});

describe('knownActionType and typedParameters', () => {
  it('lists the known types, comma separated', () => {
    const [v] = knownActionType(ctx(action('reboot', {})));
    expect(v?.message).toBe(
      'Unknown action type "reboot"; known types are shift_traffic, failover_processor, unwind_action, disable_route, adjust_retry_policy, implement_backoff, adjust_timeout, rate_limit, send_notification, do_nothing.',
    );
  });

  it('says nothing about the parameters of an unknown type', () => {
    expect(typedParameters(ctx(action('reboot', { anything: 1 })))).toEqual([]);
  });
});

describe('shareMoved', () => {
  it('names no issuer when the shift gives none that is text', () => {
    const d = action('shift_traffic', { issuerId: 42, fromRoute: 'primary', percentage: 0.8 });
    expect(messages(shareMoved(ctx(d)))).toEqual([
      "Traffic shift 80.0% of the issuer's traffic exceeds the maximum 50.0% per action",
    ]);
  });

  it('quotes the issuer it is given', () => {
    const d = action('shift_traffic', { issuerId: 'visa', fromRoute: 'primary', percentage: 0.8 });
    expect(messages(shareMoved(ctx(d)))).toEqual([
      'Traffic shift 80.0% of "visa"\'s traffic exceeds the maximum 50.0% per action',
    ]);
  });

  it('lets a route whose other route is disabled go to the last-route rule instead', () => {
    const offBackup = action('disable_route', { issuerId: 'visa', routeId: 'backup' });
    expect(shareMoved(ctx(offBackup, { controlPlane: plane(1, ['primary']) }))).toEqual([]);
    const offPrimary = action('disable_route', { issuerId: 'visa', routeId: 'primary' });
    expect(shareMoved(ctx(offPrimary, { controlPlane: plane(1, ['backup']) }))).toEqual([]);
  });

  it('allows disabling a route carrying exactly the maximum plus the tolerance', () => {
    const d = action('disable_route', { issuerId: 'visa', routeId: 'primary' });
    const share = DEFAULT_SAFETY_LIMITS.maxTrafficShift + 1e-9;
    expect(ctx(d, { controlPlane: plane(share) }).plane).not.toBeNull();
    expect(shareMoved(ctx(d, { controlPlane: plane(share) }))).toEqual([]);
    expect(messages(shareMoved(ctx(d, { controlPlane: plane(0.6) })))).toEqual([
      "Disabling visa's primary route would move 60.0% of its traffic at once; at most 50.0% per action (shift traffic off it first).",
    ]);
  });
});

describe('routingFitsPlane', () => {
  const shift = (fromRoute: string, toRoute: string, percentage: number) =>
    action('shift_traffic', { issuerId: 'visa', fromRoute, toRoute, percentage });

  it('refuses a shift onto the same route, and only for that reason', () => {
    expect(routingFitsPlane(ctx(shift('primary', 'primary', 0.25)))).toEqual([
      { rule: 'valid_parameters', message: 'Traffic cannot be shifted from primary to itself.' },
    ]);
    const onDisabled = ctx(shift('backup', 'backup', 0.1), {
      controlPlane: plane(0.5, ['backup']),
    });
    expect(messages(routingFitsPlane(onDisabled))).toEqual([
      'Traffic cannot be shifted from backup to itself.',
    ]);
  });

  it('allows moving all a route carries, and refuses more', () => {
    const p = plane(0.25);
    expect(routingFitsPlane(ctx(shift('primary', 'backup', 0.25), { controlPlane: p }))).toEqual(
      [],
    );
    expect(
      routingFitsPlane(ctx(shift('primary', 'backup', 0.25 + 1e-9), { controlPlane: p })),
    ).toEqual([]);
    expect(
      messages(routingFitsPlane(ctx(shift('primary', 'backup', 0.3), { controlPlane: p }))),
    ).toEqual(["visa's primary route carries 25.0% of its traffic; cannot move 30.0%."]);
  });

  it('refuses a shift to a disabled route', () => {
    const c = ctx(shift('primary', 'backup', 0.25), { controlPlane: plane(1, ['backup']) });
    expect(messages(routingFitsPlane(c))).toEqual([
      "Cannot shift traffic to visa's backup route: it is disabled.",
    ]);
  });

  it('refuses disabling a route twice', () => {
    const d = action('disable_route', { issuerId: 'visa', routeId: 'backup' });
    expect(messages(routingFitsPlane(ctx(d, { controlPlane: plane(1, ['backup']) })))).toEqual([
      "visa's backup route is already disabled.",
    ]);
    expect(routingFitsPlane(ctx(d))).toEqual([]);
  });

  it('has nothing to say about other action types', () => {
    expect(routingFitsPlane(ctx(makeDecision({ type: 'adjust_timeout' })))).toEqual([]);
  });
});

describe('lastEnabledRoute', () => {
  it('refuses disabling either route when the other is already off', () => {
    const backup = action('disable_route', { issuerId: 'visa', routeId: 'backup' });
    expect(
      messages(lastEnabledRoute(ctx(backup, { controlPlane: plane(0, ['primary']) }))),
    ).toEqual(["Cannot disable visa's backup route: it is the issuer's last enabled route."]);
    const primary = action('disable_route', { issuerId: 'visa', routeId: 'primary' });
    expect(
      messages(lastEnabledRoute(ctx(primary, { controlPlane: plane(1, ['backup']) }))),
    ).toEqual(["Cannot disable visa's primary route: it is the issuer's last enabled route."]);
  });

  it('ignores shifts, even onto a disabled route, and unreadable parameters', () => {
    const shift = action('shift_traffic', {
      issuerId: 'visa',
      fromRoute: 'backup',
      toRoute: 'primary',
      percentage: 0.1,
    });
    expect(lastEnabledRoute(ctx(shift, { controlPlane: plane(0, ['primary']) }))).toEqual([]);
    expect(lastEnabledRoute(ctx(action('disable_route', {})))).toEqual([]);
  });
});

describe('maxRetryMultiplier', () => {
  it('reads a multiplier only from a retry policy', () => {
    const d = action('shift_traffic', {
      issuerId: 'visa',
      fromRoute: 'primary',
      toRoute: 'backup',
      percentage: 0.25,
      multiplier: 9,
    });
    expect(maxRetryMultiplier(ctx(d))).toEqual([]);
  });
});

describe('maxConcurrentActions', () => {
  const limits = (maxConcurrentActions: number): SafetyLimits => ({
    ...DEFAULT_SAFETY_LIMITS,
    maxConcurrentActions,
  });

  it('does not count against unknown types, notifications or doing nothing', () => {
    expect(maxConcurrentActions(ctx(action('reboot', {}), { activeActionCount: 5 }))).toEqual([]);
    const notify = makeDecision({ type: 'send_notification' });
    expect(maxConcurrentActions(ctx(notify, { activeActionCount: 5 }))).toEqual([]);
  });

  it('refuses a count that is not a whole number', () => {
    const nan = ctx(makeDecision(), { activeActionCount: Number.NaN });
    expect(maxConcurrentActions(nan)).toEqual([
      {
        rule: 'max_concurrent_actions',
        message: 'The number of active actions is not a count (got NaN); refusing to add another.',
      },
    ]);
    const half = ctx(makeDecision(), { activeActionCount: 1.5 });
    expect(messages(maxConcurrentActions(half))).toEqual([
      'The number of active actions is not a count (got 1.5); refusing to add another.',
    ]);
  });

  it('words one active action in the singular and more in the plural', () => {
    const one = ctx(makeDecision(), { activeActionCount: 1, limits: limits(1) });
    expect(messages(maxConcurrentActions(one))).toEqual([
      '1 action already active; at most 1 may be active at once.',
    ]);
    const three = ctx(makeDecision(), { activeActionCount: 3 });
    expect(messages(maxConcurrentActions(three))).toEqual([
      '3 actions already active; at most 3 may be active at once.',
    ]);
    expect(maxConcurrentActions(ctx(makeDecision(), { activeActionCount: 2 }))).toEqual([]);
  });
});
