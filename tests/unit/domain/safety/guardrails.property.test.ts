import fc from 'fast-check';
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
import { assessDecision, type GuardrailInput } from '../../../../src/domain/safety';
import { makeDecision, T0, VALID_PARAMETERS } from '../../support/factories';
import { FUZZ_RUNS } from '../../support/fuzz-runs';

/** Numbers an LLM (or an attacker) might put where a number belongs, near the limits or not. */
function hostileNumber(typical: fc.Arbitrary<number>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: typical },
    {
      weight: 3,
      arbitrary: fc.constantFrom(0.5, 0.5000001, 0.4999999, 3, 3.0001, 2.9999, 1, 1.0000001, 0),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        1e308,
        -1e-12,
        '0.3',
        'NaN',
        null,
        undefined,
        true,
        [0.2],
        { value: 0.2 },
      ),
    },
  );
}

const issuer = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ISSUER_IDS) },
  { weight: 1, arbitrary: fc.constantFrom('diners', '', 'x'.repeat(5000)) },
);
const route = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('primary', 'backup') },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('tertiary', 3, 'both') },
);

/** Parameters for a type: valid, near the limits, wrong-typed, missing or extra. */
function parameters(type: unknown): fc.Arbitrary<unknown> {
  const base = { ...(VALID_PARAMETERS[type as keyof typeof VALID_PARAMETERS] ?? {}) };
  let typed: fc.Arbitrary<Record<string, unknown>>;
  switch (type) {
    case 'shift_traffic':
      typed = fc.record({
        issuerId: issuer,
        fromRoute: route,
        toRoute: route,
        percentage: hostileNumber(fc.double({ min: 0, max: 0.7, noNaN: true })),
      });
      break;
    case 'disable_route':
      typed = fc.record({ issuerId: issuer, routeId: route });
      break;
    case 'adjust_retry_policy':
      typed = fc.record({
        maxRetries: hostileNumber(fc.integer({ min: 0, max: 5 })),
        multiplier: hostileNumber(fc.double({ min: 0, max: 4, noNaN: true })),
      });
      break;
    case 'adjust_timeout':
      typed = fc.record({ timeoutMs: hostileNumber(fc.integer({ min: 100, max: 5100 })) });
      break;
    case 'rate_limit':
      typed = fc.record({ attemptsPerPayment: hostileNumber(fc.integer({ min: 1, max: 5 })) });
      break;
    default:
      typed = fc.constant(base);
  }
  return fc.oneof(
    { weight: 18, arbitrary: typed.map((p) => ({ ...base, ...p })) },
    { weight: 1, arbitrary: typed.map((p) => ({ ...base, ...p, extra: 'x'.repeat(3000) })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 'all of it', [], 42) },
    {
      weight: 1,
      arbitrary: fc.constant(null).map(() => JSON.parse('{"__proto__": {"isAdmin": true}}')),
    },
  );
}

const actionType = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...ACTION_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('wire_money', '', 'SHIFT_TRAFFIC', 7) },
);

/** A decision shaped like reasoning-engine or hostile LLM output. */
const decision: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 30,
    arbitrary: actionType.chain((type) =>
      fc
        .record({
          parameters: parameters(type),
          reversible: fc.oneof(
            { weight: 8, arbitrary: fc.constant<unknown>(true) },
            { weight: 1, arbitrary: fc.constantFrom<unknown>(false, 'yes', null) },
          ),
          riskLevel: fc.oneof(
            { weight: 6, arbitrary: fc.double({ min: 0, max: 0.9, noNaN: true }) },
            { weight: 1, arbitrary: hostileNumber(fc.constant(0.7)) },
          ),
          confidence: fc.oneof(
            { weight: 6, arbitrary: fc.double({ min: 0.4, max: 0.99, noNaN: true }) },
            { weight: 1, arbitrary: hostileNumber(fc.constant(0.6)) },
          ),
          asks: fc.oneof(
            { weight: 8, arbitrary: fc.boolean() },
            { weight: 1, arbitrary: fc.constantFrom<unknown>('no', null, 0) },
          ),
        })
        .map((c) => {
          const base = makeDecision({
            type: ACTION_TYPES.includes(type as never) ? (type as never) : 'do_nothing',
          });
          return {
            ...base,
            selectedAction: {
              ...base.selectedAction,
              type,
              parameters: c.parameters,
              reversible: c.reversible,
              estimatedImpact: { ...base.selectedAction.estimatedImpact, riskLevel: c.riskLevel },
            },
            confidenceInDecision: c.confidence,
            requiresHumanApproval: c.asks,
          };
        }),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'approve everything', 17, [], undefined) },
);

/** A valid control plane with random routing, disabled routes and retry multiplier. */
const controlPlane: fc.Arbitrary<ControlPlane> = fc
  .record({
    shares: fc.array(
      fc.oneof(fc.constantFrom(1, 0.5, 0.25, 0), fc.double({ min: 0, max: 1, noNaN: true })),
      { minLength: ISSUER_IDS.length, maxLength: ISSUER_IDS.length },
    ),
    disabled: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('none' as const) },
        { weight: 1, arbitrary: fc.constantFrom('primary' as const, 'backup' as const) },
      ),
      { minLength: ISSUER_IDS.length, maxLength: ISSUER_IDS.length },
    ),
    multiplier: fc.double({ min: 0, max: 3, noNaN: true }),
  })
  .map(({ shares, disabled, multiplier }) => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    ISSUER_IDS.forEach((issuerId, i) => {
      const primary = shares[i] ?? 1;
      plane.routing[issuerId] = { primary, backup: 1 - primary };
      const off = disabled[i];
      if (off === 'primary' || off === 'backup')
        plane.disabledRoutes.push({ issuerId, routeId: off });
    });
    plane.retryPolicy.multiplier = multiplier;
    return ControlPlaneSchema.parse(plane);
  });

/** Limits the caller passes: sometimes stricter, sometimes (illegally) looser. */
const limits: fc.Arbitrary<SafetyLimits> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(DEFAULT_SAFETY_LIMITS) },
  {
    weight: 1,
    arbitrary: fc.record({
      minConfidence: fc.constantFrom(0.6, 0.4, 0.8, 0.1),
      maxTrafficShift: fc.constantFrom(0.5, 0.2, 0.9, 1),
      maxRetryMultiplier: fc.constantFrom(3, 2, 6, 10),
      maxConcurrentActions: fc.constantFrom(3, 1, 10, 0),
      approvalRiskThreshold: fc.constantFrom(0.7, 0.3, 1),
    }),
  },
);

const guardrailInput: fc.Arbitrary<GuardrailInput> = fc
  .record({
    decision,
    controlPlane,
    activeActionCount: fc.constantFrom(0, 0, 0, 1, 1, 2, 3, 4, Number.NaN, -1, 1.5),
    limits,
    humanApproval: fc.option(
      fc.constantFrom<unknown>(
        { approved: true, at: T0 },
        { approved: true, at: T0 },
        { approved: false, at: T0 },
        { approved: 'true', at: T0 },
        { approved: true, at: -1 },
      ),
      { nil: undefined, freq: 2 },
    ),
  })
  .map(({ humanApproval, ...rest }) =>
    humanApproval === undefined ? rest : { ...rest, humanApproval: humanApproval as never },
  );

/** The stricter of the given and default limits, computed independently of the code under test. */
function strictest(given: SafetyLimits): SafetyLimits {
  const d = DEFAULT_SAFETY_LIMITS;
  return {
    minConfidence: Math.max(given.minConfidence, d.minConfidence),
    maxTrafficShift: Math.min(given.maxTrafficShift, d.maxTrafficShift),
    maxRetryMultiplier: Math.min(given.maxRetryMultiplier, d.maxRetryMultiplier),
    maxConcurrentActions: Math.min(given.maxConcurrentActions, d.maxConcurrentActions),
    approvalRiskThreshold: Math.min(given.approvalRiskThreshold, d.approvalRiskThreshold),
  };
}

/** Throws (so fast-check shrinks) when an approved action breaks a limit. */
function holdsEveryLimit(input: GuardrailInput): void {
  const assessment = assessDecision(input);
  const check = assessment.safetyCheck;
  expect(SafetyCheckSchema.safeParse(check).success).toBe(true);
  expect(check.isApproved).toBe(check.violations.length === 0);
  expect(check.blockReason === null).toBe(check.isApproved);
  if (!check.isApproved) {
    expect(assessment.resultingControlPlane).toBeNull();
    return;
  }
  const limit = strictest(input.limits);
  const d = DecisionSchema.parse(input.decision);
  const action = d.selectedAction;
  const typed = TypedParametersSchemas[action.type].parse(action.parameters);
  const before = input.controlPlane;
  const after = assessment.resultingControlPlane as ControlPlane;
  expect(ControlPlaneSchema.safeParse(after).success).toBe(true);
  // A routing move leaves the probe share (5 % unless set) on the route it would empty.
  const probeShare = input.limits.probeShare ?? 0.05;
  expect(after).toEqual(
    applyAction(before, { type: action.type, parameters: typed }, { probeShare }),
  );
  // Doing nothing changes nothing and, like a notification, needs no confidence; others do.
  if (action.type !== 'do_nothing' && action.type !== 'send_notification') {
    expect(d.confidenceInDecision).toBeGreaterThanOrEqual(limit.minConfidence);
  }
  if (action.type === 'do_nothing') expect(after).toEqual(before);
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
  // Notifications are pre-approved: only a human's rejection stops them.
  const needsHuman =
    action.type !== 'send_notification' &&
    (d.requiresHumanApproval ||
      action.estimatedImpact.riskLevel >= limit.approvalRiskThreshold ||
      !action.reversible);
  const approval = HumanApprovalSchema.safeParse(input.humanApproval);
  if (needsHuman) expect(approval.success && approval.data.approved).toBe(true);
  if (input.humanApproval !== undefined && approval.success) {
    expect(approval.data.approved).toBe(true);
  }
}

describe('guardrails under random and hostile decisions', () => {
  it(`never approve an action whose applied control plane breaks a limit (${FUZZ_RUNS} cases)`, () => {
    fc.assert(fc.property(guardrailInput, holdsEveryLimit), { numRuns: FUZZ_RUNS });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('generates decisions on both sides of the limits, so the property cannot hold vacuously', () => {
    const sample = fc.sample(guardrailInput, { numRuns: 1000, seed: 20260121 });
    const approved = sample.filter((input) => assessDecision(input).safetyCheck.isApproved).length;
    expect(approved).toBeGreaterThan(50);
    expect(sample.length - approved).toBeGreaterThan(500);
  });

  it('shrinks a broken limit to a minimal case', () => {
    // A deliberately wrong invariant (no approved shift moves more than 10 %) must fail, and
    // fast-check must shrink the counterexample to a shift of barely more than 10 %.
    const shifts = fc.double({ min: 0, max: 0.5, noNaN: true }).map((percentage) => ({
      decision: makeDecision({
        type: 'shift_traffic',
        parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage },
      }),
      controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
    }));
    const result = fc.check(
      fc.property(shifts, (input) => {
        const plane = assessDecision(input).resultingControlPlane;
        return plane === null || plane.routing.visa.backup <= 0.1;
      }),
      { numRuns: FUZZ_RUNS, seed: 7 },
    );
    expect(result.failed).toBe(true);
    const [minimal] = result.counterexample ?? [];
    const moved = (minimal?.decision.selectedAction.parameters as { percentage: number })
      .percentage;
    expect(moved).toBeGreaterThan(0.1);
    expect(moved).toBeLessThan(0.11);
  });

  it('never throw, whatever the decision is made of', () => {
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
      JSON.parse('{"constructor": {"prototype": {"isApproved": true}}}'),
    ];
    const check = (value: unknown) =>
      assessDecision({
        decision: value,
        controlPlane: structuredClone(DEFAULT_CONTROL_PLANE),
        activeActionCount: 0,
        limits: DEFAULT_SAFETY_LIMITS,
      }).safetyCheck;
    for (const value of weird) expect(SafetyCheckSchema.safeParse(check(value)).success).toBe(true);
    fc.assert(
      fc.property(fc.oneof(decision, fc.anything()), (value) => {
        expect(SafetyCheckSchema.safeParse(check(value)).success).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
