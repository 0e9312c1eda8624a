/**
 * The one contract every policy follows, the agent and the baselines alike: it sees an
 * Observation (windows and control plane, never the world) and answers with a Decision, which then
 * goes through the same guardrails and executor whoever made it.
 */
import type { Decision, Observation, PolicyId, SafetyLimits } from '../../contracts';

/** What a policy is given each window. */
export interface PolicyInput {
  observation: Observation;
  /** The safety limits in force; a policy may propose within them, the guardrails still check. */
  limits: SafetyLimits;
  /** Wall-clock time of the decision, ms since epoch (the domain has no clock). */
  now: number;
  /** Uniform draws in [0, 1) from a seeded generator, for policies that explore. */
  random: () => number;
}

/** A policy: one decision per window. Instances may keep state across the windows of one run. */
export interface Policy {
  readonly id: PolicyId;
  decide(input: PolicyInput): Decision;
}

/** Makes a fresh policy for one run (a case or a script), so no state leaks between runs. */
export type PolicyFactory = () => Policy;
