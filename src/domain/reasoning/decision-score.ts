/**
 * How a proposal scores: its estimated impact normalised per criterion (success, latency, cost,
 * risk) and the seeds' weighted sum of those parts. The evaluation scores simulated impacts the
 * same way, so the agent and the oracle weigh alike.
 */
import type { ActionProposal, MetricsSnapshot, ReasoningConfig } from '../../contracts';
import { clampUnit } from '../numbers';

/** A relative cost increase this large scores zero on cost. */
export const COST_SCALE = 0.5;
/**
 * A success-rate gain this large (five points) scores full marks on success. A fixed scale keeps
 * small faults from justifying costly remedies: a fraction of a point is not worth a 10 % cost.
 */
export const SUCCESS_SCALE = 0.05;
/** Each criterion of a proposal's score, normalised to 0–1 (1 is best). */
export interface ScoreParts {
  success: number;
  latency: number;
  cost: number;
  risk: number;
}

/** What scores are normalised against: five points of success rate and the baseline p99. */
export interface ScoreScale {
  success: number;
  latency: number;
}

/** The scales of one situation: latency changes are judged against the healthy p99. */
export function scoreScale(_current: MetricsSnapshot, baseline: MetricsSnapshot): ScoreScale {
  return { success: SUCCESS_SCALE, latency: Math.max(baseline.latency.p99, 1) };
}

/**
 * Normalises a proposal's estimated impact to 0–1 per criterion (0.5 means no change); only the
 * impact is read, so the evaluation can score a simulated impact the same way.
 */
export function scoreParts(
  p: Pick<ActionProposal, 'estimatedImpact'>,
  scale: ScoreScale,
): ScoreParts {
  const e = p.estimatedImpact;
  return {
    // tanh saturates smoothly, so two large gains still rank by size instead of both clamping to 1.
    success: clampUnit(0.5 + 0.5 * Math.tanh(e.successRateChange / scale.success)),
    latency: clampUnit(0.5 - 0.5 * Math.tanh(e.latencyImpact / scale.latency)),
    cost: 1 - clampUnit(e.costImpact / COST_SCALE),
    risk: 1 - clampUnit(e.riskLevel),
  };
}

/** The composite score: the config's weights (seeds: 0.4 success, 0.3 latency, 0.2 cost, 0.1 risk). */
export function compositeScore(parts: ScoreParts, config: ReasoningConfig): number {
  const w = config.weights;
  return clampUnit(
    w.successRate * parts.success +
      w.latency * parts.latency +
      w.cost * parts.cost +
      w.risk * parts.risk,
  );
}
