// The engine's hypotheses, split by seam: the evidence renderer (hypotheses-evidence), the
// template hypotheses (hypotheses-template), the facts and prompt an LLM sees
// (hypotheses-llm-facts) and the checks its answer must pass (hypotheses-llm-answer). Callers
// import this module.
export { describeEvidence } from './hypotheses-evidence';
export { templateHypotheses } from './hypotheses-template';
export { buildLlmFacts, buildLlmPrompt } from './hypotheses-llm-facts';
export {
  LLM_MAX_ANSWER_CHARS,
  groundLlmHypotheses,
  parseLlmHypotheses,
  type LlmParseResult,
} from './hypotheses-llm-answer';
