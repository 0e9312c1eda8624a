import { describe, expect, it } from 'vitest';
import { EMPTY_LEARNING_CONTEXT, EvaluationReportSchema } from '../../../../src/contracts';
import {
  buildReport,
  CATALOG,
  defaultSituations,
  evaluationUnits,
  mergeReports,
  runUnit,
} from '../../../../src/domain/evaluation';
import {
  trainingExperience,
  withTrainingExperience,
} from '../../../../src/domain/evaluation/training-experience';

const CYCLES = 20;
// Learned once for the file: the same stream and seeds as the learning curve's on arm.
const experience = trainingExperience(CYCLES, 1);

describe('training experience', () => {
  it('is what the agent learned on the catalog: the same every time, outcomes from each cycle', () => {
    expect(trainingExperience(CYCLES, 1)).toEqual(experience);
    expect(experience.totalOutcomes).toBeGreaterThan(0);
    expect(experience.totalOutcomes).toBeLessThanOrEqual(CYCLES);
    expect(experience.stats.length).toBeGreaterThan(0);
    expect(trainingExperience(CYCLES, 2)).not.toEqual(experience);
  });

  it('goes to the held-out units the agent is scored on, and to no other', () => {
    const situations = defaultSituations().filter((s) =>
      ['healthy', 'ho-low-volume-visa'].includes(s.id),
    );
    const units = evaluationUnits({ seeds: 1, oracleSeeds: 2, situations });
    const given = withTrainingExperience(units, experience);
    expect(given.map((u) => u.experience !== undefined)).toEqual([false, true]);
    const withoutAgent = evaluationUnits({
      seeds: 1,
      oracleSeeds: 2,
      situations,
      policies: ['random'],
    });
    expect(withTrainingExperience(withoutAgent, experience).some((u) => u.experience)).toBe(false);
  });
});

describe('a unit that carries training experience', () => {
  // A catalog situation scored as held-out: the experience has seen its kind, so it shows.
  const visa = { ...CATALOG.find((s) => s.id === 'visa-severe')!, set: 'held_out' as const };
  const [unit] = evaluationUnits({
    seeds: 2,
    oracleSeeds: 3,
    policies: ['agent', 'do_nothing'],
    situations: [visa],
  });

  it('adds the experienced agent after each seed, leaving the fresh cases as they were', () => {
    const fresh = runUnit(unit!);
    const both = runUnit({ ...unit!, experience });
    expect(both.map((r) => `${r.seed}:${r.policy}:${r.experienced ?? false}`)).toEqual([
      '1:agent:false',
      '1:do_nothing:false',
      '1:agent:true',
      '2:agent:false',
      '2:do_nothing:false',
      '2:agent:true',
    ]);
    expect(both.filter((r) => !r.experienced)).toEqual(fresh);
  });

  it('states the confidence its experience gives, and an empty one changes nothing', () => {
    const both = runUnit({ ...unit!, experience });
    const fresh = both.filter((r) => r.policy === 'agent' && !r.experienced);
    const experienced = both.filter((r) => r.experienced);
    expect(experienced.map((r) => r.confidence)).not.toEqual(fresh.map((r) => r.confidence));
    const empty = runUnit({ ...unit!, experience: EMPTY_LEARNING_CONTEXT }).filter(
      (r) => r.experienced,
    );
    expect(empty.map((r) => r.confidence)).toEqual(fresh.map((r) => r.confidence));
  });

  it('merges from shards that learned alike, and refuses shards that did not', () => {
    const cases = runUnit({ ...unit!, experience });
    const report = buildReport({
      results: cases.filter((r) => !r.experienced),
      seeds: 2,
      oracleSeeds: 3,
      cycles: 0,
      situations: [visa],
    });
    const learned = {
      ...report,
      experienced: { cycles: CYCLES, seed: 1, results: cases.filter((r) => r.experienced) },
    };
    EvaluationReportSchema.parse(learned);
    expect(mergeReports([learned])).toEqual(learned);
    // A shard that ran no cases of its own still says what it learned: nothing here.
    expect(() => mergeReports([learned, { ...report, results: [] }])).toThrow(
      /report 2 carries training experience none, report 1 20 cycles from stream seed 1/,
    );
    expect(() => mergeReports([learned, learned])).toThrow(/more than one report/);
  });
});
