import type {
  Anomaly,
  Hypothesis,
  HypothesisSource,
  LlmFacts,
  MetricsSnapshot,
  Pattern,
  ReasoningConfig,
  ReasoningInput,
  ReasoningResult,
} from '../../contracts';
import { detectAnomalies } from './anomalies';
import { decide } from './decision';
import {
  buildLlmFacts,
  groundLlmHypotheses,
  parseLlmHypotheses,
  templateHypotheses,
} from './hypotheses';
import { observedView } from './observed';
import { planActions } from './planner';
import { recognisePatterns } from './patterns';

export { resolveReasoningConfig } from './config';
export {
  buildLlmFacts,
  buildLlmPrompt,
  parseLlmHypotheses,
  type LlmParseResult,
} from './hypotheses';
export { detectAnomalies } from './anomalies';
export { recognisePatterns } from './patterns';
export { planActions } from './planner';
export { decide } from './decision';
export { observedView, type ObservedView } from './observed';
export { RETRYABLE_ERRORS, HARD_DECLINE_CODES, isRetryable } from './retry-table';

/** Anomalies and patterns of one window: the part of reasoning an LLM prompt is built from. */
export function analyse(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  config: ReasoningConfig,
): { anomalies: Anomaly[]; patterns: Pattern[] } {
  const anomalies = detectAnomalies(current, baseline, config);
  return { anomalies, patterns: recognisePatterns(current, baseline, anomalies, config).patterns };
}

/** The structured facts of one window for an LLM prompt (see buildLlmPrompt). */
export function collectLlmFacts(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  config: ReasoningConfig,
): LlmFacts {
  const { anomalies, patterns } = analyse(current, baseline, config);
  return buildLlmFacts(current, baseline, anomalies, patterns);
}

/**
 * Runs the reasoning engine: anomalies, patterns, hypotheses, proposals and the decision. It reads
 * the observation when given (its last window is the current one), else currentMetrics and
 * baselineMetrics on the default plane with no action in force.
 */
export function reason(input: ReasoningInput): ReasoningResult {
  const view = observedView(input);
  const { current, baseline } = view;
  const { config } = input;
  const anomalies = detectAnomalies(current, baseline, config);
  const analysis = recognisePatterns(current, baseline, anomalies, config);

  let hypotheses: Hypothesis[] = templateHypotheses(analysis.patterns);
  let hypothesisSource: HypothesisSource = 'template';
  let llmRejectionReason: string | undefined;
  if (input.llmHypotheses !== undefined && input.llmHypotheses !== null) {
    const parsed = parseLlmHypotheses(input.llmHypotheses);
    const grounded = parsed.ok ? groundLlmHypotheses(parsed.hypotheses, analysis.patterns) : parsed;
    if (grounded.ok) {
      hypotheses = grounded.hypotheses;
      hypothesisSource = 'llm';
    } else {
      llmRejectionReason = `LLM hypotheses rejected, templates used: ${grounded.reason}`.slice(
        0,
        2000,
      );
    }
  }
  hypotheses.sort((a, b) => b.confidence - a.confidence);

  const planned = planActions({
    current,
    baseline,
    analysis,
    learning: input.learningContext,
    now: input.now,
    ...(input.limits ? { limits: input.limits } : {}),
    windows: view.windows,
    controlPlane: view.controlPlane,
    activeActions: view.activeActions,
    ...(view.currentWindow === undefined ? {} : { currentWindow: view.currentWindow }),
    notices: view.notices,
  });
  const { decision, proposals } = decide({
    planned,
    hypotheses,
    learning: input.learningContext,
    config,
    current,
    baseline,
    now: input.now,
    ...(input.limits ? { limits: input.limits } : {}),
    ...(input.explorationSeed !== undefined ? { explorationSeed: input.explorationSeed } : {}),
    ...(input.calibration !== undefined ? { calibration: input.calibration } : {}),
  });
  const result: ReasoningResult = {
    anomalies,
    patterns: analysis.patterns,
    hypotheses,
    proposals,
    decision,
    hypothesisSource,
  };
  if (llmRejectionReason !== undefined) result.llmRejectionReason = llmRejectionReason;
  return result;
}
