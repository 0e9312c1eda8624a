import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REASONING_CONFIG as CONFIG,
  ReasoningResultSchema,
  TypedParametersSchemas,
  type LearningContext,
} from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import {
  makeInput,
  makeSnapshot,
  visaRouteDegraded,
  visaRouteHalfShifted,
  withIssuers,
} from './snapshots';
import { FAULTS, simulated, type FaultName } from './simulated';

const experienced = (pattern: 'issuer_degradation' | 'noise'): LearningContext => ({
  totalOutcomes: 1,
  recentOutcomes: [],
  stats: [
    {
      pattern,
      actionType: 'send_notification',
      count: 1,
      successCount: 1,
      meanImprovement: 0,
      meanEstimateError: 0,
      meanConfidenceAdjustment: 0,
    },
  ],
});

describe('scoring', () => {
  it('scores every planned proposal by the seeds’ weights of its own impact', () => {
    const result = reason(makeInput(visaRouteDegraded()));
    // An oracle written out here, not the code under test: 0.4 success + 0.3 latency + 0.2 cost
    // + 0.1 risk, with success and latency through tanh against 5 points and the 550 ms baseline.
    const oracle = (e: (typeof result.proposals)[number]['estimatedImpact']) =>
      0.4 * (0.5 + 0.5 * Math.tanh(e.successRateChange / 0.05)) +
      0.3 * (0.5 - 0.5 * Math.tanh(e.latencyImpact / 550)) +
      0.2 * (1 - Math.min(1, e.costImpact / 0.5)) +
      0.1 * (1 - e.riskLevel);
    expect(result.proposals.length).toBeGreaterThanOrEqual(3);
    for (const p of result.proposals) expect(p.score).toBeCloseTo(oracle(p.estimatedImpact), 4);
  });

  it('selects the highest score and explains every rejection against it', () => {
    const { decision, proposals } = reason(makeInput(visaRouteDegraded()));
    const best = Math.max(...proposals.map((p) => p.score!));
    expect(decision.score).toBe(best);
    expect(decision.selectedAction.score).toBe(best);
    expect(decision.rejectedActions).toHaveLength(proposals.length - 1);
    for (const r of decision.rejectedActions) {
      expect(r.reason).toMatch(/lower score|below/);
      expect(r.comparedToSelected).toContain(
        `vs ${best.toFixed(3)} for ${decision.selectedAction.type}`,
      );
      expect(proposals.some((p) => p.id === r.actionId)).toBe(true);
    }
  });

  it('blocks active actions for a pattern whose hypothesis is below the confidence threshold', () => {
    const cautious = { ...CONFIG, confidenceThreshold: 0.99 };
    const { decision } = reason(makeInput(visaRouteDegraded(), undefined, { config: cautious }));
    expect(['send_notification', 'do_nothing']).toContain(decision.selectedAction.type);
    const shift = decision.rejectedActions.find((r) => r.type === 'shift_traffic');
    expect(shift!.reason).toMatch(/below the 99.0% needed to act/);
  });
});

describe('proposals', () => {
  const nonNoise: FaultName[] = [
    'issuerOnPrimary',
    'processorOutage',
    'issuerDeclines',
    'latencySpike',
    'retryStorm',
  ];

  it.each(nonNoise)('offers at least three valid proposals for %s', (name) => {
    const { current, baseline } = simulated(name);
    const result = reason(makeInput(current, baseline));
    expect(result.proposals.length).toBeGreaterThanOrEqual(3);
    for (const p of result.proposals) {
      const typed = TypedParametersSchemas[p.type].safeParse(p.parameters);
      expect(typed.success, `${p.type} ${JSON.stringify(p.parameters)}`).toBe(true);
      if (p.type === 'shift_traffic') expect(p.parameters.percentage).toBeLessThanOrEqual(0.5);
      if (p.type === 'adjust_retry_policy') expect(p.parameters.multiplier).toBeLessThanOrEqual(3);
      expect(p.rationale).toMatch(/\d/);
      expect(p.learnedFrom).toBe(0);
    }
    expect(ReasoningResultSchema.safeParse(result).success).toBe(true);
  });

  it('sizes a shift from the issuer’s traffic share and deficit, not fixed numbers', () => {
    const shiftOf = (successRate: number) =>
      reason(makeInput(visaRouteDegraded(successRate))).proposals.find(
        (p) => p.type === 'shift_traffic' && p.parameters.percentage === 0.5,
      )!.estimatedImpact;
    // 45 % share × 50 % moved × (99 % − current).
    expect(shiftOf(0.84).successRateChange).toBeCloseTo(0.45 * 0.5 * 0.15, 4);
    expect(shiftOf(0.74).successRateChange).toBeCloseTo(0.45 * 0.5 * 0.25, 4);
    expect(shiftOf(0.84).costImpact).toBeCloseTo(0.45 * 0.5 * 0.3, 6);
  });

  it('uses the backup route’s observed health when it carries traffic', () => {
    const current = makeSnapshot({
      issuers: withIssuers({
        id: 'visa',
        successRate: 0.8,
        errors: { TIMEOUT: 0.12, ISSUER_UNAVAILABLE: 0.07 },
        routes: [
          { routeId: 'primary', share: 0.8, successRate: 0.76 },
          { routeId: 'backup', share: 0.2, successRate: 0.9 },
        ],
      }),
    });
    const shift = reason(makeInput(current)).proposals.find(
      (p) => p.type === 'shift_traffic' && p.parameters.percentage === 0.5,
    )!;
    // The backup's 90 % is observed, so the estimate stays below the 99 % baseline prior.
    expect(shift.rationale).toMatch(/observed on visa/);
    expect(shift.estimatedImpact.successRateChange).toBeLessThan(0.45 * 0.5 * (0.99 - 0.76));
    expect(shift.estimatedImpact.successRateChange).toBeGreaterThan(0);
  });

  it('does not propose disabling a route that carries more than one action may move', () => {
    // Visa's primary carries all of visa's traffic; the guardrails cap a move at 50 %.
    const { proposals, decision } = reason(makeInput(visaRouteDegraded()));
    expect(proposals.some((p) => p.type === 'disable_route')).toBe(false);
    expect(decision.selectedAction).toMatchObject({
      type: 'shift_traffic',
      parameters: { issuerId: 'visa', fromRoute: 'primary', percentage: 0.5 },
    });
  });

  it('makes disable_route the least reversible and riskiest proposal', () => {
    const { proposals } = reason(makeInput(visaRouteHalfShifted()));
    const disable = proposals.find((p) => p.type === 'disable_route')!;
    expect(disable.reversible).toBe(false);
    const maxRisk = Math.max(...proposals.map((p) => p.estimatedImpact.riskLevel));
    expect(disable.estimatedImpact.riskLevel).toBe(maxRisk);
    expect(proposals.filter((p) => p.type !== 'disable_route').every((p) => p.reversible)).toBe(
      true,
    );
  });

  it('derives action ids from time, type and parameters only', () => {
    const a = reason(makeInput(visaRouteDegraded()));
    const b = reason(makeInput(visaRouteDegraded()));
    expect(b).toEqual(a);
    const ids = a.proposals.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^action_shift_traffic_1700000060000_[0-9a-f]{8}$/);
    const later = reason({ ...makeInput(visaRouteDegraded()), now: 1_700_000_120_000 });
    expect(later.proposals[0]!.id).not.toBe(ids[0]);
    expect(later.decision.decidedAt).toBe(1_700_000_120_000);
  });
});

describe('decisions on simulated faults', () => {
  it('routes around visa’s failing primary route', () => {
    const { current, baseline } = simulated('issuerOnPrimary');
    const { decision } = reason(makeInput(current, baseline));
    expect(['shift_traffic', 'disable_route']).toContain(decision.selectedAction.type);
    expect(decision.selectedAction.parameters.issuerId).toBe('visa');
    expect(decision.pattern).toBe('issuer_degradation');
  });

  it('moves traffic off the primary route in a processor outage', () => {
    const { current, baseline } = simulated('processorOutage');
    const { decision } = reason(makeInput(current, baseline));
    expect(decision.selectedAction.category).toBe('traffic_routing');
    expect(decision.pattern).toBe('processor_outage');
  });

  it('alerts instead of rerouting issuer-side declines, and proposes no reroute that cannot help', () => {
    const { current, baseline } = simulated('issuerDeclines');
    const { decision, proposals } = reason(makeInput(current, baseline));
    expect(['send_notification', 'do_nothing']).toContain(decision.selectedAction.type);
    // Declines follow the payment to any route: a shift would move them, not save them.
    expect(proposals.some((p) => p.type === 'shift_traffic')).toBe(false);
  });

  it('does not reroute a network latency spike', () => {
    const { current, baseline } = simulated('latencySpike');
    const { decision } = reason(makeInput(current, baseline));
    expect(decision.selectedAction.category).not.toBe('traffic_routing');
    expect(decision.pattern).toBe('latency_spike');
  });

  it('acts on the weak route behind a retry storm', () => {
    const { current, baseline } = simulated('retryStorm');
    const result = reason(makeInput(current, baseline));
    expect(result.decision.selectedAction.estimatedImpact.successRateChange).toBeGreaterThan(0);
    expect(result.proposals.some((p) => p.type === 'adjust_retry_policy')).toBe(true);
    expect(result.proposals.some((p) => p.type === 'implement_backoff')).toBe(true);
  });

  it('does nothing, without asking anyone, in a healthy window', () => {
    expect(FAULTS.healthy.issuerDeclineRate).toBe(0);
    const { current, baseline } = simulated('healthy');
    const { decision } = reason(makeInput(current, baseline));
    expect(decision.selectedAction.type).toBe('do_nothing');
    expect(decision.requiresHumanApproval).toBe(false);
    expect(decision.approvalReasons).toEqual([]);
  });
});

describe('approval reasons', () => {
  it('asks for approval of a high-risk, irreversible action', () => {
    // Shifting the rest of visa's primary traffic has rolled back twice: disabling is left.
    const { decision } = reason(
      makeInput(visaRouteHalfShifted(), undefined, {
        learningContext: {
          totalOutcomes: 2,
          recentOutcomes: [],
          stats: [
            {
              pattern: 'issuer_degradation',
              actionType: 'shift_traffic',
              count: 2,
              successCount: 0,
              meanImprovement: -0.03,
              meanEstimateError: -0.12,
              meanConfidenceAdjustment: -0.2,
            },
          ],
        },
      }),
    );
    expect(decision.selectedAction.type).toBe('disable_route');
    expect(decision.requiresHumanApproval).toBe(true);
    expect(decision.approvalReasons).toContainEqual(
      expect.stringMatching(/^High-impact action: risk level 0\.\d\d ≥ 0\.70/),
    );
    expect(decision.approvalReasons).toContainEqual(expect.stringMatching(/^Irreversible action/));
  });

  it('asks for approval in a novel situation and not once the pattern has history', () => {
    const novel = reason(makeInput(visaRouteDegraded()));
    expect(novel.decision.approvalReasons).toContain(
      'Novel situation: no past outcome for pattern issuer_degradation',
    );
    const known = reason(
      makeInput(visaRouteDegraded(), undefined, {
        learningContext: experienced('issuer_degradation'),
      }),
    );
    expect(known.decision.approvalReasons.some((r) => r.startsWith('Novel'))).toBe(false);
  });

  it('asks for approval when confidence is low', () => {
    const strict = { ...CONFIG, lowConfidenceThreshold: 0.99 };
    const { decision } = reason(makeInput(visaRouteDegraded(), undefined, { config: strict }));
    expect(decision.approvalReasons).toContainEqual(
      expect.stringMatching(/^Low confidence: \d+\.\d% below 99\.0%/),
    );
    const lax = { ...CONFIG, lowConfidenceThreshold: 0.1 };
    const relaxed = reason(makeInput(visaRouteDegraded(), undefined, { config: lax }));
    expect(relaxed.decision.approvalReasons.some((r) => r.startsWith('Low confidence'))).toBe(
      false,
    );
  });

  it('asks for approval when the two best hypotheses are too close to call', () => {
    const { current, baseline } = simulated('retryStorm');
    const close = [
      {
        pattern: 'issuer_degradation',
        rootCause: 'visa primary route failing',
        evidence: ['visa 80%'],
        suggestedActions: ['shift_traffic'],
        confidence: 0.8,
      },
      {
        pattern: 'retry_storm',
        rootCause: 'clients amplify retries',
        evidence: ['retry ratio 29%'],
        suggestedActions: ['adjust_retry_policy'],
        confidence: 0.75,
      },
    ];
    const ambiguous = reason(makeInput(current, baseline, { llmHypotheses: close }));
    expect(ambiguous.hypothesisSource).toBe('llm');
    expect(ambiguous.decision.approvalReasons).toContainEqual(
      expect.stringMatching(
        /^Ambiguous hypotheses: issuer_degradation \(visa\) at 80\.0% and retry_storm .* at 75\.0%/,
      ),
    );
    const clear = reason(
      makeInput(current, baseline, { llmHypotheses: [close[0], { ...close[1], confidence: 0.4 }] }),
    );
    expect(clear.decision.approvalReasons.some((r) => r.startsWith('Ambiguous'))).toBe(false);
  });

  it('needs no approval for a known, confident, low-risk action', () => {
    const ctx: LearningContext = {
      totalOutcomes: 5,
      recentOutcomes: [],
      stats: [
        {
          pattern: 'issuer_degradation',
          actionType: 'shift_traffic',
          count: 5,
          successCount: 5,
          meanImprovement: 0.06,
          meanEstimateError: 0.03,
          meanConfidenceAdjustment: 0.15,
        },
        {
          pattern: 'issuer_degradation',
          actionType: 'disable_route',
          count: 5,
          successCount: 1,
          meanImprovement: 0.01,
          meanEstimateError: -0.05,
          meanConfidenceAdjustment: -0.1,
        },
      ],
    };
    const { decision } = reason(
      makeInput(visaRouteDegraded(), undefined, { learningContext: ctx }),
    );
    expect(decision.selectedAction.type).toBe('shift_traffic');
    expect(decision.confidenceInDecision).toBeGreaterThanOrEqual(CONFIG.lowConfidenceThreshold);
    expect(decision.requiresHumanApproval).toBe(false);
  });
});

describe('confidence', () => {
  it('stays within 0–0.99 for every simulated fault and extreme experience', () => {
    const extremes: LearningContext[] = [-0.2, 0.2].map((adj) => ({
      totalOutcomes: 1000,
      recentOutcomes: [],
      stats: (
        ['issuer_degradation', 'processor_outage', 'retry_storm', 'latency_spike', 'noise'] as const
      ).flatMap((pattern) =>
        (
          [
            'shift_traffic',
            'disable_route',
            'send_notification',
            'do_nothing',
            'adjust_timeout',
            'adjust_retry_policy',
          ] as const
        ).map((actionType) => ({
          pattern,
          actionType,
          count: 1000,
          successCount: 1000,
          meanImprovement: 0.2,
          meanEstimateError: 0,
          meanConfidenceAdjustment: adj,
        })),
      ),
    }));
    for (const name of Object.keys(FAULTS) as FaultName[]) {
      const { current, baseline } = simulated(name);
      for (const learningContext of extremes) {
        const c = reason(makeInput(current, baseline, { learningContext })).decision
          .confidenceInDecision;
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(0.99);
      }
    }
  });
});
