/**
 * The Evaluate panel's view of calibration: one reliability table per set the agent was scored
 * on, on the executor's verdict (what its confidence states), and the held-out pass with training
 * experience beside the fresh agent.
 */
import type { EvaluationReport } from '../contracts';
import type { CalibrationReport } from '../domain/evaluation/calibration';
import {
  agentCalibration,
  agentSets,
  experienceSummary,
} from '../domain/evaluation/experience-summary';

/** One line of the panel's calibration table and one series of its reliability chart. */
export interface CalibrationRow {
  key: 'training' | 'held_out' | 'held_out_experienced';
  label: string;
  report: CalibrationReport;
  /** Decisions the guardrails blocked: they did not run, so whether they met was not observed. */
  blocked: number;
  /** Mean stated confidence and the share met over all the row's executed decisions. */
  meanStated: number | null;
  metRate: number | null;
}

const LABELS: Record<CalibrationRow['key'], string> = {
  training: 'Training',
  held_out: 'Held-out',
  held_out_experienced: 'Held-out, experienced',
};

function row(
  key: CalibrationRow['key'],
  calibration: { report: CalibrationReport; blocked: number },
): CalibrationRow {
  const filled = calibration.report.bins.filter((b) => b.count > 0);
  const n = calibration.report.total;
  const weighted = (pick: (b: (typeof filled)[number]) => number | null) =>
    n > 0 ? filled.reduce((s, b) => s + (pick(b) ?? 0) * b.count, 0) / n : null;
  return {
    key,
    label: LABELS[key],
    report: calibration.report,
    blocked: calibration.blocked,
    meanStated: weighted((b) => b.meanConfidence),
    metRate: weighted((b) => b.observedRate),
  };
}

/** The calibration rows of a report: training, held-out, then held-out with experience. */
export function calibrationRows(report: EvaluationReport | null): CalibrationRow[] {
  if (!report) return [];
  const sets = agentSets(report.results);
  const rows = (['training', 'held_out'] as const)
    .filter((set) => sets.includes(set))
    .map((set) => row(set, agentCalibration(report.results, set)));
  const experienced = experienceSummary(report);
  if (experienced) rows.push(row('held_out_experienced', experienced.calibration));
  return rows.filter((r) => r.report.total > 0);
}
