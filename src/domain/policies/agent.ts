/**
 * The agent as a policy: the lab's reasoning engine on the Observation (its current window, the
 * baseline, and the whole Observation for an engine that reads windows and the plane), with the
 * learning context and configuration it is given. Its decision goes through the same guardrails
 * and executor as every baseline's.
 */
import {
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  type LearningContext,
  type Observation,
  type ReasoningConfig,
  type ReasoningResult,
} from '../../contracts';
import { reason } from '../reasoning';
import type { Policy } from './policy';

/** What the agent policy is built with. */
export interface AgentPolicyOptions {
  learningContext?: LearningContext;
  config?: ReasoningConfig;
  /** Hears every reasoning result, for scores that need the diagnosis (pattern, hypotheses). */
  onReasoning?: (result: ReasoningResult) => void;
  /** Seed of the engine's exploration draws (a learning run); absent means no exploration. */
  explorationSeed?: number;
  /** 'evidence' states the uncalibrated evidence confidence (to fit the calibration map on). */
  calibration?: 'evidence';
}

/** The input reason() is given: the current window, the baseline, and the Observation itself. */
export function reasoningInputOf(
  observation: Observation,
  options: AgentPolicyOptions,
  now: number,
  limits: Parameters<Policy['decide']>[0]['limits'],
) {
  const current = observation.windows[observation.windows.length - 1]!.metrics;
  return {
    currentMetrics: current,
    baselineMetrics: observation.baselineMetrics,
    learningContext: options.learningContext ?? EMPTY_LEARNING_CONTEXT,
    config: options.config ?? DEFAULT_REASONING_CONFIG,
    now,
    limits,
    // An engine that reads the windows and the plane takes it; one that does not ignores it.
    observation,
    ...(options.explorationSeed !== undefined ? { explorationSeed: options.explorationSeed } : {}),
    ...(options.calibration !== undefined ? { calibration: options.calibration } : {}),
  };
}

/** A policy that decides with the lab's reasoning engine. */
export function agentPolicy(options: AgentPolicyOptions = {}): Policy {
  return {
    id: 'agent',
    decide: ({ observation, limits, now }) => {
      const result = reason(reasoningInputOf(observation, options, now, limits));
      options.onReasoning?.(result);
      return result.decision;
    },
  };
}
