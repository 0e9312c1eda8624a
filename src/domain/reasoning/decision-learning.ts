/**
 * How experience enters the decision: a score bonus or malus from the Beta posterior of the
 * action in its context, Thompson exploration among safe near-best candidates, and the calibrated
 * confidence that the chosen action meets expectations.
 */
import type { Decision } from '../../contracts';
import { applyFamilyCalibration, type FamilyCalibration } from '../evaluation/calibration';
import { clamp, round } from '../numbers';
import { thompsonGainPick } from './exploration';
import { posteriorMean, type Posterior } from './learning';
import type { PlannedProposal } from './planner';
import { FITTED_CALIBRATION } from './fitted-calibration';
import { MAX_CONFIDENCE } from './decision-confidence';
import { PASSIVE } from './remedy-family';

export { FITTED_CALIBRATION } from './fitted-calibration';

/** What exploration reads of a scored proposal. */
export interface Explorable {
  planned: PlannedProposal;
  score: number;
  posterior: Posterior;
}

/**
 * How far experience moves a score: (posterior mean − ½) × this × weight / (weight + 2). Five
 * failures in a row take ~0.05 off, enough to promote the runner-up of a typical 0.03–0.1 lead.
 */
export const LEARNED_SCORE_WEIGHT = 0.2;
/** Pseudo-count of the evidence-based confidence when experience of the context comes in. */
export const CONFIDENCE_PRIOR_WEIGHT = 4;

/**
 * The malus experience gives an action that kept failing: zero without experience and for one
 * that mostly works. Only failures move the ranking; successes already raise the estimate
 * (correctEstimate) and the confidence, and a bonus for them would favour whatever was tried
 * last over what the recent outcomes no longer show.
 */
export function learnedBonus(p: Posterior): number {
  if (p.weight <= 0) return 0;
  return Math.min(0, LEARNED_SCORE_WEIGHT * (posteriorMean(p) - 0.5) * (p.weight / (p.weight + 2)));
}

/**
 * The calibrated confidence, the chance the action meets expectations: the evidence-based
 * estimate (score gap, hypothesis, learned shift) through the calibration of the action's remedy
 * family (FITTED_CALIBRATION, fitted on the catalog and drawn situations), as a Beta prior of weight
 * CONFIDENCE_PRIOR_WEIGHT, updated by the outcomes of the same action in the same context.
 */
export function calibratedConfidence(
  evidence: number,
  posterior: Posterior,
  calibration: FamilyCalibration = FITTED_CALIBRATION,
  family?: string,
): number {
  const k = CONFIDENCE_PRIOR_WEIGHT;
  const met = posterior.alpha - 1;
  const prior = applyFamilyCalibration(calibration, family, evidence);
  const c = (prior * k + met) / (k + posterior.weight);
  return round(clamp(c, 0, MAX_CONFIDENCE), 4);
}

/**
 * Score units per unit of estimated success-rate gain in the bandit's value. The decision's
 * success term saturates past a few points (tanh), so a 45-point failover and a 25-point backoff
 * score alike there; the bandit adds the gain itself, so among near-best safe candidates the one
 * expected to recover more payments wins.
 */
export const BANDIT_GAIN_WEIGHT = 0.2;
/** Spread of the gain draw with no experience of the action in its context (5 points). */
export const GAIN_SPREAD = 0.05;
/**
 * Candidates within this score of the best are arms of the bandit: close enough that trying one
 * is cheap (the guardrails passed it, it can be undone) and the outcome says which is better.
 */
export const BANDIT_MARGIN = 0.05;

/**
 * The contextual bandit among safe candidates: the allowed, reversible, active candidates within
 * BANDIT_MARGIN of the best score are arms; each is worth its score plus BANDIT_GAIN_WEIGHT × a
 * Thompson draw of its gain, from a Normal around the planner's estimate (already corrected by
 * what the action achieved before in this context) whose spread narrows as the context's
 * outcomes add up. An action that kept failing carries the learnedBonus malus in its score.
 * Without a seed the best by score stands: the planner's gain estimates go untested there, and
 * trusting them without experience would trade the score's caution for their errors. A passive
 * best (no exploring away from leaving a healthy system alone) and an irreversible one stand.
 */
export function explore<T extends Explorable>(
  top: T,
  ranked: readonly T[],
  seed: number | undefined,
): T {
  if (seed === undefined) return top;
  if (PASSIVE.has(top.planned.proposal.type) || !top.planned.proposal.reversible) return top;
  const pool = ranked.filter(
    (s) =>
      s.planned.proposal.reversible &&
      !PASSIVE.has(s.planned.proposal.type) &&
      s.score >= top.score - BANDIT_MARGIN,
  );
  if (pool.length < 2) return top;
  const pick = thompsonGainPick(
    pool.map((s) => ({
      id: s.planned.proposal.id,
      base: s.score,
      mean: s.planned.proposal.estimatedImpact.successRateChange,
      sd: GAIN_SPREAD / Math.sqrt(1 + s.posterior.weight),
    })),
    seed,
    BANDIT_GAIN_WEIGHT,
  );
  return pool.find((s) => s.planned.proposal.id === pick?.id) ?? top;
}

/**
 * An action in a few words: its type, with its parameters when `detailed`. An unwind is told
 * apart by what it undoes, which its description names; a record id would tell a reader nothing.
 */
function described(s: Explorable, detailed: boolean): string {
  const { type, parameters, description } = s.planned.proposal;
  if (detailed && type === 'unwind_action') return `${type} (${description.slice(0, 160)})`;
  const words = Object.entries(parameters).map(([key, value]) => `${key} ${String(value)}`);
  return detailed && words.length > 0 ? `${type} (${words.join(', ')})` : type;
}

/**
 * What the decision says when exploration picked `pick` where it would pick `usual` without the
 * draws: which one it tried instead of which, with both scores, and why it was tried at all.
 * Parameters are named only when both are of one type, where they are what tells them apart.
 */
export function explorationOf(
  pick: Explorable,
  usual: Explorable,
): NonNullable<Decision['exploration']> {
  const detailed = pick.planned.proposal.type === usual.planned.proposal.type;
  return {
    insteadOfActionId: usual.planned.proposal.id,
    insteadOfType: usual.planned.proposal.type,
    note:
      `Explored: ${described(pick, detailed)} instead of ${described(usual, detailed)} ` +
      `(score ${pick.score.toFixed(3)} vs ${usual.score.toFixed(3)}), a near-best safe ` +
      'alternative tried so that its outcome can correct the estimates.',
  };
}
