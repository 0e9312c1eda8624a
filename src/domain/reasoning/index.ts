import type { ReasoningInput, ReasoningResult } from '../../contracts';

/** Runs the reasoning engine: anomalies, patterns, hypotheses, proposals and the decision. */
export function reason(_input: ReasoningInput): ReasoningResult {
  throw new Error('The reasoning engine is not built yet');
}
