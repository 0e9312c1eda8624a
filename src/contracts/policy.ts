import { z } from 'zod';
import { Count, Probability } from './common';

/** The policies the evaluation compares: the agent and the baselines it must beat. */
export const POLICY_IDS = ['agent', 'do_nothing', 'random', 'static_rule', 'sr_router'] as const;

/** One policy's id. */
export const PolicyIdSchema = z.enum(POLICY_IDS);
export type PolicyId = z.infer<typeof PolicyIdSchema>;

/** What each policy is, in a few words, for the leaderboard. */
export const POLICY_LABELS: Readonly<Record<PolicyId, string>> = {
  agent: 'The agent',
  do_nothing: 'Do nothing',
  random: 'A random allowed action',
  static_rule: 'Static rule: shift 50 % of an issuer under 90 % success',
  sr_router: 'Success-rate router (after Juspay decision-engine)',
};

/** The two situation sets: the catalog learning runs on, and the set nothing is tuned on. */
export const SituationSetSchema = z.enum(['training', 'held_out']);
export type SituationSet = z.infer<typeof SituationSetSchema>;

/** One row of the leaderboard: a policy's scores on one set. */
export const LeaderboardRowSchema = z.strictObject({
  policy: PolicyIdSchema,
  set: SituationSetSchema,
  cases: Count,
  /** Mean regret against the multi-seed oracle, with its paired 95 % interval. */
  regretMean: z.number(),
  regretLow: z.number(),
  regretHigh: z.number(),
  /** Share of cases where the policy picked the oracle's best or a tied candidate. */
  agreement: Probability,
  /** Share of no-fault cases where the policy changed the control plane. */
  falseAlarms: Probability,
});
export type LeaderboardRow = z.infer<typeof LeaderboardRowSchema>;
