import type { ReasoningResult, RunConclusion } from '../contracts';
import { patternOf, type GuardrailAssessment } from '../domain/execution';
import type { ExecuteReport } from '../services/executor';

/**
 * What the agent concluded on one window, as a run file keeps it: the pattern, the proposed
 * action, its confidence, the guardrails' verdict on it and whether it was carried out then.
 * Null when the agent had no decision on the window.
 */
export function conclusionOf(
  window: number,
  reasoning: ReasoningResult | null,
  verdict: GuardrailAssessment | null,
  report: ExecuteReport | null,
): RunConclusion | null {
  if (!reasoning) return null;
  const decision = reasoning.decision;
  const check = verdict?.safetyCheck;
  const held = check !== undefined && !check.isApproved;
  const reason = held ? (check.blockReason ?? check.violations[0]?.message) : undefined;
  return {
    window,
    pattern: patternOf(decision),
    action: decision.selectedAction.type,
    confidence: decision.confidenceInDecision,
    verdict: !held ? 'allowed' : verdict?.approvable ? 'needs_approval' : 'blocked',
    ...(reason ? { reason: reason.slice(0, 300) } : {}),
    // Doing nothing is not carried out: only a change of the plane counts as executed.
    executed:
      report !== null &&
      decision.selectedAction.type !== 'do_nothing' &&
      report.result.executed &&
      report.result.actionId === decision.selectedAction.id,
  };
}

/** Each conclusion by its window, for the frames re-stepped from a run file. */
export function conclusionsByWindow(
  conclusions: readonly RunConclusion[] | undefined,
): Map<number, RunConclusion> {
  // Built once while a file is reopened; nothing reacts to it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  return new Map((conclusions ?? []).map((conclusion) => [conclusion.window, conclusion]));
}
