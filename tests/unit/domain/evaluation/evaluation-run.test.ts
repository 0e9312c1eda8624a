import { describe, expect, it } from 'vitest';
import { EvaluationReportSchema, type PolicyId } from '../../../../src/contracts';
import {
  buildReport,
  defaultSituations,
  evaluationUnits,
  mergeReports,
  runUnit,
  shardUnits,
} from '../../../../src/domain/evaluation';

const situations = defaultSituations().filter((s) =>
  ['healthy', 'visa-severe', 'ho-low-volume-visa', 'ho-low-volume-visa-twin'].includes(s.id),
);
const policies: PolicyId[] = ['agent', 'do_nothing', 'random'];
const settings = { seeds: 2, oracleSeeds: 3, policies, situations };

function report(units: ReturnType<typeof evaluationUnits>) {
  return buildReport({
    results: units.flatMap((u) => runUnit(u)),
    seeds: 2,
    oracleSeeds: 3,
    cycles: 0,
    situations,
  });
}

describe('shards and merge', () => {
  it('merges shards into the report one run writes', () => {
    const all = evaluationUnits(settings);
    const whole = report(all);
    EvaluationReportSchema.parse(whole);
    const shards = [1, 2, 3].map((i) => report(shardUnits(all, i, 3)));
    // Merged in any order, the shards give back the run.
    const merged = mergeReports([shards[2]!, shards[0]!, shards[1]!]);
    expect(merged).toEqual(whole);
    expect(whole.leaderboard!.map((r) => `${r.policy}:${r.set}:${r.cases}`)).toEqual([
      'agent:training:4',
      'do_nothing:training:4',
      'random:training:4',
      'agent:held_out:4',
      'do_nothing:held_out:4',
      'random:held_out:4',
    ]);
  });

  it('refuses shards of different runs and a case two shards both ran', () => {
    const all = evaluationUnits(settings);
    const one = report(shardUnits(all, 1, 2));
    expect(() => mergeReports([one, one])).toThrow(/more than one report/);
    expect(() => mergeReports([one, { ...one, seeds: 5 }])).toThrow(/not shards of one run/);
    expect(() => mergeReports([])).toThrow(/at least one/);
  });

  it('slices every n-th unit and refuses a shard out of range', () => {
    expect(shardUnits([1, 2, 3, 4, 5], 2, 2)).toEqual([2, 4]);
    expect(() => shardUnits([1], 3, 2)).toThrow(/between 1 and 2/);
  });
});

describe('leaderboard and comparisons', () => {
  it('scores regret against the oracle, false alarms on no-fault cases, and the paired difference', () => {
    const r = report(evaluationUnits(settings));
    const row = (p: PolicyId, set: string) =>
      r.leaderboard!.find((x) => x.policy === p && x.set === set)!;
    // Doing nothing on a severe fault regrets; it never changes a healthy plane.
    expect(row('do_nothing', 'training').regretMean).toBeGreaterThan(1);
    expect(row('do_nothing', 'training').falseAlarms).toBe(0);
    expect(row('random', 'training').falseAlarms).toBeGreaterThan(0);
    for (const x of r.leaderboard!) expect(x.regretLow).toBeLessThanOrEqual(x.regretMean);
    const agent = r.comparisons!.find((c) => c.policy === 'agent' && c.set === 'training')!;
    expect(agent.diffMean).toBe(0);
    const idle = r.comparisons!.find((c) => c.policy === 'do_nothing' && c.set === 'training')!;
    const agentRegret = row('agent', 'training').regretMean;
    expect(idle.diffMean).toBeCloseTo(row('do_nothing', 'training').regretMean - agentRegret, 9);
    const random = r.comparisons!.find((c) => c.policy === 'random' && c.set === 'training')!;
    expect(random.liftOverRandom).toBe(0);
    for (const c of r.results) {
      expect(c.ranking!.length).toBeGreaterThan(0);
      expect(c.agentImpact.terms).toBeDefined();
    }
  });

  it("keeps the executor's verdict on what ran, and none where nothing ran", () => {
    const r = report(evaluationUnits(settings));
    const ran = r.results.filter((c) => !c.blocked && c.executedAction.type !== 'do_nothing');
    expect(ran.length).toBeGreaterThan(0);
    for (const c of ran) expect(typeof c.outcomeMet).toBe('boolean');
    // The agent's shift on a severe Visa fault delivers what it promised.
    const shift = r.results.find((c) => c.policy === 'agent' && c.situationId === 'visa-severe')!;
    expect(shift.executedAction.type).toBe('shift_traffic');
    expect(shift.outcomeMet).toBe(true);
    // Random actions on a healthy world promise gains that do not come: some fall short.
    const random = r.results.filter((c) => c.policy === 'random' && c.outcomeMet !== null);
    expect(random.some((c) => c.outcomeMet === false)).toBe(true);
  });
});
