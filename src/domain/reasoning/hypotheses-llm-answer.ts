import {
  LlmHypothesesSchema,
  formatZodError,
  type Hypothesis,
  type LlmHypothesis,
  type Pattern,
  type PatternType,
} from '../../contracts';

/** Most characters of an LLM answer the parser reads; anything longer is refused unread. */
export const LLM_MAX_ANSWER_CHARS = 20_000;

/** What parsing an LLM answer gave: the hypotheses, or why the answer was refused. */
export type LlmParseResult =
  { ok: true; hypotheses: LlmHypothesis[] } | { ok: false; reason: string };

// Hidden characters (control codes, bidirectional overrides) have no place in a root cause.
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
// Markup is not filtered here: the page renders model text as text only, so tags stay characters.
const INSTRUCTION_TEXT =
  /(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts?|rules)|system\s+prompt|api[\s_-]?key/i;

function textsOf(h: LlmHypothesis): string[] {
  return [h.rootCause, ...h.evidence];
}

/**
 * Parses and validates an LLM answer (a JSON string, an array, a single hypothesis or
 * `{ hypotheses: [...] }`) against LlmHypothesesSchema; anything else is refused with a reason.
 */
export function parseLlmHypotheses(raw: unknown): LlmParseResult {
  if (raw === undefined || raw === null) return { ok: false, reason: 'the LLM gave no answer' };
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > LLM_MAX_ANSWER_CHARS)
      return {
        ok: false,
        reason: `the LLM answer is too large (${raw.length} characters, limit ${LLM_MAX_ANSWER_CHARS})`,
      };
    // A fenced block is a common wrapping of otherwise valid JSON.
    const text = raw
      .trim()
      .replace(/^```(?:json)?\s*/i, '')
      .replace(/\s*```$/, '');
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      return {
        ok: false,
        reason: `the LLM answer is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : 'parse error'})`,
      };
    }
  } else if (typeof raw === 'object') {
    let size: number;
    try {
      size = JSON.stringify(raw)?.length ?? 0;
    } catch {
      return { ok: false, reason: 'the LLM answer cannot be serialised (cyclic or exotic values)' };
    }
    if (size > LLM_MAX_ANSWER_CHARS)
      return {
        ok: false,
        reason: `the LLM answer is too large (${size} characters as JSON, limit ${LLM_MAX_ANSWER_CHARS})`,
      };
  } else {
    return { ok: false, reason: `the LLM answer is a ${typeof raw}, not JSON text or an object` };
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    'hypotheses' in value
  ) {
    value = (value as { hypotheses: unknown }).hypotheses;
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    value = [value];
  }
  const parsed = LlmHypothesesSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      reason: `the LLM answer does not match the hypothesis schema: ${formatZodError(parsed.error, 3)}`,
    };
  for (const [i, h] of parsed.data.entries()) {
    for (const text of textsOf(h)) {
      if (HIDDEN_CHARS.test(text))
        return { ok: false, reason: `hypothesis ${i} contains hidden control characters` };
      if (INSTRUCTION_TEXT.test(text))
        return { ok: false, reason: `hypothesis ${i} contains instruction-like text` };
    }
  }
  return { ok: true, hypotheses: parsed.data };
}

/**
 * Turns accepted LLM hypotheses into engine hypotheses, keeping only those about a pattern the
 * metrics show; returns a reason instead when none is grounded in the detected patterns.
 */
export function groundLlmHypotheses(
  llm: readonly LlmHypothesis[],
  patterns: readonly Pattern[],
): { ok: true; hypotheses: Hypothesis[] } | { ok: false; reason: string } {
  const detected = new Map<PatternType, Pattern>();
  for (const p of patterns) if (!detected.has(p.type)) detected.set(p.type, p);
  const out: Hypothesis[] = [];
  for (const [i, h] of llm.entries()) {
    const p = detected.get(h.pattern);
    if (!p) continue;
    const hyp: Hypothesis = {
      id: `llm-${i}-${h.pattern}`,
      pattern: h.pattern,
      rootCause: h.rootCause,
      evidence: [...h.evidence],
      suggestedActions: [...h.suggestedActions],
      confidence: h.confidence,
      source: 'llm',
    };
    if (p.issuerIds.length > 0) hyp.issuerIds = [...p.issuerIds];
    out.push(hyp);
  }
  if (out.length === 0)
    return {
      ok: false,
      reason: `the LLM named only patterns the metrics do not show (${[...new Set(llm.map((h) => h.pattern))].join(', ')}; detected: ${[...detected.keys()].join(', ')})`,
    };
  out.sort((a, b) => b.confidence - a.confidence);
  return { ok: true, hypotheses: out };
}
