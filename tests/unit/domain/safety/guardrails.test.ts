import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  SafetyCheckSchema,
  type ControlPlane,
  type GuardrailRule,
  type HumanApproval,
  type SafetyLimits,
} from '../../../../src/contracts';
import {
  assessDecision,
  checkGuardrails,
  effectiveLimits,
  resolveLimits,
  transitionViolations,
  type GuardrailInput,
} from '../../../../src/domain/safety';
import { makeDecision, T0, type DecisionOverrides } from '../../support/factories';

const APPROVED: HumanApproval = { approved: true, by: 'ops lead', at: T0 };
const REJECTED: HumanApproval = { approved: false, by: 'ops lead', at: T0, note: 'not now' };

function plane(): ControlPlane {
  return structuredClone(DEFAULT_CONTROL_PLANE);
}

function check(
  decision: unknown,
  extra: Partial<Omit<GuardrailInput, 'decision'>> = {},
): ReturnType<typeof checkGuardrails> {
  return checkGuardrails({
    decision,
    controlPlane: extra.controlPlane ?? plane(),
    activeActionCount: extra.activeActionCount ?? 0,
    limits: extra.limits ?? DEFAULT_SAFETY_LIMITS,
    ...(extra.humanApproval ? { humanApproval: extra.humanApproval } : {}),
  });
}

function rules(decision: unknown, extra: Partial<Omit<GuardrailInput, 'decision'>> = {}) {
  return check(decision, extra).violations.map((v) => v.rule);
}

function passes(
  overrides: DecisionOverrides,
  extra: Partial<Omit<GuardrailInput, 'decision'>> = {},
) {
  const result = check(makeDecision(overrides), extra);
  expect(result.violations).toEqual([]);
  expect(result.isApproved).toBe(true);
  expect(result.blockReason).toBeNull();
}

describe('checkGuardrails: confidence', () => {
  it('passes at exactly the minimum confidence', () => {
    passes({ confidence: 0.6 });
  });

  it('blocks below the minimum with the seeds’ message', () => {
    const result = check(makeDecision({ confidence: 0.55 }));
    expect(result.isApproved).toBe(false);
    expect(result.violations).toEqual([
      { rule: 'min_confidence', message: 'Confidence 55.0% below minimum 60.0%' },
    ]);
    expect(result.blockReason).toBe('Confidence 55.0% below minimum 60.0%');
  });

  it('lets doing nothing and notifications through at any confidence, since they change no flow', () => {
    expect(check(makeDecision({ type: 'do_nothing', confidence: 0.2 })).isApproved).toBe(true);
    expect(check(makeDecision({ type: 'send_notification', confidence: 0.2 })).isApproved).toBe(
      true,
    );
    expect(check(makeDecision({ type: 'rate_limit', confidence: 0.2 })).isApproved).toBe(false);
  });

  it('shows enough digits to tell a value just under the minimum from it', () => {
    const result = check(makeDecision({ confidence: 0.5999 }));
    expect(result.violations[0]?.message).toBe('Confidence 59.99% below minimum 60.00%');
  });

  it('blocks a confidence that is not a number', () => {
    const decision = { ...makeDecision(), confidenceInDecision: '0.9' };
    const result = check(decision);
    expect(result.violations.map((v) => v.rule)).toEqual(['min_confidence']);
    expect(result.violations[0]?.message).toMatch(/not a finite number \(got "0.9"\)/);
  });
});

describe('checkGuardrails: traffic shift', () => {
  const shift = (percentage: number) =>
    makeDecision({
      type: 'shift_traffic',
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage },
    });

  it('passes a shift of exactly the maximum', () => {
    expect(check(shift(0.5)).isApproved).toBe(true);
  });

  it('blocks a shift above the maximum, however slightly', () => {
    const result = check(shift(0.5000001));
    expect(result.violations.map((v) => v.rule)).toEqual(['max_traffic_shift']);
    expect(result.violations[0]?.message).toMatch(
      /^Traffic shift 50\.00001% of "visa"'s traffic exceeds the maximum 50\.00000% per action$/,
    );
  });

  it('blocks moving more than the route carries', () => {
    const current = plane();
    current.routing.visa = { primary: 0.8, backup: 0.2 };
    const decision = makeDecision({
      parameters: { issuerId: 'visa', fromRoute: 'backup', toRoute: 'primary', percentage: 0.3 },
    });
    const result = check(decision, { controlPlane: current });
    expect(result.violations).toEqual([
      {
        rule: 'valid_parameters',
        message: "visa's backup route carries 20.0% of its traffic; cannot move 30.0%.",
      },
    ]);
  });

  it('blocks shifting traffic onto a disabled route', () => {
    const current = plane();
    current.disabledRoutes = [{ issuerId: 'visa', routeId: 'backup' }];
    expect(rules(shift(0.2), { controlPlane: current })).toEqual(['valid_parameters']);
  });

  it('blocks a shift from a route to itself', () => {
    const decision = makeDecision({
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'primary', percentage: 0.2 },
    });
    expect(rules(decision)).toEqual(['valid_parameters']);
  });
});

describe('checkGuardrails: retry multiplier', () => {
  const retry = (multiplier: number) =>
    makeDecision({ type: 'adjust_retry_policy', parameters: { maxRetries: 2, multiplier } });

  it('passes a multiplier of exactly the maximum', () => {
    expect(check(retry(3)).isApproved).toBe(true);
  });

  it('blocks a multiplier above the maximum', () => {
    const result = check(retry(3.0001));
    expect(result.violations).toEqual([
      {
        rule: 'max_retry_multiplier',
        message: 'Retry multiplier 3.0001x exceeds the maximum 3.0000x',
      },
    ]);
  });
});

describe('checkGuardrails: concurrent actions', () => {
  it('passes a control-plane change while fewer than the maximum are active', () => {
    passes({ type: 'adjust_timeout' }, { activeActionCount: 2 });
  });

  it('blocks a control-plane change when the maximum is already active', () => {
    const result = check(makeDecision({ type: 'adjust_timeout' }), { activeActionCount: 3 });
    expect(result.violations).toEqual([
      {
        rule: 'max_concurrent_actions',
        message: '3 actions already active; at most 3 may be active at once.',
      },
    ]);
  });

  it('does not count notifications or doing nothing as active changes', () => {
    passes({ type: 'send_notification' }, { activeActionCount: 3 });
    passes({ type: 'do_nothing' }, { activeActionCount: 3 });
  });

  it('fails closed when the active count is not a count', () => {
    expect(rules(makeDecision(), { activeActionCount: Number.NaN })).toEqual([
      'max_concurrent_actions',
    ]);
    expect(rules(makeDecision(), { activeActionCount: -1 })).toEqual(['max_concurrent_actions']);
  });
});

describe('checkGuardrails: human approval', () => {
  it('asks for approval when the decision says so, naming its reasons', () => {
    const result = check(
      makeDecision({ requiresHumanApproval: true, approvalReasons: ['Novel situation'] }),
    );
    expect(result.violations).toEqual([
      {
        rule: 'human_approval',
        message: 'Human approval required: the decision asks for it (Novel situation)',
      },
    ]);
  });

  it('asks for approval at or above the risk threshold, not below', () => {
    passes({ riskLevel: 0.69 });
    const result = check(makeDecision({ riskLevel: 0.7 }));
    expect(result.violations).toEqual([
      {
        rule: 'human_approval',
        message: 'Human approval required: risk 70.0% at or above the threshold 70.0%',
      },
    ]);
  });

  it('asks for approval for an irreversible action', () => {
    expect(rules(makeDecision({ reversible: false }))).toEqual(['irreversible_needs_approval']);
  });

  it('lets an approval satisfy every approval rule at once', () => {
    passes(
      { requiresHumanApproval: true, riskLevel: 0.9, reversible: false },
      { humanApproval: APPROVED },
    );
  });

  it('blocks on a human rejection even when no approval was needed', () => {
    const result = check(makeDecision(), { humanApproval: REJECTED });
    expect(result.violations).toEqual([
      { rule: 'human_approval', message: 'Rejected by a human (ops lead): not now' },
    ]);
  });

  it('ignores a malformed approval instead of treating it as a yes', () => {
    const approval = { approved: 'yes', at: T0 } as unknown as HumanApproval;
    expect(
      rules(makeDecision({ requiresHumanApproval: true }), { humanApproval: approval }),
    ).toEqual(['human_approval']);
  });

  it('treats a missing approval flag as asking for one', () => {
    const decision: Record<string, unknown> = { ...makeDecision() };
    delete decision.requiresHumanApproval;
    expect(rules(decision)).toContain('human_approval');
  });
});

describe('checkGuardrails: an approval never lifts a hard limit', () => {
  const cases: [
    string,
    DecisionOverrides,
    Partial<Omit<GuardrailInput, 'decision'>>,
    GuardrailRule,
  ][] = [
    ['low confidence', { confidence: 0.3 }, {}, 'min_confidence'],
    [
      'oversized shift',
      {
        parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 0.9 },
      },
      {},
      'max_traffic_shift',
    ],
    [
      'aggressive retries',
      { type: 'adjust_retry_policy', parameters: { maxRetries: 3, multiplier: 5 } },
      {},
      'max_retry_multiplier',
    ],
    [
      'too many active actions',
      { type: 'rate_limit' },
      { activeActionCount: 3 },
      'max_concurrent_actions',
    ],
    [
      'bad parameters',
      { type: 'adjust_timeout', parameters: { timeoutMs: 10 } },
      {},
      'valid_parameters',
    ],
  ];
  for (const [name, overrides, extra, rule] of cases) {
    it(`still blocks ${name} when a human approved`, () => {
      const result = check(makeDecision({ ...overrides, requiresHumanApproval: true }), {
        ...extra,
        humanApproval: APPROVED,
      });
      expect(result.isApproved).toBe(false);
      expect(result.violations.map((v) => v.rule)).toEqual([rule]);
    });
  }

  it('still blocks disabling the last enabled route when a human approved', () => {
    const current = plane();
    current.disabledRoutes = [{ issuerId: 'visa', routeId: 'backup' }];
    const decision = makeDecision({
      type: 'disable_route',
      parameters: { issuerId: 'visa', routeId: 'primary' },
      requiresHumanApproval: true,
    });
    const result = check(decision, { controlPlane: current, humanApproval: APPROVED });
    expect(result.violations).toEqual([
      {
        rule: 'last_enabled_route',
        message: "Cannot disable visa's primary route: it is the issuer's last enabled route.",
      },
    ]);
  });
});

describe('checkGuardrails: action type and parameters', () => {
  it('blocks an unknown action type', () => {
    const decision = makeDecision();
    const hostile = {
      ...decision,
      selectedAction: { ...decision.selectedAction, type: 'wire_money' },
    };
    const result = check(hostile);
    expect(result.violations.map((v) => v.rule)).toEqual(['known_action_type']);
    expect(result.violations[0]?.message).toMatch(/^Unknown action type "wire_money"; known types/);
  });

  it('blocks parameters that do not fit the action type, naming the path', () => {
    const result = check(
      makeDecision({ type: 'rate_limit', parameters: { attemptsPerPayment: 0 } }),
    );
    expect(result.violations.map((v) => v.rule)).toEqual(['valid_parameters']);
    expect(result.violations[0]?.message).toMatch(
      /^Parameters of rate_limit are invalid: parameters\.attemptsPerPayment:/,
    );
  });

  it('blocks unexpected extra parameters', () => {
    expect(
      rules(makeDecision({ type: 'implement_backoff', parameters: { enabled: true, jitter: 5 } })),
    ).toEqual(['valid_parameters']);
  });

  it('blocks a decision that is not an object at all', () => {
    const result = check('shift all the traffic');
    expect(result.isApproved).toBe(false);
    expect(result.violations.map((v) => v.rule)).toEqual([
      'valid_decision',
      'min_confidence',
      'known_action_type',
      'human_approval',
      'human_approval',
      'irreversible_needs_approval',
    ]);
  });
});

describe('checkGuardrails: routes', () => {
  it('passes disabling a route that carries at most the maximum shift', () => {
    passes({ type: 'disable_route', parameters: { issuerId: 'visa', routeId: 'backup' } });
  });

  it('treats disabling a route that carries everything as a shift above the maximum', () => {
    const result = check(
      makeDecision({ type: 'disable_route', parameters: { issuerId: 'visa', routeId: 'primary' } }),
    );
    expect(result.violations.map((v) => v.rule)).toEqual(['max_traffic_shift']);
    expect(result.violations[0]?.message).toMatch(/would move 100\.0% of its traffic at once/);
  });

  it('passes disabling the primary once half the traffic has been shifted off it', () => {
    const current = plane();
    current.routing.visa = { primary: 0.5, backup: 0.5 };
    passes(
      { type: 'disable_route', parameters: { issuerId: 'visa', routeId: 'primary' } },
      { controlPlane: current },
    );
  });

  it('blocks disabling a route that is already disabled', () => {
    const current = plane();
    current.disabledRoutes = [{ issuerId: 'amex', routeId: 'backup' }];
    expect(
      rules(
        makeDecision({
          type: 'disable_route',
          parameters: { issuerId: 'amex', routeId: 'backup' },
        }),
        { controlPlane: current },
      ),
    ).toEqual(['valid_parameters']);
  });
});

describe('checkGuardrails: every violation at once', () => {
  it('reports all broken rules together and summarises them in blockReason', () => {
    const decision = makeDecision({
      type: 'adjust_retry_policy',
      parameters: { maxRetries: 3, multiplier: 4 },
      confidence: 0.4,
      riskLevel: 0.8,
      reversible: false,
      requiresHumanApproval: true,
    });
    const result = check(decision, { activeActionCount: 5 });
    expect(result.violations.map((v) => v.rule)).toEqual([
      'min_confidence',
      'max_retry_multiplier',
      'max_concurrent_actions',
      'human_approval',
      'human_approval',
      'irreversible_needs_approval',
    ]);
    expect(result.blockReason).toMatch(
      /^6 guardrail violations: Confidence 40\.0% below minimum 60\.0%; Retry multiplier/,
    );
    expect(SafetyCheckSchema.safeParse(result).success).toBe(true);
  });

  it('reports a malformed field and the limits it breaks together', () => {
    const decision = makeDecision({
      parameters: { issuerId: 'visa', fromRoute: 'primary', toRoute: 'backup', percentage: 1.5 },
    });
    expect(rules(decision)).toEqual(['valid_parameters', 'max_traffic_shift']);
  });

  it('reports a contract problem of the decision next to the limits it breaks', () => {
    const decision = { ...makeDecision({ confidence: 0.5 }), score: 7 };
    const result = check(decision);
    expect(result.violations.map((v) => v.rule)).toEqual(['valid_decision', 'min_confidence']);
    expect(result.violations[0]?.message).toMatch(
      /^The decision does not match the contract: score: /,
    );
  });
});

describe('assessDecision', () => {
  it('returns the parsed decision and the plane the action produces when approved', () => {
    const assessment = assessDecision({
      decision: makeDecision(),
      controlPlane: plane(),
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
    });
    expect(assessment.safetyCheck.isApproved).toBe(true);
    expect(assessment.decision?.selectedAction.type).toBe('shift_traffic');
    expect(assessment.resultingControlPlane?.routing.visa).toEqual({ primary: 0.75, backup: 0.25 });
    expect(assessment.approvable).toBe(false);
  });

  it('is approvable when only approval rules stand in the way', () => {
    const assessment = assessDecision({
      decision: makeDecision({ requiresHumanApproval: true, reversible: false }),
      controlPlane: plane(),
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
    });
    expect(assessment.approvable).toBe(true);
    expect(assessment.resultingControlPlane).toBeNull();
  });

  it('is not approvable when a hard limit is broken too', () => {
    const assessment = assessDecision({
      decision: makeDecision({ requiresHumanApproval: true, confidence: 0.2 }),
      controlPlane: plane(),
      activeActionCount: 0,
      limits: DEFAULT_SAFETY_LIMITS,
    });
    expect(assessment.approvable).toBe(false);
  });

  it('never honours limits looser than the defaults, even when passed in directly', () => {
    const loose: SafetyLimits = {
      minConfidence: 0.1,
      maxTrafficShift: 1,
      maxRetryMultiplier: 10,
      maxConcurrentActions: 20,
      approvalRiskThreshold: 1,
    };
    expect(check(makeDecision({ confidence: 0.3 }), { limits: loose }).isApproved).toBe(false);
    expect(
      check(
        makeDecision({ type: 'adjust_retry_policy', parameters: { maxRetries: 1, multiplier: 6 } }),
        {
          limits: loose,
        },
      ).isApproved,
    ).toBe(false);
  });

  it('applies stricter limits passed in', () => {
    const strict: SafetyLimits = {
      ...DEFAULT_SAFETY_LIMITS,
      minConfidence: 0.9,
      maxTrafficShift: 0.1,
    };
    expect(rules(makeDecision({ confidence: 0.8 }), { limits: strict })).toEqual([
      'min_confidence',
      'max_traffic_shift',
    ]);
  });

  it('blocks every decision while the current control plane is invalid', () => {
    const broken = { ...plane(), timeoutMs: -1 } as ControlPlane;
    expect(rules(makeDecision({ type: 'do_nothing' }), { controlPlane: broken })).toEqual([
      'valid_parameters',
    ]);
  });
});

describe('effectiveLimits', () => {
  it('returns the defaults without settings', () => {
    expect(effectiveLimits()).toEqual(DEFAULT_SAFETY_LIMITS);
    expect(effectiveLimits(null)).toEqual(DEFAULT_SAFETY_LIMITS);
  });

  it('takes stricter settings field by field', () => {
    expect(
      effectiveLimits({
        minConfidence: 0.75,
        maxTrafficShift: 0.2,
        maxRetryMultiplier: 2,
        maxConcurrentActions: 1,
        approvalRiskThreshold: 0.4,
      }),
    ).toEqual({
      minConfidence: 0.75,
      maxTrafficShift: 0.2,
      maxRetryMultiplier: 2,
      maxConcurrentActions: 1,
      approvalRiskThreshold: 0.4,
      probeShare: 0.05,
      actionTermWindows: 30,
    });
  });

  it('keeps the defaults where settings are looser, and says so', () => {
    const { limits, problems } = resolveLimits({ minConfidence: 0.3, maxTrafficShift: 0.9 });
    expect(limits).toEqual(DEFAULT_SAFETY_LIMITS);
    expect(problems).toEqual([
      "Safety setting minConfidence = 0.3 would loosen the lab's limit; it stays 0.6 (settings may only make limits stricter).",
      "Safety setting maxTrafficShift = 0.9 would loosen the lab's limit; it stays 0.5 (settings may only make limits stricter).",
    ]);
  });

  it('ignores invalid values and unknown settings with a message', () => {
    const { limits, problems } = resolveLimits({
      maxRetryMultiplier: Number.NaN,
      maxConcurrentActions: 1.5,
      minConfidence: '0.9',
      turbo: true,
    });
    expect(limits).toEqual(DEFAULT_SAFETY_LIMITS);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe('Unknown safety setting "turbo" ignored.');
    expect(problems.slice(1).every((p) => / ignored \(.+\); the limit stays /.test(p))).toBe(true);
  });

  it('refuses settings that are not an object', () => {
    expect(resolveLimits('strict').problems).toEqual([
      'Safety settings must be an object, got "strict"; the defaults apply.',
    ]);
  });

  it('cannot be tricked through the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"minConfidence": 0}}') as unknown;
    expect(effectiveLimits(hostile)).toEqual(DEFAULT_SAFETY_LIMITS);
  });
});

describe('transitionViolations', () => {
  it('flags any change that moves more than the maximum share of one issuer', () => {
    const before = plane();
    const after = plane();
    after.routing.discover = { primary: 0.2, backup: 0.8 };
    expect(transitionViolations(before, after, DEFAULT_SAFETY_LIMITS).map((v) => v.rule)).toEqual([
      'max_traffic_shift',
    ]);
  });

  it('flags a retry multiplier raised above the maximum but not one left as it was', () => {
    const before = plane();
    before.retryPolicy.multiplier = 2;
    const after = plane();
    after.retryPolicy.multiplier = 4;
    expect(transitionViolations(before, after, DEFAULT_SAFETY_LIMITS).map((v) => v.rule)).toEqual([
      'max_retry_multiplier',
    ]);
    const strict = { ...DEFAULT_SAFETY_LIMITS, maxRetryMultiplier: 1 };
    expect(transitionViolations(before, before, strict)).toEqual([]);
  });
});
