import { describe, expect, it } from 'vitest';
import {
  CaseResultSchema,
  EvaluationSummarySchema,
  type CaseResult,
} from '../../../../src/contracts';
import {
  evaluationCases,
  hypothesisNamesCause,
  meanInterval,
  runCase,
  situationById,
  summarise,
  tQuantile95,
  wilson,
} from '../../../../src/domain/evaluation';

const impact = (objective: number) => ({
  successRateChange: 0,
  latencyChangeMs: 0,
  costChange: 0,
  risk: 0,
  objective,
});
const act = (key: string) => ({ type: 'do_nothing' as const, parameters: {}, key });

/** A hand-made result: only the fields the summary reads matter. */
function result(over: Partial<CaseResult>): CaseResult {
  return {
    situationId: 'visa-mild',
    seed: 1,
    truePattern: 'issuer_degradation',
    recognisedPattern: 'issuer_degradation',
    patternCorrect: true,
    hypothesisCorrect: true,
    agentAction: act('do_nothing'),
    executedAction: act('do_nothing'),
    agentImpact: impact(0.6),
    oracleAction: act('do_nothing'),
    oracleImpact: impact(0.6),
    agreesWithOracle: true,
    remedyCorrect: true,
    regret: 0,
    falseAlarm: null,
    blocked: false,
    blockReason: null,
    confidence: 0.8,
    anomalyCount: 2,
    candidatesSimulated: 20,
    ...over,
  };
}

describe('intervals', () => {
  it('gives the Wilson 95 % interval of a proportion', () => {
    const p = wilson(8, 10);
    expect(p.rate).toBe(0.8);
    expect(p.low).toBeCloseTo(0.4902, 4);
    expect(p.high).toBeCloseTo(0.9433, 4);
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(0, 20).high).toBeCloseTo(0.1611, 4);
    expect(wilson(0, 0)).toEqual({ count: 0, total: 0, rate: null, low: null, high: null });
  });

  it('gives the t 95 % interval of a mean', () => {
    expect(tQuantile95(1)).toBe(12.706);
    expect(tQuantile95(10)).toBeCloseTo(2.228, 3);
    expect(tQuantile95(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile95(1000)).toBeCloseTo(1.962, 3);
    const m = meanInterval([1, 2, 3]);
    expect(m.mean).toBe(2);
    expect(m.high! - 2).toBeCloseTo(4.303 * Math.sqrt(1 / 3), 3);
    expect(meanInterval([0.5])).toEqual({ n: 1, mean: 0.5, low: 0.5, high: 0.5 });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, low: null, high: null });
  });
});

describe('summarise', () => {
  it('counts accuracy, agreement, regret, blocks and false alarms per situation and overall', () => {
    const results = [
      result({ regret: 0.1, agreesWithOracle: false, blocked: true }),
      result({ regret: 0.3, patternCorrect: false, hypothesisCorrect: false }),
      result({
        situationId: 'healthy',
        falseAlarm: true,
        truePattern: 'noise',
        recognisedPattern: 'noise',
      }),
      result({
        situationId: 'healthy',
        falseAlarm: false,
        truePattern: 'noise',
        recognisedPattern: 'noise',
      }),
    ];
    const summary = EvaluationSummarySchema.parse(summarise(results));
    // Catalog order: healthy before visa-mild.
    expect(summary.situations.map((s) => s.id)).toEqual(['healthy', 'visa-mild']);
    const visa = summary.situations[1]!;
    expect(visa.patternAccuracy).toMatchObject({ count: 1, total: 2, rate: 0.5 });
    expect(visa.oracleAgreement.rate).toBe(0.5);
    expect(visa.regret.mean).toBeCloseTo(0.2, 12);
    expect(visa.blocks.count).toBe(1);
    expect(visa.falseAlarms.total).toBe(0);
    expect(summary.overall.cases).toBe(4);
    expect(summary.overall.falseAlarms).toMatchObject({ count: 1, total: 2, rate: 0.5 });
    expect(summary.overall.patternAccuracy.rate).toBe(0.75);
    expect(summary.overall.agentActions).toEqual({ do_nothing: 4 });
  });
});

describe('cases', () => {
  it('lists every situation on every seed, or only the named ones', () => {
    expect(evaluationCases({ seeds: 2 })).toHaveLength(2 * 15);
    expect(evaluationCases({ seeds: 3, situations: ['healthy', 'retry-storm'] })).toEqual([
      { situationId: 'healthy', seed: 1 },
      { situationId: 'healthy', seed: 2 },
      { situationId: 'healthy', seed: 3 },
      { situationId: 'retry-storm', seed: 1 },
      { situationId: 'retry-storm', seed: 2 },
      { situationId: 'retry-storm', seed: 3 },
    ]);
    expect(() => evaluationCases({ seeds: 1, situations: ['nope'] })).toThrow(/unknown situation/);
  });

  it('scores a case deterministically into a contract-valid result with regret ≥ 0', () => {
    const cases = evaluationCases({
      seeds: 2,
      situations: ['healthy', 'visa-severe', 'decline-surge', 'retry-storm'],
    });
    const results = cases.map(runCase);
    expect(cases.map(runCase)).toEqual(results);
    for (const r of results) {
      CaseResultSchema.parse(r);
      expect(r.regret).toBeGreaterThanOrEqual(0);
      expect(r.regret).toBeCloseTo(
        Math.max(0, r.oracleImpact.objective - r.agentImpact.objective),
        12,
      );
      // Matching the oracle exactly costs nothing.
      if (JSON.stringify(r.executedAction) === JSON.stringify(r.oracleAction))
        expect(r.regret).toBe(0);
      if (r.blocked) expect(r.executedAction.type).toBe('do_nothing');
    }
    const healthy = results.filter((r) => r.situationId === 'healthy');
    expect(healthy.every((r) => r.falseAlarm === false && r.regret === 0)).toBe(true);
    expect(
      results.filter((r) => r.situationId !== 'healthy').every((r) => r.falseAlarm === null),
    ).toBe(true);
    const visa = results.find((r) => r.situationId === 'visa-severe')!;
    expect(visa).toMatchObject({
      patternCorrect: true,
      hypothesisCorrect: true,
      agreesWithOracle: true,
    });
  });

  it('names the root cause only with the right pattern, issuers and location', () => {
    const truth = situationById('two-issuers').truth;
    const hyp = (issuerIds: string[]) => ({
      id: `h-${issuerIds.join('-')}`,
      pattern: 'issuer_degradation' as const,
      rootCause: 'x',
      evidence: [],
      suggestedActions: [],
      confidence: 0.9,
      source: 'template' as const,
      issuerIds,
    });
    const pattern = (issuerIds: string[], faultLocation: 'route' | 'issuer') => ({
      type: 'issuer_degradation' as const,
      issuerIds,
      faultLocation,
      strength: 0.9,
      description: 'x',
      evidence: [],
    });
    const both = {
      hypotheses: [hyp(['visa']), hyp(['mastercard'])],
      patterns: [pattern(['visa'], 'route'), pattern(['mastercard'], 'route')],
    };
    expect(hypothesisNamesCause(both, truth)).toBe(true);
    expect(hypothesisNamesCause({ ...both, hypotheses: [hyp(['visa'])] }, truth)).toBe(false);
    expect(
      hypothesisNamesCause(
        { ...both, patterns: [pattern(['visa', 'mastercard'], 'issuer')] },
        truth,
      ),
    ).toBe(false);
    expect(hypothesisNamesCause({ hypotheses: [], patterns: [] }, truth)).toBe(false);
  });
});
