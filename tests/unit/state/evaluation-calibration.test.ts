import { describe, expect, it } from 'vitest';
import type { CaseResult, EvaluationReport } from '../../../src/contracts';
import { buildReport, CATALOG, evaluationUnits, runUnit } from '../../../src/domain/evaluation';
import { experienceSummary } from '../../../src/domain/evaluation/experience-summary';
import {
  fileExperienced,
  trainingExperience,
  withTrainingExperience,
} from '../../../src/domain/evaluation/training-experience';
import { calibrationRows } from '../../../src/state/evaluation-calibration';

// A catalog situation scored as training and a copy of it scored as held-out, agent only.
const visa = { ...CATALOG.find((s) => s.id === 'visa-severe')!, set: 'training' as const };
const heldOut = { ...visa, id: 'visa-severe-held-out', set: 'held_out' as const };
const situations = [visa, heldOut];
const units = withTrainingExperience(
  evaluationUnits({ seeds: 3, oracleSeeds: 2, policies: ['agent'], situations }),
  trainingExperience(6, 1),
);
const results = units.flatMap((u) => runUnit(u));
const report: EvaluationReport = fileExperienced({ cycles: 6, seed: 1 }, results, (fresh) =>
  buildReport({ results: fresh, seeds: 3, oracleSeeds: 2, cycles: 0, situations }),
);

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('the Evaluate panel’s calibration', () => {
  it('has a row per set and one for the experienced pass, each from its own executed cases', () => {
    const rows = calibrationRows(report);
    expect(rows.map((r) => r.key)).toEqual(['training', 'held_out', 'held_out_experienced']);
    const casesOf = {
      training: report.results.filter((r) => r.set === 'training'),
      held_out: report.results.filter((r) => r.set === 'held_out'),
      held_out_experienced: report.experienced!.results,
    };
    for (const row of rows) {
      const cases = casesOf[row.key].filter((r) => !r.blocked);
      expect(row.report.total).toBe(cases.length);
      expect(row.meanStated).toBeCloseTo(mean(cases.map((r) => r.confidence)), 12);
      expect(row.metRate).toBeCloseTo(mean(cases.map((r) => (r.outcomeMet ? 1 : 0))), 12);
      expect(row.report.ece).not.toBeNull();
    }
    // Experience moved the stated confidence on the held-out copy of a situation it learned on.
    expect(rows[2]!.meanStated).not.toBeCloseTo(rows[1]!.meanStated!, 6);
  });

  it('shows nothing without a report, and no experienced row for a run without experience', () => {
    expect(calibrationRows(null)).toEqual([]);
    const fresh = { ...report, experienced: undefined };
    expect(calibrationRows(fresh).map((r) => r.key)).toEqual(['training', 'held_out']);
    expect(experienceSummary(fresh)).toBeNull();
  });
});

describe('the experienced pass against the fresh agent', () => {
  const shifted = (r: CaseResult, i: number): CaseResult =>
    i === 0
      ? { ...r, regret: r.regret + 0.3, agentAction: { ...r.agentAction, key: 'changed' } }
      : { ...r, regret: r.regret + 0.3 };

  it('pairs each experienced case with the fresh one of its situation and seed', () => {
    const fresh = report.results.filter((r) => r.set === 'held_out');
    const experienced = fresh.map((r) => ({ ...r, experienced: true as const })).map(shifted);
    const summary = experienceSummary({
      ...report,
      experienced: { cycles: 6, seed: 1, results: experienced },
    })!;
    expect(summary).toMatchObject({ cycles: 6, seed: 1, pairs: 3, changed: 1 });
    expect(summary.paired.mean).toBeCloseTo(0.3, 12);
    expect(summary.regret.mean).toBeCloseTo(mean(fresh.map((r) => r.regret)) + 0.3, 12);
    // A case with no fresh twin is scored but not paired.
    const lone = { ...experienced[0]!, seed: 99 };
    const more = experienceSummary({
      ...report,
      experienced: { cycles: 6, seed: 1, results: [...experienced, lone] },
    })!;
    expect(more.pairs).toBe(3);
    expect(more.calibration.report.total).toBe(4);
  });
});
