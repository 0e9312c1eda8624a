import type { LearningContext, LearningRecord, OutcomeSummary } from '../../contracts';
import { parseContextTag } from '../reasoning/experience-context';
import { isImported } from './origin';
import { estimatedChangeOf, patternActionStats } from './statistics';
import { clampOrZero } from '../numbers';

/** Most recent outcomes a learning context can carry (LearningContextSchema's bound). */
export const MAX_RECENT_OUTCOMES = 1000;

/**
 * One stored outcome as the reasoning engine sees it, with the context its decision was taken in
 * (read back from the tag the planner wrote into the rationale) and, for an imported record, its
 * origin, so that foreign experience weighs less than the agent's own.
 */
export function summariseOutcome(record: LearningRecord): OutcomeSummary | null {
  const outcome = record.outcome;
  if (!outcome) return null;
  const context = parseContextTag(record.decision.selectedAction.rationale);
  return {
    ...(context !== undefined ? { context } : {}),
    actionId: outcome.actionId,
    actionType: record.actionType,
    pattern: record.pattern,
    executedAt: outcome.executedAt,
    improvementAchieved: outcome.improvementAchieved,
    estimatedSuccessRateChange: clampOrZero(estimatedChangeOf(record), -1, 1),
    metExpectations: outcome.metExpectations,
    rollbackTriggered: outcome.rollbackTriggered,
    confidenceAdjustment: outcome.confidenceAdjustment,
    ...(isImported(record) ? { origin: 'imported' as const } : {}),
  };
}

/**
 * The context the next reasoning cycle works with: the `n` most recent outcomes, newest first
 * (by executedAt, then recordedAt, then id, so the order is the same every time), and per pattern ×
 * action statistics over every outcome ever stored, in which an imported outcome counts
 * IMPORTED_WEIGHT of one of the agent's own (see patternActionStats). `n` is a count clamped to
 * 0…1000, the schema's bound on recentOutcomes; the statistics are never capped.
 */
export function learningContext(records: readonly LearningRecord[], n: number): LearningContext {
  const limit = Number.isFinite(n) ? clampOrZero(Math.floor(n), 0, MAX_RECENT_OUTCOMES) : 0;
  const withOutcome = records.filter((r) => r.outcome !== undefined);
  const newestFirst = [...withOutcome].sort((a, b) => {
    const byExecution = (b.outcome?.executedAt ?? 0) - (a.outcome?.executedAt ?? 0);
    if (byExecution !== 0) return byExecution;
    if (b.recordedAt !== a.recordedAt) return b.recordedAt - a.recordedAt;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
  const recentOutcomes: OutcomeSummary[] = [];
  for (const record of newestFirst.slice(0, limit)) {
    const summary = summariseOutcome(record);
    if (summary) recentOutcomes.push(summary);
  }
  return {
    totalOutcomes: withOutcome.length,
    recentOutcomes,
    stats: patternActionStats(withOutcome, { weighByOrigin: true }),
  };
}
