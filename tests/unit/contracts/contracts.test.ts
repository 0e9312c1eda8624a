import { describe, expect, it } from 'vitest';
import {
  ActionOutcomeSchema,
  checkContract,
  ContractError,
  ControlPlaneSchema,
  DecisionSchema,
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  ExecutionResultSchema,
  HEALTHY_SCENARIO,
  LEARNING_HISTORY_FORMAT,
  LearningHistorySchema,
  LearningRecordSchema,
  MetricsSnapshotSchema,
  parseContract,
  ReasoningConfigSchema,
  ReasoningResultSchema,
  ScenarioSchema,
  TypedParametersSchemas,
} from '../../../src/contracts';
import {
  seedBaselineMetrics,
  seedCurrentMetrics,
  seedDecision,
  seedOutcome,
} from './seed-examples';

/** Parses and returns the readable message, failing the test when the value is accepted. */
function refusal(schema: Parameters<typeof checkContract>[0], value: unknown, name: string) {
  const result = checkContract(schema, value, name);
  if (result.ok) throw new Error(`${name} was accepted but should have been refused`);
  return result.message;
}

describe('seed example payloads', () => {
  it('parse as MetricsSnapshot, baseline and current', () => {
    expect(parseContract(MetricsSnapshotSchema, seedCurrentMetrics(), 'MetricsSnapshot')).toEqual(
      seedCurrentMetrics(),
    );
    expect(MetricsSnapshotSchema.safeParse(seedBaselineMetrics()).success).toBe(true);
  });

  it('parse as Decision with its 72 % confidence', () => {
    const decision = parseContract(DecisionSchema, seedDecision(), 'Decision');
    expect(decision.confidenceInDecision).toBe(0.72);
    expect(decision.selectedAction.type).toBe('send_notification');
  });

  it('parse as ActionOutcome and inside an ExecutionResult', () => {
    const outcome = parseContract(ActionOutcomeSchema, seedOutcome(), 'ActionOutcome');
    expect(outcome.improvementAchieved).toBeCloseTo(0.016);
    const result = parseContract(
      ExecutionResultSchema,
      {
        actionId: outcome.actionId,
        safetyCheck: { isApproved: true, blockReason: null, violations: [] },
        executed: true,
        outcome,
      },
      'ExecutionResult',
    );
    expect(result.executed).toBe(true);
  });

  it('includes the lab defaults: healthy scenario, default control plane and reasoning config', () => {
    expect(ScenarioSchema.parse(HEALTHY_SCENARIO)).toEqual(HEALTHY_SCENARIO);
    expect(ControlPlaneSchema.parse(DEFAULT_CONTROL_PLANE)).toEqual(DEFAULT_CONTROL_PLANE);
    expect(ReasoningConfigSchema.parse(DEFAULT_REASONING_CONFIG)).toEqual(DEFAULT_REASONING_CONFIG);
  });

  it('builds a ReasoningResult, a LearningRecord and a LearningHistory around them', () => {
    const decision = seedDecision();
    const reasoning = {
      anomalies: [
        {
          type: 'success_rate_drop',
          severity: 'critical',
          scope: 'system',
          metric: 'successRate',
          baselineValue: 0.9897,
          currentValue: 0.832,
          deviation: 0.159,
          pValue: 1e-12,
          description: 'Success rate 15.9 % below baseline',
          evidence: [{ metric: 'successRate', baselineValue: 0.9897, currentValue: 0.832 }],
        },
      ],
      patterns: [],
      hypotheses: [
        {
          id: 'h1',
          pattern: 'noise',
          rootCause: 'No known pattern',
          evidence: [],
          suggestedActions: ['send_notification'],
          confidence: 0.3,
          source: 'template',
        },
      ],
      proposals: [decision.selectedAction],
      decision,
      hypothesisSource: 'template',
    };
    expect(ReasoningResultSchema.safeParse(reasoning).success).toBe(true);
    const record = {
      id: 'r1',
      recordedAt: 1769883961000,
      status: 'executed',
      pattern: 'issuer_degradation',
      actionType: 'shift_traffic',
      decision,
      outcome: seedOutcome(),
    };
    expect(LearningRecordSchema.safeParse(record).success).toBe(true);
    const history = {
      format: LEARNING_HISTORY_FORMAT,
      version: 1,
      exportedAt: 1769883962000,
      records: [record],
    };
    expect(LearningHistorySchema.parse(history).records).toHaveLength(1);
  });
});

describe('bad values are refused with a readable path and reason', () => {
  it('refuses NaN, naming the field', () => {
    const message = refusal(
      MetricsSnapshotSchema,
      { ...seedCurrentMetrics(), successRate: Number.NaN },
      'MetricsSnapshot',
    );
    expect(message).toMatch(/^Invalid MetricsSnapshot: successRate: /);
    expect(message).toMatch(/NaN|number/i);
  });

  it('refuses Infinity in a nested latency', () => {
    const snapshot = seedCurrentMetrics();
    snapshot.latency.p99 = Number.POSITIVE_INFINITY;
    expect(refusal(MetricsSnapshotSchema, snapshot, 'MetricsSnapshot')).toContain('latency.p99');
  });

  it('refuses negative and fractional counts', () => {
    expect(
      refusal(MetricsSnapshotSchema, { ...seedCurrentMetrics(), totalTransactions: -1 }, 'M'),
    ).toContain('totalTransactions');
    const snapshot = seedCurrentMetrics();
    snapshot.issuerMetrics[1]!.retryCount = 2.5;
    expect(refusal(MetricsSnapshotSchema, snapshot, 'M')).toContain('issuerMetrics[1].retryCount');
  });

  it('refuses out-of-range rates and percentages', () => {
    expect(
      refusal(MetricsSnapshotSchema, { ...seedCurrentMetrics(), successRate: 1.2 }, 'M'),
    ).toMatch(/successRate: .*1/);
    const snapshot = seedCurrentMetrics();
    snapshot.errorBreakdown[0]!.percentage = 1.5;
    expect(refusal(MetricsSnapshotSchema, snapshot, 'M')).toContain('errorBreakdown[0].percentage');
  });

  it('refuses a confidence of 1: decisions are never certain', () => {
    const message = refusal(
      DecisionSchema,
      { ...seedDecision(), confidenceInDecision: 1 },
      'Decision',
    );
    expect(message).toContain('confidenceInDecision');
    expect(message).toContain('0.99');
  });

  it('refuses a confidence adjustment outside −0.2…0.2', () => {
    expect(
      refusal(ActionOutcomeSchema, { ...seedOutcome(), confidenceAdjustment: 0.25 }, 'O'),
    ).toContain('confidenceAdjustment');
    expect(
      refusal(ActionOutcomeSchema, { ...seedOutcome(), confidenceAdjustment: -0.3 }, 'O'),
    ).toContain('confidenceAdjustment');
  });

  it('refuses missing fields', () => {
    const { latency: _dropped, ...withoutLatency } = seedCurrentMetrics();
    expect(refusal(MetricsSnapshotSchema, withoutLatency, 'MetricsSnapshot')).toMatch(/latency: /);
  });

  it('refuses fields of the wrong type', () => {
    expect(
      refusal(MetricsSnapshotSchema, { ...seedCurrentMetrics(), totalTransactions: '6000' }, 'M'),
    ).toMatch(/totalTransactions: .*number/);
    expect(
      refusal(DecisionSchema, { ...seedDecision(), requiresHumanApproval: 'yes' }, 'D'),
    ).toContain('requiresHumanApproval');
  });

  it('refuses latency percentiles out of order', () => {
    const snapshot = seedCurrentMetrics();
    snapshot.latency = { p50: 900, p95: 800, p99: 2000 };
    expect(refusal(MetricsSnapshotSchema, snapshot, 'M')).toContain('p50 ≤ p95 ≤ p99');
  });

  it('refuses routing weights that do not sum to 1, and an issuer with no enabled route', () => {
    const plane = structuredClone(DEFAULT_CONTROL_PLANE);
    plane.routing.visa = { primary: 0.7, backup: 0.2 };
    expect(refusal(ControlPlaneSchema, plane, 'ControlPlane')).toContain('routing.visa');
    const closed = {
      ...DEFAULT_CONTROL_PLANE,
      disabledRoutes: [
        { issuerId: 'amex', routeId: 'primary' },
        { issuerId: 'amex', routeId: 'backup' },
      ],
    };
    expect(refusal(ControlPlaneSchema, closed, 'ControlPlane')).toContain('every route of amex');
  });

  it('refuses a scenario slider value out of range, naming the slider field', () => {
    const scenario = structuredClone(HEALTHY_SCENARIO);
    scenario.issuerHealth.visa = 1.5;
    expect(refusal(ScenarioSchema, scenario, 'Scenario')).toContain('issuerHealth.visa');
    expect(refusal(ScenarioSchema, { ...HEALTHY_SCENARIO, seed: -3 }, 'Scenario')).toContain(
      'seed',
    );
  });

  it('refuses an executed learning record without its outcome', () => {
    const message = refusal(
      LearningRecordSchema,
      {
        id: 'r2',
        recordedAt: 1,
        status: 'executed',
        pattern: 'retry_storm',
        actionType: 'adjust_retry_policy',
        decision: seedDecision(),
      },
      'LearningRecord',
    );
    expect(message).toContain('outcome');
  });

  it('refuses a history file of another version', () => {
    expect(
      refusal(
        LearningHistorySchema,
        { format: LEARNING_HISTORY_FORMAT, version: 2, exportedAt: 1, records: [] },
        'LearningHistory',
      ),
    ).toContain('version');
  });

  it('checks typed action parameters strictly', () => {
    expect(
      TypedParametersSchemas.shift_traffic.safeParse({
        issuerId: 'visa',
        fromRoute: 'primary',
        toRoute: 'backup',
        percentage: 0.3,
      }).success,
    ).toBe(true);
    expect(
      TypedParametersSchemas.shift_traffic.safeParse({
        issuerId: 'unknown',
        fromRoute: 'primary',
        toRoute: 'backup',
        percentage: 0.3,
      }).success,
    ).toBe(false);
    expect(TypedParametersSchemas.do_nothing.safeParse({ sneaky: 1 }).success).toBe(false);
  });

  it('throws a ContractError whose issues list every path', () => {
    try {
      parseContract(
        MetricsSnapshotSchema,
        { ...seedCurrentMetrics(), successRate: -1, retryRatio: 2 },
        'MetricsSnapshot',
      );
      expect.unreachable('a bad snapshot was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      const paths = (error as ContractError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['successRate', 'retryRatio']));
    }
  });
});
