import { describe, expect, it } from 'vitest';
import type { LearningContext, OutcomeSummary } from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { applyCalibrationMap } from '../../../../src/domain/evaluation/calibration';
import {
  calibratedConfidence,
  learnedBonus,
  FITTED_CALIBRATION,
} from '../../../../src/domain/reasoning/decision-learning';
import {
  contextKey,
  contextTag,
  leadOf,
  parseContextTag,
  shareBand,
  withLead,
} from '../../../../src/domain/reasoning/experience-context';
import {
  sampleBeta,
  thompsonPick,
  type ExplorationCandidate,
} from '../../../../src/domain/reasoning/exploration';
import {
  IMPORTED_WEIGHT,
  posteriorFor,
  posteriorMean,
} from '../../../../src/domain/reasoning/learning';
import { Random } from '../../../../src/domain/random';
import { simulated } from './simulated';
import { makeInput, visaRouteDegraded } from './snapshots';

const key = (share: 'large' | 'medium', lead = 'issuer_degradation') =>
  withLead(lead, contextKey({ fault: 'route', route: 'backup', headroom: 'unknown', share }));
const LARGE = key('large');
const MEDIUM = key('medium');

function outcome(
  i: number,
  met: boolean,
  context: string,
  origin: 'own' | 'imported' = 'own',
): OutcomeSummary {
  return {
    actionId: `action_${i}`,
    actionType: 'shift_traffic',
    pattern: 'issuer_degradation',
    executedAt: 1_600_000_000_000 + i,
    improvementAchieved: met ? 0.05 : -0.002,
    estimatedSuccessRateChange: 0.06,
    metExpectations: met,
    rollbackTriggered: !met,
    confidenceAdjustment: met ? 0.05 : -0.1,
    context,
    origin,
  };
}

function context(outcomes: OutcomeSummary[]): LearningContext {
  return { totalOutcomes: outcomes.length, recentOutcomes: outcomes, stats: [] };
}

const selected = (learningContext: LearningContext) =>
  reason({ ...makeInput(visaRouteDegraded()), learningContext }).decision.selectedAction;

/** The type of the proposal with the highest score. */
function bestScored(learningContext: LearningContext) {
  const { proposals } = reason({ ...makeInput(visaRouteDegraded()), learningContext });
  return [...proposals].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0]?.type;
}

describe('experience keyed by context', () => {
  it('writes the context into the rationale and reads it back', () => {
    const shift = selected(context([]));
    expect(parseContextTag(shift.rationale)).toBe(LARGE);
    expect(parseContextTag(`no tag here`)).toBeUndefined();
    expect(parseContextTag(`x ${contextTag(MEDIUM)}`)).toBe(MEDIUM);
    expect([shareBand(0.1), shareBand(0.25), shareBand(0.5)]).toEqual(['small', 'medium', 'large']);
  });

  it('keeps the prior’s favourite, a 50 % shift, while it has no experience', () => {
    expect(selected(context([])).parameters.percentage).toBe(0.5);
  });

  it('promotes the 25 % shift when the 50 % one kept failing and the 25 % one worked', () => {
    const history = [
      ...[0, 1, 2].map((i) => outcome(i, false, LARGE)),
      ...[3, 4, 5].map((i) => outcome(i, true, MEDIUM)),
    ];
    const choice = selected(context(history));
    expect(choice.type).toBe('shift_traffic');
    expect(choice.parameters.percentage).toBe(0.25);
  });

  it('stops shifting when every shift kept failing', () => {
    const history = [0, 1, 2].map((i) => outcome(i, false, LARGE));
    expect(selected(context(history)).type).toBe('send_notification');
  });

  it('weighs imported failures below its own: three imported ones do not overturn the prior', () => {
    const imported = [0, 1, 2].map((i) => outcome(i, false, LARGE, 'imported'));
    // The shift still scores best (its doubt may leave the agent waiting, but not for the score).
    expect(bestScored(context(imported))).toBe('shift_traffic');
    expect(bestScored(context([0, 1, 2].map((i) => outcome(i, false, LARGE))))).not.toBe(
      'shift_traffic',
    );
    const p = posteriorFor(context(imported), 'issuer_degradation', 'shift_traffic', LARGE);
    expect(p.weight).toBeCloseTo(3 * IMPORTED_WEIGHT, 9);
    expect(p.alpha).toBe(1);
    expect(p.beta).toBeCloseTo(1 + 3 * IMPORTED_WEIGHT, 9);
  });

  it('falls back to the outcomes under the same leading pattern when its context has none', () => {
    const history = [outcome(0, true, MEDIUM), outcome(1, false, MEDIUM)];
    const p = posteriorFor(context(history), 'issuer_degradation', 'shift_traffic', LARGE);
    expect(p).toEqual({ alpha: 2, beta: 2, weight: 2 });
    expect(posteriorMean(p)).toBe(0.5);
    expect(leadOf(LARGE)).toBe('issuer_degradation');
    // A shift that worked while a retry storm led says nothing about this situation.
    const elsewhere = [outcome(2, true, key('large', 'retry_storm'))];
    expect(posteriorFor(context(elsewhere), 'issuer_degradation', 'shift_traffic', LARGE)).toEqual({
      alpha: 1,
      beta: 1,
      weight: 0,
    });
    expect(learnedBonus(p)).toBe(0);
    expect(learnedBonus({ alpha: 1, beta: 1, weight: 0 })).toBe(0);
    expect(learnedBonus({ alpha: 1, beta: 4, weight: 3 })).toBeLessThan(0);
    // Successes raise estimate and confidence; only failures move the ranking.
    expect(learnedBonus({ alpha: 9, beta: 1, weight: 8 })).toBe(0);
  });
});

describe('Thompson exploration from a seed', () => {
  const candidates: ExplorationCandidate[] = [
    { id: 'known-good', posterior: { alpha: 9, beta: 2, weight: 9 } },
    { id: 'untried', posterior: { alpha: 1, beta: 1, weight: 0 } },
    { id: 'known-bad', posterior: { alpha: 1, beta: 9, weight: 8 } },
  ];

  it('picks the same candidate for the same seed, every time', () => {
    for (const seed of [0, 1, 42, 0xffff_ffff])
      expect(thompsonPick(candidates, seed)).toEqual(thompsonPick(candidates, seed));
  });

  it('mostly picks the known-good candidate, sometimes tries the untried one', () => {
    const picks = new Map<string, number>();
    for (let seed = 0; seed < 400; seed++) {
      const id = thompsonPick(candidates, seed)?.id ?? 'none';
      picks.set(id, (picks.get(id) ?? 0) + 1);
    }
    expect(picks.get('known-good') ?? 0).toBeGreaterThan(250);
    expect(picks.get('untried') ?? 0).toBeGreaterThan(20);
    expect(picks.get('known-bad') ?? 0).toBeLessThan(15);
  });

  it('draws Beta variates with the right mean', () => {
    const random = new Random(7);
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += sampleBeta(2, 5, random);
    expect(sum / 4000).toBeCloseTo(2 / 7, 1);
    expect(() => sampleBeta(0, 1, random)).toThrow(RangeError);
  });

  it('gives the same decision for the same seed through reason()', () => {
    const input = makeInput(visaRouteDegraded());
    const a = reason({ ...input, explorationSeed: 9 }).decision;
    const b = reason({ ...input, explorationSeed: 9 }).decision;
    expect(a).toEqual(b);
  });
});

describe('calibrated confidence', () => {
  it('states the training catalog’s observed rate of the action’s family', () => {
    const none = { alpha: 1, beta: 1, weight: 0 };
    expect(calibratedConfidence(0.55, none)).toBeCloseTo(
      applyCalibrationMap(FITTED_CALIBRATION.pooled, 0.55),
      4,
    );
    const routing = FITTED_CALIBRATION.families.routing;
    expect(routing).toBeDefined();
    expect(calibratedConfidence(0.55, none, FITTED_CALIBRATION, 'routing')).toBeCloseTo(
      applyCalibrationMap(routing!, 0.55),
      4,
    );
    // A family the training fit never saw (an unwind) keeps its evidence.
    expect(calibratedConfidence(0.55, none, FITTED_CALIBRATION, 'unwind')).toBe(0.55);
    expect(calibratedConfidence(0.55, none)).not.toBe(0.55);
  });

  it('falls as the action keeps failing in its context, and rises as it keeps working', () => {
    const prior = calibratedConfidence(0.7, { alpha: 1, beta: 1, weight: 0 });
    const failed = calibratedConfidence(0.7, { alpha: 1, beta: 4, weight: 3 });
    const worked = calibratedConfidence(0.7, { alpha: 4, beta: 1, weight: 3 });
    // (prior × 4 + met) / (4 + weight)
    expect(failed).toBeCloseTo((prior * 4) / 7, 3);
    expect(worked).toBeCloseTo((prior * 4 + 3) / 7, 3);
    expect(failed).toBeLessThan(0.6);
  });

  it('clears the 60 % gate for the simulated retry storm’s remedy, as the catalog’s remedies do', () => {
    const { current, baseline } = simulated('retryStorm');
    const { decision } = reason(makeInput(current, baseline));
    expect(decision.confidenceInDecision).toBeGreaterThanOrEqual(0.6);
  });
});
