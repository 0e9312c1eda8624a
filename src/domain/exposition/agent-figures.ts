import type { ControlPlane, MetricsSnapshot } from '../../contracts';
import { mitigationDebt } from './mitigation-debt';
import type { AgentFigures } from './prometheus';

/** What the live lab knows about the agent: enough to derive its exported figures. */
export interface AgentView {
  controlPlane: ControlPlane;
  activeActions: readonly unknown[];
  current: MetricsSnapshot | null;
  reasoning: { decision: { confidenceInDecision: number } } | null;
}

/** The agent's exported figures for the live view: active actions, mitigation debt, confidence. */
export function agentFigures(view: AgentView): AgentFigures {
  return {
    activeActions: view.activeActions.length,
    mitigationDebt: mitigationDebt(view.controlPlane, view.current).debt,
    decisionConfidence: view.reasoning?.decision.confidenceInDecision ?? null,
  };
}
