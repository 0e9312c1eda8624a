import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  ControlPlaneSchema,
  DEFAULT_CONTROL_PLANE,
  type ControlPlane,
} from '../../../../src/contracts';
import {
  applyAction,
  effectiveShare,
  isControlPlaneChange,
} from '../../../../src/domain/execution/actions';
import { VALID_PARAMETERS } from '../../support/factories';

/** Action types applyAction applies to a plane alone (an unwind needs the action it undoes). */
const PLANE_ACTION_TYPES = ACTION_TYPES.filter((type) => type !== 'unwind_action');

function plane(overrides: Partial<ControlPlane> = {}): ControlPlane {
  return { ...structuredClone(DEFAULT_CONTROL_PLANE), ...overrides };
}

describe('applyAction', () => {
  it('shift_traffic moves the percentage of the issuer traffic from one route to the other', () => {
    const next = applyAction(plane(), {
      type: 'shift_traffic',
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.3 },
    });
    expect(next.routing.visa).toEqual({ primary: 0.7, backup: 1 - 0.7 });
    expect(next.routing.mastercard).toEqual({ primary: 1, backup: 0 });
    expect(ControlPlaneSchema.safeParse(next).success).toBe(true);
  });

  it('shift_traffic back to the primary derives the backup as 1 − primary, so the sum stays 1', () => {
    let current = plane();
    for (const percentage of [0.1, 0.2, 0.3, 0.15, 0.05]) {
      current = applyAction(current, {
        type: 'shift_traffic',
        parameters: { issuerId: 'amex', fromRoute: 'primary', toRoute: 'backup', percentage },
      });
    }
    current = applyAction(current, {
      type: 'shift_traffic',
      parameters: {
        issuerId: 'amex',
        fromRoute: 'backup',
        toRoute: 'primary',
        percentage: current.routing.amex.backup,
      },
    });
    expect(current.routing.amex.primary).toBe(1);
    expect(current.routing.amex.backup).toBe(0);
    expect(ControlPlaneSchema.safeParse(current).success).toBe(true);
  });

  it('shift_traffic refuses to move more than the route carries', () => {
    const start = plane();
    start.routing.visa = { primary: 0.8, backup: 0.2 };
    expect(() =>
      applyAction(start, {
        type: 'shift_traffic',
        parameters: { issuerId: 'visa', fromRoute: 'backup', toRoute: 'primary', percentage: 0.3 },
      }),
    ).toThrow(/carries 0.2/);
  });

  it('disable_route adds the route to disabledRoutes once', () => {
    const once = applyAction(plane(), {
      type: 'disable_route',
      parameters: { issuerId: 'visa', routeId: 'backup' },
    });
    const twice = applyAction(once, {
      type: 'disable_route',
      parameters: { issuerId: 'visa', routeId: 'backup' },
    });
    expect(once.disabledRoutes).toEqual([{ issuerId: 'visa', routeId: 'backup' }]);
    expect(twice.disabledRoutes).toEqual(once.disabledRoutes);
  });

  it('disable_route refuses to disable the last enabled route of an issuer', () => {
    const start = plane({ disabledRoutes: [{ issuerId: 'visa', routeId: 'backup' }] });
    expect(() =>
      applyAction(start, {
        type: 'disable_route',
        parameters: { issuerId: 'visa', routeId: 'primary' },
      }),
    ).toThrow(/every route of visa is disabled/);
  });

  it('adjust_retry_policy sets max retries and multiplier and keeps backoff', () => {
    const start = plane();
    start.retryPolicy.backoff = true;
    const next = applyAction(start, {
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 1, multiplier: 1.25 },
    });
    expect(next.retryPolicy).toEqual({ maxRetries: 1, multiplier: 1.25, backoff: true });
  });

  it('implement_backoff turns backoff on', () => {
    const next = applyAction(plane(), { type: 'implement_backoff', parameters: {} });
    expect(next.retryPolicy.backoff).toBe(true);
  });

  it('adjust_timeout sets the timeout', () => {
    const next = applyAction(plane(), {
      type: 'adjust_timeout',
      parameters: { timeoutMs: 800 },
    });
    expect(next.timeoutMs).toBe(800);
  });

  it('rate_limit sets the attempts per payment', () => {
    const next = applyAction(plane(), {
      type: 'rate_limit',
      parameters: { attemptsPerPayment: 2 },
    });
    expect(next.rateLimit).toBe(2);
  });

  it('send_notification counts one more notification', () => {
    const next = applyAction(plane({ notificationsSent: 4 }), {
      type: 'send_notification',
      parameters: { channel: 'on_call' },
    });
    expect(next.notificationsSent).toBe(5);
  });

  it('do_nothing returns an equal plane that is a new object', () => {
    const start = plane();
    const next = applyAction(start, { type: 'do_nothing', parameters: {} });
    expect(next).toEqual(start);
    expect(next).not.toBe(start);
    expect(next.routing).not.toBe(start.routing);
  });

  it('never mutates its input', () => {
    const start = plane();
    const snapshot = structuredClone(start);
    for (const type of PLANE_ACTION_TYPES) {
      applyAction(start, { type, parameters: VALID_PARAMETERS[type] });
    }
    expect(start).toEqual(snapshot);
  });

  it('every action type with typical parameters yields a plane that parses', () => {
    for (const type of PLANE_ACTION_TYPES) {
      const next = applyAction(plane(), { type, parameters: VALID_PARAMETERS[type] });
      expect(ControlPlaneSchema.safeParse(next).success, type).toBe(true);
    }
  });

  it('refuses parameters that do not match the action type', () => {
    expect(() =>
      applyAction(plane(), { type: 'adjust_timeout', parameters: { timeoutMs: 'fast' } }),
    ).toThrow(/timeoutMs/);
    expect(() =>
      applyAction(plane(), { type: 'do_nothing', parameters: { surprise: true } }),
    ).toThrow(/do_nothing parameters/);
  });
});

describe('applyAction on the actions that need more than a plane', () => {
  it('refuses an unwind on its own: it is resolved against the action it undoes', () => {
    expect(() =>
      applyAction(plane(), { type: 'unwind_action', parameters: VALID_PARAMETERS.unwind_action }),
    ).toThrow(/against the action it undoes/);
  });

  it('fails a processor over by moving each issuer up to the share, less where it carries less', () => {
    const start = plane();
    start.routing.amex = { primary: 0.1, backup: 0.9 };
    const next = applyAction(start, {
      type: 'failover_processor',
      parameters: { fromRoute: 'primary', toRoute: 'backup', percentage: 0.4 },
    });
    expect(next.routing.visa).toEqual({ primary: 0.6, backup: 0.4 });
    expect(next.routing.discover).toEqual({ primary: 0.6, backup: 0.4 });
    expect(next.routing.amex).toEqual({ primary: 0, backup: 1 });
  });
});

describe('isControlPlaneChange', () => {
  it('counts routing, retry, timeout and rate-limit changes, not notifications or doing nothing', () => {
    const changes = ACTION_TYPES.filter(isControlPlaneChange);
    expect(changes).toEqual([
      'shift_traffic',
      'failover_processor',
      'unwind_action',
      'disable_route',
      'adjust_retry_policy',
      'implement_backoff',
      'adjust_timeout',
      'rate_limit',
    ]);
  });
});

describe('effectiveShare', () => {
  it('is the weight while both routes are enabled and all or nothing once one is disabled', () => {
    const start = plane();
    start.routing.visa = { primary: 0.6, backup: 0.4 };
    expect(effectiveShare(start, 'visa', 'backup')).toBe(0.4);
    start.disabledRoutes = [{ issuerId: 'visa', routeId: 'primary' }];
    expect(effectiveShare(start, 'visa', 'backup')).toBe(1);
    expect(effectiveShare(start, 'visa', 'primary')).toBe(0);
  });
});
