/**
 * What a report says of the agent's confidence and of its training experience, for the command
 * line's text and the page alike: a set's reliability table, and the held-out pass with training
 * experience beside the fresh agent, paired case by case.
 */
import type { CaseResult, EvaluationReport, MeanInterval, SituationSet } from '../../contracts';
import {
  calibrationReport,
  casePairs,
  type CalibrationBasis,
  type CalibrationReport,
} from './calibration';
import { meanInterval } from './scoring';

/** A reliability table and how many decisions it leaves out because they were blocked. */
export interface AgentCalibration {
  report: CalibrationReport;
  blocked: number;
}

/** The held-out pass of an agent carrying its training experience, against the fresh agent. */
export interface ExperienceSummary {
  /** Learning cycles of the experience and the seed of their stream. */
  cycles: number;
  seed: number;
  /** The experienced agent's regret over its held-out cases. */
  regret: MeanInterval;
  /** Its regret minus the fresh agent's on the same situation and seed. */
  paired: MeanInterval;
  /** Cases paired with a fresh case, and of those the ones where experience changed the pick. */
  pairs: number;
  changed: number;
  /** Its reliability table on the executor's verdict, what the confidence states. */
  calibration: AgentCalibration;
}

const isAgent = (r: CaseResult) => (r.policy ?? 'agent') === 'agent';

/** The sets the agent was scored on in a result list, in their order of first appearance. */
export function agentSets(results: readonly CaseResult[]): SituationSet[] {
  return [...new Set(results.filter(isAgent).map((r) => r.set ?? 'training'))];
}

/** The reliability table of the agent's cases of `set` on `basis` (a case without a set is training). */
export function agentCalibration(
  results: readonly CaseResult[],
  set: SituationSet,
  basis: CalibrationBasis = 'outcome',
): AgentCalibration {
  const cases = results.filter((r) => isAgent(r) && (r.set ?? 'training') === set);
  const { pairs, blocked } = casePairs(cases, basis);
  return { report: calibrationReport(pairs), blocked };
}

/** The held-out pass with training experience, or null when the report has none to show. */
export function experienceSummary(report: EvaluationReport): ExperienceSummary | null {
  const experienced = report.experienced;
  if (!experienced || experienced.results.length === 0) return null;
  const heldOut = (results: readonly CaseResult[]) =>
    results.filter((r) => isAgent(r) && r.set === 'held_out');
  const fresh = new Map(heldOut(report.results).map((r) => [`${r.situationId}@${r.seed}`, r]));
  const cases = heldOut(experienced.results);
  const pairs = cases.flatMap((r) => {
    const f = fresh.get(`${r.situationId}@${r.seed}`);
    return f ? [{ r, f }] : [];
  });
  return {
    cycles: experienced.cycles,
    seed: experienced.seed,
    regret: meanInterval(cases.map((r) => r.regret)),
    paired: meanInterval(pairs.map(({ r, f }) => r.regret - f.regret)),
    pairs: pairs.length,
    changed: pairs.filter(
      ({ r, f }) => JSON.stringify(r.agentAction) !== JSON.stringify(f.agentAction),
    ).length,
    calibration: agentCalibration(cases, 'held_out'),
  };
}
