/**
 * The policies the evaluation compares, one factory per id: the agent and the baselines it has to
 * beat. Each sees an Observation only and answers with a Decision.
 */
import type { PolicyId } from '../../contracts';
import { agentPolicy, type AgentPolicyOptions } from './agent';
import { doNothingPolicy } from './do-nothing';
import type { Policy } from './policy';
import { randomPolicy } from './random';
import { srRouterPolicy } from './sr-router';
import { staticRulePolicy } from './static-rule';

export type { Policy, PolicyFactory, PolicyInput } from './policy';
export { agentPolicy, type AgentPolicyOptions } from './agent';
export { doNothingPolicy } from './do-nothing';
export { randomPolicy, allowedCandidates } from './random';
export { staticRulePolicy } from './static-rule';
export { srRouterPolicy } from './sr-router';

/** A fresh policy of the given id; the agent's options apply to the agent only. */
export function makePolicy(id: PolicyId, agent: AgentPolicyOptions = {}): Policy {
  switch (id) {
    case 'agent':
      return agentPolicy(agent);
    case 'do_nothing':
      return doNothingPolicy();
    case 'random':
      return randomPolicy();
    case 'static_rule':
      return staticRulePolicy();
    case 'sr_router':
      return srRouterPolicy();
  }
}
