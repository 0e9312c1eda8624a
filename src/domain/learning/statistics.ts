import {
  ACTION_TYPES,
  PATTERN_TYPES,
  type ActionOutcome,
  type ActionType,
  type LearningRecord,
  type PatternActionStats,
  type PatternType,
} from '../../contracts';
import { clampOrZero } from '../numbers';
import { IMPORTED_WEIGHT } from '../reasoning/learning';
import { isImported } from './origin';

/** How one action type has done across every stored outcome. */
export interface ActionTypeStats {
  actionType: ActionType;
  /** Outcomes of this action type. */
  count: number;
  /** Mean improvementAchieved over those outcomes. */
  meanImprovement: number;
}

/** How the outcomes of one action for one pattern split between own and imported experience. */
export interface OriginCount {
  pattern: PatternType;
  actionType: ActionType;
  own: number;
  imported: number;
}

/** The learning store's statistics, as in the seeds' learning store and then some. */
export interface LearningStatistics {
  /** Every record: executed, blocked, rejected, rolled back and expired. */
  totalDecisions: number;
  executed: number;
  blocked: number;
  rejected: number;
  rolledBack: number;
  /** Approvals nobody answered before a newer window superseded them. */
  expired: number;
  /** Records whose action was do_nothing: idle cycles, counted apart from real actions. */
  idleCycles: number;
  /** Records imported from elsewhere (foreign experience); the rest are the agent's own. */
  importedDecisions: number;
  /** Of totalOutcomes, those imported; the rest are the agent's own. */
  importedOutcomes: number;
  /**
   * Records of real actions (anything but do_nothing) that carry an outcome; the success rate,
   * improvement and best and worst types below count these only, so idle cycles cannot pass for
   * successes.
   */
  totalOutcomes: number;
  /** Share of outcomes that were successful (see isSuccessfulOutcome); 0 with no outcomes. */
  successRate: number;
  /** Mean improvementAchieved over all outcomes; 0 with no outcomes. */
  averageImprovement: number;
  /** Action type with the highest mean improvement; null with no outcomes. */
  bestActionType: ActionTypeStats | null;
  /** Action type with the lowest mean improvement; null unless two or more types have outcomes. */
  worstActionType: ActionTypeStats | null;
  /** Every action type with outcomes, best first. */
  byActionType: ActionTypeStats[];
  /** Per pattern × action type, in PATTERN_TYPES × ACTION_TYPES order. */
  byPatternAction: PatternActionStats[];
  /** The same cells' outcomes as own and imported counts, in the same order. */
  originByPatternAction: OriginCount[];
}

/**
 * An outcome counts as a success when its status is `success`, it met expectations and it was not
 * rolled back: an action that ran but did not do what was promised is not one to repeat blindly.
 */
export function isSuccessfulOutcome(outcome: ActionOutcome): boolean {
  return outcome.status === 'success' && outcome.metExpectations && !outcome.rollbackTriggered;
}

/** The success-rate change an outcome's action estimated (outcome's copy first, then the decision's). */
export function estimatedChangeOf(record: LearningRecord): number {
  return (
    record.outcome?.estimatedImpact?.successRateChange ??
    record.decision.selectedAction.estimatedImpact.successRateChange
  );
}

/** How per pattern × action statistics are counted. */
export interface PatternActionStatsOptions {
  /**
   * Count an imported outcome IMPORTED_WEIGHT of one of the agent's own, as the reasoning engine
   * weighs it: means are weighted, and counts are the weighted sums rounded to whole outcomes
   * (the contract counts whole outcomes), so a cell weighing less than half an outcome is left
   * out and the engine reads those outcomes, weighted exactly, from the recent ones.
   */
  weighByOrigin?: boolean;
}

/** A weighted count rounded to whole outcomes, halves up despite floating-point sums. */
function wholeOutcomes(weighted: number): number {
  return Math.round(weighted + 1e-9);
}

interface Accumulator {
  /** Outcomes, weighted when weighByOrigin is set. */
  count: number;
  successCount: number;
  improvement: number;
  estimateError: number;
  confidenceAdjustment: number;
}

/**
 * Per pattern × action type statistics over every record with an outcome, in PATTERN_TYPES ×
 * ACTION_TYPES order; means are clamped into PatternActionStatsSchema's ranges. Every outcome
 * counts once unless `weighByOrigin` is set.
 */
export function patternActionStats(
  records: readonly LearningRecord[],
  options: PatternActionStatsOptions = {},
): PatternActionStats[] {
  const cells = new Map<string, Accumulator>();
  for (const record of records) {
    const outcome = record.outcome;
    if (!outcome) continue;
    const w = options.weighByOrigin && isImported(record) ? IMPORTED_WEIGHT : 1;
    const key = `${record.pattern}|${record.actionType}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        count: 0,
        successCount: 0,
        improvement: 0,
        estimateError: 0,
        confidenceAdjustment: 0,
      };
      cells.set(key, cell);
    }
    cell.count += w;
    if (isSuccessfulOutcome(outcome)) cell.successCount += w;
    cell.improvement += w * outcome.improvementAchieved;
    cell.estimateError += w * (outcome.improvementAchieved - estimatedChangeOf(record));
    cell.confidenceAdjustment += w * outcome.confidenceAdjustment;
  }
  const out: PatternActionStats[] = [];
  for (const pattern of PATTERN_TYPES) {
    for (const actionType of ACTION_TYPES) {
      const cell = cells.get(`${pattern}|${actionType}`);
      if (!cell) continue;
      // Whole numbers already unless weighted; rounding keeps successCount ≤ count. Sums of 0.3s
      // fall a hair short of their halves (2 + 5 × 0.3 = 3.4999…), hence the nudge.
      const count = wholeOutcomes(cell.count);
      if (count === 0) continue;
      out.push({
        pattern: pattern as PatternType,
        actionType,
        count,
        successCount: wholeOutcomes(cell.successCount),
        meanImprovement: clampOrZero(cell.improvement / cell.count, -1, 1),
        meanEstimateError: clampOrZero(cell.estimateError / cell.count, -2, 2),
        meanConfidenceAdjustment: clampOrZero(cell.confidenceAdjustment / cell.count, -0.2, 0.2),
      });
    }
  }
  return out;
}

/** Own and imported outcomes per pattern × action type, in PATTERN_TYPES × ACTION_TYPES order. */
function originCounts(records: readonly LearningRecord[]): OriginCount[] {
  const cells = new Map<string, { own: number; imported: number }>();
  for (const record of records) {
    if (!record.outcome) continue;
    const key = `${record.pattern}|${record.actionType}`;
    const cell = cells.get(key) ?? { own: 0, imported: 0 };
    if (isImported(record)) cell.imported += 1;
    else cell.own += 1;
    cells.set(key, cell);
  }
  const out: OriginCount[] = [];
  for (const pattern of PATTERN_TYPES) {
    for (const actionType of ACTION_TYPES) {
      const cell = cells.get(`${pattern}|${actionType}`);
      if (cell) out.push({ pattern: pattern as PatternType, actionType, ...cell });
    }
  }
  return out;
}

/**
 * Statistics over the whole history: counts by status, idle cycles, imported records and outcomes
 * (counted apart from the agent's own), outcomes of real actions,
 * their success rate (see isSuccessfulOutcome), average improvement, best and worst action type by
 * mean improvement (ties go to the type with more outcomes, then ACTION_TYPES order) and the per
 * pattern × action breakdown (which keeps do_nothing: the learning context weighs it too).
 */
export function computeStatistics(records: readonly LearningRecord[]): LearningStatistics {
  let executed = 0;
  let blocked = 0;
  let rejected = 0;
  let rolledBack = 0;
  let expired = 0;
  let idleCycles = 0;
  let importedDecisions = 0;
  let importedOutcomes = 0;
  let totalOutcomes = 0;
  let successes = 0;
  let improvement = 0;
  const byType = new Map<ActionType, { count: number; improvement: number }>();
  for (const record of records) {
    if (record.status === 'executed') executed += 1;
    else if (record.status === 'blocked') blocked += 1;
    else if (record.status === 'rejected') rejected += 1;
    else if (record.status === 'expired') expired += 1;
    else rolledBack += 1;
    const imported = isImported(record);
    if (imported) importedDecisions += 1;
    if (record.actionType === 'do_nothing') {
      idleCycles += 1;
      continue;
    }
    const outcome = record.outcome;
    if (!outcome) continue;
    totalOutcomes += 1;
    if (imported) importedOutcomes += 1;
    if (isSuccessfulOutcome(outcome)) successes += 1;
    improvement += outcome.improvementAchieved;
    const cell = byType.get(record.actionType) ?? { count: 0, improvement: 0 };
    cell.count += 1;
    cell.improvement += outcome.improvementAchieved;
    byType.set(record.actionType, cell);
  }
  const byActionType: ActionTypeStats[] = ACTION_TYPES.flatMap((actionType) => {
    const cell = byType.get(actionType);
    return cell
      ? [{ actionType, count: cell.count, meanImprovement: cell.improvement / cell.count }]
      : [];
  });
  // Stable sort keeps ACTION_TYPES order as the last tie-break.
  byActionType.sort((a, b) => b.meanImprovement - a.meanImprovement || b.count - a.count);
  return {
    totalDecisions: records.length,
    executed,
    blocked,
    rejected,
    rolledBack,
    expired,
    idleCycles,
    importedDecisions,
    importedOutcomes,
    totalOutcomes,
    successRate: totalOutcomes === 0 ? 0 : successes / totalOutcomes,
    averageImprovement: totalOutcomes === 0 ? 0 : improvement / totalOutcomes,
    bestActionType: byActionType[0] ?? null,
    worstActionType: byActionType.length >= 2 ? (byActionType.at(-1) ?? null) : null,
    byActionType,
    byPatternAction: patternActionStats(records),
    originByPatternAction: originCounts(records),
  };
}
