/** The do-nothing baseline: it never touches the control plane, whatever it sees. */
import type { Policy } from './policy';
import { DO_NOTHING_ACTION, policyDecision } from './policy-decision';

/** A policy that always does nothing: the regret of inaction, and zero false alarms. */
export function doNothingPolicy(): Policy {
  return {
    id: 'do_nothing',
    decide: ({ now }) =>
      policyDecision('do_nothing', DO_NOTHING_ACTION, 'The do-nothing baseline never acts.', now),
  };
}
