/** The planner's shared vocabulary: what it reads and the draft of one proposal. */
import type {
  ActiveActionView,
  ActionParameters,
  ActionProposal,
  ActionType,
  ControlPlane,
  EstimatedImpact,
  LearningContext,
  MetricsSnapshot,
  NoticeView,
  PatternType,
  SafetyLimits,
} from '../../contracts';
import { round } from '../numbers';
import type { PatternAnalysis } from './patterns';

/** A proposal and the pattern it answers. */
export interface PlannedProposal {
  proposal: ActionProposal;
  pattern: PatternType;
  /**
   * It re-proposes an action in force to renew its term: it rests on the diagnosis that action
   * was taken on and on the windows showing it still needed, not on a hypothesis of the moment.
   */
  renewal?: true;
}

/** Everything the planner reads. */
export interface PlanInput {
  current: MetricsSnapshot;
  baseline: MetricsSnapshot;
  analysis: PatternAnalysis;
  learning: LearningContext;
  now: number;
  /** The safety limits in force (the seeds' when absent): no proposal moves more than allowed. */
  limits?: SafetyLimits;
  /** The windows shown, oldest first, the last is `current` (just `current` when absent). */
  windows?: readonly MetricsSnapshot[];
  /** The live control plane (the default plane when absent). */
  controlPlane?: ControlPlane;
  /** The actions in force, as the audit log shows them (none when absent). */
  activeActions?: readonly ActiveActionView[];
  /** The current window's index on the lab's clock, when known (terms in force lapse by it). */
  currentWindow?: number;
  /** The notifications sent in the windows shown (none when absent). */
  notices?: readonly NoticeView[];
}

/** A proposal before experience corrects it and it gets its id. */
export interface Draft {
  type: ActionType;
  description: string;
  parameters: ActionParameters;
  impact: EstimatedImpact;
  prerequisites: string[];
  reversible: boolean;
  rationale: string;
  /** The experience key of the situation it is taken in (see experience-context.ts). */
  context?: string;
}

/** How far the current p99 is above the baseline's, ms (0 when not above). */
export function latencyExcess(input: PlanInput): number {
  return Math.max(0, input.current.latency.p99 - input.baseline.latency.p99);
}

/** A stable text of an action's type and parameters, so two proposals of one action compare equal. */
export function actionKey(type: ActionType, parameters: ActionParameters): string {
  return `${type}:${JSON.stringify(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

/**
 * Whether an action in force moved `issuerId`'s traffic off route `from`: a failover off it (every
 * issuer), or a shift of that issuer off it.
 */
export function movesOff(view: ActiveActionView, issuerId: string, from: string): boolean {
  const p = view.action.parameters;
  if (p.fromRoute !== from) return false;
  if (view.action.type === 'failover_processor') return true;
  return view.action.type === 'shift_traffic' && p.issuerId === issuerId;
}

/** Whether an action with this type and these parameters is in force (proposing it renews it). */
export function isInForce(
  input: PlanInput,
  type: ActionType,
  parameters: ActionParameters,
): boolean {
  const key = actionKey(type, parameters);
  return (input.activeActions ?? []).some(
    (a) => actionKey(a.action.type, a.action.parameters) === key,
  );
}

/**
 * A routing step's share, one point smaller while the same step (type, route, issuer and share)
 * is in force: the same step would only renew that action and change nothing, though the plane
 * it acts on has moved since (part of it unwound, another step added).
 */
export function distinctStep(
  input: PlanInput,
  type: ActionType,
  parameters: ActionParameters & { percentage: number },
): number {
  let p = parameters.percentage;
  while (p > 0 && isInForce(input, type, { ...parameters, percentage: p })) p = round(p - 0.01, 4);
  return p;
}

/**
 * What is left to move off a route that still carries `left` of the traffic once the probe share
 * stays on it, in whole points; the cap of a next step, so that it is not the step in force again.
 */
export function restAfterProbe(left: number, probeShare: number): number {
  return Math.max(0, Math.floor((left - probeShare) * 100 + 1e-9) / 100);
}
