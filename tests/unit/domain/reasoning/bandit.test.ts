import { describe, expect, it } from 'vitest';
import type { LearningContext, OutcomeSummary } from '../../../../src/contracts';
import {
  BANDIT_MARGIN,
  explore,
  learnedBonus,
} from '../../../../src/domain/reasoning/decision-learning';
import { thompsonGainPick } from '../../../../src/domain/reasoning/exploration';
import type { PlannedProposal } from '../../../../src/domain/reasoning/planner';
import { decideOn, hypothesis, NOW, planned } from './decision-fixtures';

/** A favoured remedy (higher score, larger estimated gain) and an alternative. */
const FAVOURED = planned(
  'implement_backoff',
  { successRateChange: 0.3, latencyImpact: -50, costImpact: 0, riskLevel: 0.15 },
  { pattern: 'retry_storm' },
);
const ALTERNATIVE = planned(
  'adjust_retry_policy',
  { successRateChange: 0.25, latencyImpact: -50, costImpact: 0, riskLevel: 0.25 },
  { pattern: 'retry_storm' },
);

/** `count` executed outcomes of backoff in a retry storm that fell short of the estimate. */
function failedBackoff(count: number): LearningContext {
  const outcomes: OutcomeSummary[] = Array.from({ length: count }, (_, i) => ({
    actionId: `backoff_${i}`,
    actionType: 'implement_backoff',
    pattern: 'retry_storm',
    executedAt: NOW - (i + 1) * 60_000,
    improvementAchieved: 0.01,
    estimatedSuccessRateChange: 0.3,
    metExpectations: false,
    rollbackTriggered: false,
    confidenceAdjustment: -0.1,
  }));
  return { totalOutcomes: count, recentOutcomes: outcomes, stats: [] };
}

function pickOn(learning: LearningContext, seed: number): string {
  return decideOn([FAVOURED, ALTERNATIVE], [hypothesis('retry_storm', 0.9)], {
    learning,
    calibrated: true,
    explorationSeed: seed,
  }).decision.selectedAction.type;
}

function tally(learning: LearningContext): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let seed = 0; seed < 200; seed++) {
    const type = pickOn(learning, seed);
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

describe('learning that corrects a prior favouring the wrong action', () => {
  const empty: LearningContext = { totalOutcomes: 0, recentOutcomes: [], stats: [] };

  it('follows the prior while it has no experience', () => {
    const counts = tally(empty);
    expect(counts.implement_backoff ?? 0).toBeGreaterThan(180);
  });

  it('promotes the alternative once the favoured action kept under-delivering', () => {
    // Four executed backoffs that met nothing of their 30-point estimate: the posterior of
    // meeting expectations falls to 1/6, its malus takes the favourite below the alternative.
    const learning = failedBackoff(4);
    expect(learnedBonus({ alpha: 1, beta: 5, weight: 4 })).toBeLessThan(-0.04);
    const counts = tally(learning);
    expect(counts.adjust_retry_policy ?? 0).toBeGreaterThan(180);
  });

  it('lowers the score of the action that kept failing, without any draw', () => {
    const decideWith = (learning: LearningContext) =>
      decideOn([FAVOURED, ALTERNATIVE], [hypothesis('retry_storm', 0.9)], {
        learning,
        calibrated: true,
      });
    const scoreOf = (out: ReturnType<typeof decideWith>, type: string) =>
      out.proposals.find((p) => p.type === type)?.score ?? Number.NaN;
    const before = decideWith(empty);
    const after = decideWith(failedBackoff(4));
    expect(before.decision.selectedAction.type).toBe('implement_backoff');
    expect(scoreOf(after, 'implement_backoff')).toBeLessThan(
      scoreOf(before, 'implement_backoff') - 0.04,
    );
    expect(scoreOf(after, 'adjust_retry_policy')).toBe(scoreOf(before, 'adjust_retry_policy'));
    expect(after.decision.selectedAction.type).toBe('adjust_retry_policy');
  });

  it('gives the same pick for the same seed', () => {
    const learning = failedBackoff(2);
    for (const seed of [0, 7, 0xffff_ffff])
      expect(pickOn(learning, seed)).toBe(pickOn(learning, seed));
  });
});

describe('the gain bandit among safe candidates', () => {
  const scored = (
    id: string,
    type: string,
    score: number,
    gain: number,
    reversible = true,
    weight = 0,
  ) => ({
    planned: {
      pattern: 'retry_storm',
      proposal: { id, type, reversible, estimatedImpact: { successRateChange: gain } },
    } as unknown as PlannedProposal,
    score,
    posterior: { alpha: 1, beta: 1, weight },
  });

  it('prefers the near-best candidate expected to recover more payments', () => {
    // The decision's saturated success term scores a 45-point failover below a 25-point backoff.
    const top = scored('backoff', 'implement_backoff', 0.835, 0.25);
    const ranked = [top, scored('failover', 'failover_processor', 0.811, 0.45)];
    let failovers = 0;
    for (let seed = 0; seed < 100; seed++)
      if (explore(top, ranked, seed).planned.proposal.id === 'failover') failovers++;
    // Mostly the failover; the untried backoff still gets its turn now and then.
    expect(failovers).toBeGreaterThan(75);
    expect(failovers).toBeLessThan(100);
    expect(explore(top, ranked, undefined)).toBe(top);
  });

  it('takes as arms only reversible, active candidates within the margin of the best', () => {
    const top = scored('a', 'shift_traffic', 0.7, 0.01);
    const ranked = [
      top,
      scored('b', 'shift_traffic', 0.69, 0.05),
      scored('c', 'disable_route', 0.699, 0.5, false),
      scored('d', 'send_notification', 0.699, 0.5),
      scored('e', 'adjust_retry_policy', 0.7 - BANDIT_MARGIN - 0.001, 0.9),
    ];
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(explore(top, ranked, seed).planned.proposal.id);
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('stands by an irreversible best and by leaving things alone', () => {
    const irreversible = scored('x', 'disable_route', 0.8, 0.1, false);
    const quiet = scored('n', 'do_nothing', 0.8, 0);
    const other = scored('b', 'shift_traffic', 0.79, 0.5);
    for (let seed = 0; seed < 50; seed++) {
      expect(explore(irreversible, [irreversible, other], seed)).toBe(irreversible);
      expect(explore(quiet, [quiet, other], seed)).toBe(quiet);
    }
  });

  it('explores less as the experience of an arm adds up', () => {
    const arms = (sd: number) => [
      { id: 'a', base: 0.8, mean: 0.2, sd },
      { id: 'b', base: 0.8, mean: 0.19, sd },
    ];
    const share = (sd: number) => {
      let b = 0;
      for (let seed = 0; seed < 400; seed++)
        if (thompsonGainPick(arms(sd), seed, 1)?.id === 'b') b++;
      return b / 400;
    };
    expect(share(0.05)).toBeGreaterThan(0.3);
    expect(share(0.005)).toBeLessThan(share(0.05));
    expect(thompsonGainPick([], 1, 1)).toBeNull();
  });
});
