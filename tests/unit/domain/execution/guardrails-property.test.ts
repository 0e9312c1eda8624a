import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  ControlPlaneSchema,
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  DecisionSchema,
  HumanApprovalSchema,
  ISSUER_IDS,
  SafetyCheckSchema,
  TypedParametersSchemas,
  type ControlPlane,
  type SafetyLimits,
} from '../../../../src/contracts';
import {
  applyAction,
  effectiveShare,
  isControlPlaneChange,
} from '../../../../src/domain/execution/actions';
import { assessDecision } from '../../../../src/domain/execution/guardrails';
import { Random } from '../../../../src/domain/random';
import { makeDecision, T0, VALID_PARAMETERS } from '../../support/factories';

const CASES = 5000;

/** Picks one of the items. */
function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.nextInt(items.length)] as T;
}

/** Half the cases are plausible engine output near the limits, half are hostile. */
let plausible = false;

/** Numbers an LLM (or an attacker) might put where a number belongs. */
function hostileNumber(random: Random, typical: number): unknown {
  if (plausible) {
    return pick(random, [typical, typical, typical, 0.5, 0.5000001, 0.4999999, 3, 3.0001, 2.9999]);
  }
  return pick(random, [
    typical,
    typical,
    random.next(),
    random.next() * 5,
    -random.next(),
    0,
    0.5,
    0.5000001,
    0.4999999,
    3,
    3.0001,
    2.9999,
    1,
    1.0000001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1e308,
    -1e-12,
    String(typical),
    '0.3',
    'NaN',
    null,
    undefined,
    true,
    [typical],
    { value: typical },
  ]);
}

function hugeString(random: Random): string {
  return 'x'.repeat(1000 + random.nextInt(200_000));
}

/** Random parameters for a type: valid, edge, wrong-typed, missing or extra. */
function parameters(random: Random, type: string): unknown {
  const roll = plausible ? 1 : random.next();
  if (roll < 0.05) return pick(random, [null, undefined, 'all of it', [], 42]);
  if (roll < 0.1) return JSON.parse('{"__proto__": {"isAdmin": true}, "percentage": 0.2}');
  const base: Record<string, unknown> = {
    ...(VALID_PARAMETERS[type as keyof typeof VALID_PARAMETERS] ?? {}),
  };
  switch (type) {
    case 'shift_traffic':
      base.issuerId = pick(random, [...ISSUER_IDS, 'diners', '', hugeString(random)]);
      base.fromRoute = pick(random, ['primary', 'backup', 'primary', 'backup', 'tertiary']);
      base.toRoute = pick(random, ['backup', 'primary', 'backup', 'primary', 3]);
      base.percentage = hostileNumber(random, random.next() * 0.7);
      break;
    case 'disable_route':
      base.issuerId = pick(random, [...ISSUER_IDS, 'unknown']);
      base.routeId = pick(random, ['primary', 'backup', 'both']);
      break;
    case 'adjust_retry_policy':
      base.maxRetries = hostileNumber(random, random.nextInt(6));
      base.multiplier = hostileNumber(random, random.next() * 4);
      break;
    case 'adjust_timeout':
      base.timeoutMs = hostileNumber(random, 100 + random.nextInt(5000));
      break;
    case 'rate_limit':
      base.attemptsPerPayment = hostileNumber(random, 1 + random.nextInt(5));
      break;
    default:
      break;
  }
  if (plausible) return base;
  if (random.chance(0.05)) base.extra = hugeString(random);
  if (random.chance(0.03)) delete base[pick(random, Object.keys(base).concat('nothing'))];
  return base;
}

/** A decision shaped like reasoning-engine or hostile LLM output. */
function decision(random: Random): unknown {
  plausible = random.chance(0.5);
  if (random.chance(0.02)) return pick(random, [null, 'approve everything', 17, [], undefined]);
  const type =
    !plausible && random.chance(0.15)
      ? pick(random, ['wire_money', '', 'SHIFT_TRAFFIC', 'constructor', hugeString(random), 7])
      : pick(random, ACTION_TYPES);
  const base = makeDecision({
    type: ACTION_TYPES.includes(type as never) ? (type as never) : 'do_nothing',
  });
  const action: Record<string, unknown> = {
    ...base.selectedAction,
    type,
    parameters: parameters(random, String(type)),
    reversible:
      plausible || random.chance(0.85) ? true : pick(random, [false, 'yes', null, undefined]),
    estimatedImpact: {
      ...base.selectedAction.estimatedImpact,
      riskLevel: random.chance(0.9) ? random.next() * 0.9 : hostileNumber(random, 0.2),
    },
  };
  if (!plausible && random.chance(0.03)) action.description = hugeString(random);
  const out: Record<string, unknown> = {
    ...base,
    selectedAction: action,
    confidenceInDecision:
      plausible || random.chance(0.85) ? 0.3 + random.next() * 0.69 : hostileNumber(random, 0.8),
    requiresHumanApproval:
      plausible || random.chance(0.8) ? random.chance(0.3) : pick(random, ['no', null, 0]),
  };
  if (!plausible && random.chance(0.02)) {
    return JSON.parse(`{"__proto__": {"isApproved": true}, "decision": ${JSON.stringify(out)}}`);
  }
  if (!plausible && random.chance(0.02))
    Object.assign(out, JSON.parse('{"constructor": {"prototype": {"isApproved": true}}}'));
  return out;
}

/** A valid control plane with random routing, disabled routes and retry policy. */
function controlPlane(random: Random): ControlPlane {
  const plane = structuredClone(DEFAULT_CONTROL_PLANE);
  for (const issuerId of ISSUER_IDS) {
    const primary = pick(random, [1, 1, 0.5, 0.25, 0, random.next()]);
    plane.routing[issuerId] = { primary, backup: 1 - primary };
    if (random.chance(0.15)) {
      plane.disabledRoutes.push({
        issuerId,
        routeId: pick(random, ['primary', 'backup'] as const),
      });
    }
  }
  plane.retryPolicy.multiplier = random.next() * 3;
  return ControlPlaneSchema.parse(plane);
}

/** Limits the caller passes: sometimes stricter, sometimes (illegally) looser. */
function limits(random: Random): SafetyLimits {
  if (plausible && random.chance(0.6)) return DEFAULT_SAFETY_LIMITS;
  return {
    minConfidence: pick(random, [0.6, 0.4, 0.8, 0.1]),
    maxTrafficShift: pick(random, [0.5, 0.2, 0.9, 1]),
    maxRetryMultiplier: pick(random, [3, 2, 6, 10]),
    maxConcurrentActions: pick(random, [3, 1, 10, 0]),
    approvalRiskThreshold: pick(random, [0.7, 0.3, 1]),
  };
}

/** The stricter of the given and default limits, computed independently of the code under test. */
function strictest(given: SafetyLimits): SafetyLimits {
  return {
    minConfidence: Math.max(given.minConfidence, DEFAULT_SAFETY_LIMITS.minConfidence),
    maxTrafficShift: Math.min(given.maxTrafficShift, DEFAULT_SAFETY_LIMITS.maxTrafficShift),
    maxRetryMultiplier: Math.min(
      given.maxRetryMultiplier,
      DEFAULT_SAFETY_LIMITS.maxRetryMultiplier,
    ),
    maxConcurrentActions: Math.min(
      given.maxConcurrentActions,
      DEFAULT_SAFETY_LIMITS.maxConcurrentActions,
    ),
    approvalRiskThreshold: Math.min(
      given.approvalRiskThreshold,
      DEFAULT_SAFETY_LIMITS.approvalRiskThreshold,
    ),
  };
}

describe('guardrails under random and hostile decisions', () => {
  it(`never approve an action whose applied control plane breaks a limit (${CASES} cases)`, () => {
    const random = new Random(20260121);
    let approved = 0;
    let blocked = 0;
    for (let i = 0; i < CASES; i++) {
      const input = {
        decision: decision(random),
        controlPlane: controlPlane(random),
        activeActionCount: plausible
          ? pick(random, [0, 0, 1, 2, 3])
          : pick(random, [0, 0, 1, 2, 3, 4, Number.NaN, -1, 1.5]),
        limits: limits(random),
        ...(random.chance(0.4)
          ? {
              humanApproval: pick(random, [
                { approved: true, at: T0 },
                { approved: false, at: T0 },
                { approved: 'true', at: T0 },
                { approved: true, at: -1 },
              ]) as never,
            }
          : {}),
      };
      const assessment = assessDecision(input);
      const check = assessment.safetyCheck;
      expect(SafetyCheckSchema.safeParse(check).success).toBe(true);
      expect(check.isApproved).toBe(check.violations.length === 0);
      expect(check.blockReason === null).toBe(check.isApproved);
      if (!check.isApproved) {
        blocked++;
        expect(assessment.resultingControlPlane).toBeNull();
        continue;
      }
      approved++;
      const limit = strictest(input.limits);
      const d = DecisionSchema.parse(input.decision);
      const action = d.selectedAction;
      const typed = TypedParametersSchemas[action.type].parse(action.parameters);
      const before = input.controlPlane;
      const after = assessment.resultingControlPlane as ControlPlane;

      expect(ControlPlaneSchema.safeParse(after).success).toBe(true);
      expect(after).toEqual(applyAction(before, { type: action.type, parameters: typed }));
      // Doing nothing changes nothing and needs no confidence; every other action does.
      if (action.type !== 'do_nothing') {
        expect(d.confidenceInDecision).toBeGreaterThanOrEqual(limit.minConfidence);
      } else {
        expect(after).toEqual(before);
      }
      for (const issuerId of ISSUER_IDS) {
        const moved = Math.abs(
          effectiveShare(after, issuerId, 'primary') - effectiveShare(before, issuerId, 'primary'),
        );
        expect(moved).toBeLessThanOrEqual(limit.maxTrafficShift + 1e-9);
        const enabled = ['primary', 'backup'].filter(
          (routeId) =>
            !after.disabledRoutes.some((r) => r.issuerId === issuerId && r.routeId === routeId),
        );
        expect(enabled.length).toBeGreaterThan(0);
      }
      if (after.retryPolicy.multiplier !== before.retryPolicy.multiplier) {
        expect(after.retryPolicy.multiplier).toBeLessThanOrEqual(limit.maxRetryMultiplier);
      }
      if (isControlPlaneChange(action.type)) {
        expect(Number.isInteger(input.activeActionCount)).toBe(true);
        expect(input.activeActionCount).toBeLessThan(limit.maxConcurrentActions);
      }
      const needsHuman =
        d.requiresHumanApproval ||
        action.estimatedImpact.riskLevel >= limit.approvalRiskThreshold ||
        !action.reversible;
      const approval = HumanApprovalSchema.safeParse(input.humanApproval);
      if (needsHuman) expect(approval.success && approval.data.approved).toBe(true);
      if (input.humanApproval !== undefined && approval.success) {
        expect(approval.data.approved).toBe(true);
      }
    }
    // The generator must exercise both sides, or the invariant above would hold vacuously.
    expect(approved).toBeGreaterThan(CASES * 0.05);
    expect(blocked).toBeGreaterThan(CASES * 0.5);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).isApproved).toBeUndefined();
  });

  it('never throw, whatever the decision is made of', () => {
    const random = new Random(7);
    const weird: unknown[] = [
      Object.create(null),
      new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
          ownKeys() {
            throw new Error('trap');
          },
        },
      ),
      {
        selectedAction: {
          get type() {
            throw new Error('getter');
          },
        },
      },
      JSON.parse('{"selectedAction": {"__proto__": {"type": "shift_traffic"}}}'),
    ];
    for (let i = 0; i < 500; i++) weird.push(decision(random));
    for (const value of weird) {
      const check = assessDecision({
        decision: value,
        controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
        activeActionCount: 0,
        limits: DEFAULT_SAFETY_LIMITS,
      }).safetyCheck;
      expect(SafetyCheckSchema.safeParse(check).success).toBe(true);
    }
  });
});
