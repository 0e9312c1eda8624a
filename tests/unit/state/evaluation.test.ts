import { describe, expect, it } from 'vitest';
import type { CaseResult, EvaluationReport, Scenario } from '../../../src/contracts';
import { runCase, summarise } from '../../../src/domain/evaluation';
import {
  EvaluationState,
  caseScenario,
  explainCase,
  leaderboardOf,
  pairedVerdict,
  scoresBySet,
} from '../../../src/state/evaluation.svelte';

const visa = runCase({ situationId: 'visa-severe', seed: 1 });

function report(results: CaseResult[], extra: Partial<EvaluationReport> = {}): EvaluationReport {
  const curve = {
    cycles: 0,
    seed: 1,
    learning: true,
    points: [],
    cumulativeRegret: 0,
    meanRegret: 0,
    agreement: 0,
    blocks: 0,
  };
  return {
    seeds: 1,
    cycles: 0,
    summary: summarise(results),
    learning: { on: curve, off: { ...curve, learning: false }, reduction: null },
    results,
    ...extra,
  };
}

describe('the leaderboard of a report', () => {
  it("falls back to the agent's own training row when the report ranks no policies", () => {
    const rows = leaderboardOf(report([visa]));
    expect(rows).toEqual([
      expect.objectContaining({ policy: 'agent', set: 'training', cases: 1, agreement: 1 }),
    ]);
    expect(rows[0]!.regretMean).toBe(visa.regret);
  });

  it('shows the rows a report carries as they are, and nothing without a report', () => {
    const row = {
      policy: 'random' as const,
      set: 'held_out' as const,
      cases: 4,
      regretMean: 0.1,
      regretLow: 0.05,
      regretHigh: 0.15,
      agreement: 0.25,
      falseAlarms: 0.5,
    };
    expect(leaderboardOf(report([visa], { leaderboard: [row] }))).toEqual([row]);
    expect(leaderboardOf(null)).toEqual([]);
  });
});

describe('the scores per set', () => {
  const healthy = runCase({ situationId: 'healthy', seed: 1 });
  const heldOut = { ...visa, situationId: 'ho-low-volume-visa', set: 'held_out' as const };
  const situations = [
    { id: 'healthy', label: 'Healthy', set: 'training' as const },
    { id: 'ho-low-volume-visa', label: 'Low volume', set: 'held_out' as const },
    { id: 'visa-severe', label: 'Visa severe', set: 'training' as const },
  ];

  it("groups the agent's situations by set, training first, in the report's order", () => {
    const results = [heldOut, visa, healthy];
    const groups = scoresBySet(
      report(results, { summary: summarise(results, situations), situations }),
    );
    expect(groups.map((g) => `${g.set}:${g.rows.map((r) => r.id).join(',')}`)).toEqual([
      'training:healthy,visa-severe',
      'held_out:ho-low-volume-visa',
    ]);
  });

  it('reads the set from the cases when the report lists no situations, and drops empty sets', () => {
    expect(scoresBySet(report([heldOut])).map((g) => g.set)).toEqual(['held_out']);
    expect(scoresBySet(report([visa])).map((g) => g.set)).toEqual(['training']);
    expect(scoresBySet(null)).toEqual([]);
  });
});

describe('why a case disagreed', () => {
  it('says a case agrees when it picked the best', () => {
    expect(visa.agreesWithOracle).toBe(true);
    expect(explainCase(visa)[0]).toContain('agrees with the oracle');
  });

  it('names the guardrail that blocked the decision', () => {
    const blocked: CaseResult = {
      ...visa,
      agreesWithOracle: false,
      blocked: true,
      blockReason: 'The action would move 80 % of visa traffic.',
      regret: 12,
    };
    const why = explainCase(blocked);
    expect(why[0]).toContain('The guardrails blocked shift_traffic:visa:primary');
    expect(why[0]).toContain('80 %');
    expect(why.at(-1)).toBe("It cost 12.00 pt of the objective against the oracle's best.");
  });

  it('tells another action type from another target', () => {
    const notify = {
      type: 'send_notification' as const,
      parameters: { channel: 'on_call' },
      key: 'send_notification',
    };
    const otherType: CaseResult = { ...visa, agreesWithOracle: false, agentAction: notify };
    expect(explainCase(otherType)[0]).toContain('It chose send_notification where');
    const amex = { ...visa.agentAction, key: 'shift_traffic:amex:primary' };
    const otherTarget: CaseResult = { ...visa, agreesWithOracle: false, agentAction: amex };
    expect(explainCase(otherTarget)[0]).toContain('another target: shift_traffic:amex:primary');
  });

  it('reports a wrong pattern beside the truth', () => {
    const wrong: CaseResult = { ...visa, patternCorrect: false, recognisedPattern: 'noise' };
    expect(explainCase(wrong)).toContain('It recognised noise; the truth is issuer_degradation.');
  });
});

describe('opening a case in the lab', () => {
  it("gives a catalog case's scenario on the case's seed", () => {
    const found = caseScenario(visa);
    expect('scenario' in found && found.scenario.issuerHealth.visa).toBe(0.6);
    expect('scenario' in found && found.scenario.seed).toBe(1);
  });

  it('refuses a situation the catalog does not hold, by name', () => {
    const found = caseScenario({ ...visa, situationId: 'backup-saturated' });
    expect('problem' in found && found.problem).toContain('backup-saturated');
  });

  it('loads the chosen case into the lab, and says why when none is chosen', () => {
    const state = new EvaluationState();
    const opened: Scenario[] = [];
    expect(state.openInLab((s) => opened.push(s))).toBe(false);
    expect(state.openProblem).toBe('Choose a case first.');
    state.report = report([visa]);
    state.select(0);
    expect(state.openInLab(undefined)).toBe(false);
    expect(state.openProblem).toBe('The lab is not connected to this panel.');
    expect(state.openInLab((s) => opened.push(s))).toBe(true);
    expect(opened.map((s) => [s.issuerHealth.visa, s.seed])).toEqual([[0.6, 1]]);
    expect(state.openProblem).toBeNull();
    expect(state.opened).toBe('Opened visa-severe on seed 1 in the lab.');
    state.select(5);
    expect(state.selectedCase).toBeNull();
  });
});

describe('the paired test against the agent', () => {
  const base = { policy: 'random' as const, set: 'training' as const, liftOverRandom: null };

  it('calls a policy worse or better only when the interval leaves out 0', () => {
    expect(pairedVerdict({ ...base, diffMean: 5, diffLow: 1, diffHigh: 9 })).toBe(
      '5.00 [1.00, 9.00] worse',
    );
    expect(pairedVerdict({ ...base, diffMean: -5, diffLow: -9, diffHigh: -1 })).toBe(
      '-5.00 [-9.00, -1.00] better',
    );
    expect(pairedVerdict({ ...base, diffMean: 1, diffLow: -2, diffHigh: 4 })).toBe(
      '1.00 [-2.00, 4.00] no clear difference',
    );
    expect(pairedVerdict(undefined)).toBe('–');
  });
});
