import {
  ISSUER_IDS,
  KNOWN_ERROR_CODES,
  LlmFactsSchema,
  LlmHypothesesSchema,
  formatZodError,
  parseContract,
  type ActionType,
  type Anomaly,
  type Evidence,
  type Hypothesis,
  type IssuerId,
  type LlmFacts,
  type LlmHypothesis,
  type MetricsSnapshot,
  type Pattern,
  type PatternType,
} from '../../contracts';
import { issuerView, pairIssuers, systemView } from './anomalies';
import { pct, round } from '../statistics';

/** Most characters of an LLM answer the parser reads; anything longer is refused unread. */
export const LLM_MAX_ANSWER_CHARS = 20_000;

/** Highest confidence a template gives: templates are heuristics, never near-certain. */
const TEMPLATE_MAX_CONFIDENCE = 0.95;

/** Renders one piece of evidence as a short line, e.g. "visa successRate 99.0% → 84.1%". */
export function describeEvidence(e: Evidence): string {
  const who = [e.issuerId, e.routeId, e.errorCode].filter((x) => x !== undefined).join(' ');
  const isShare = /rate|ratio|share/i.test(e.metric);
  const fmt = (v: number): string =>
    isShare ? pct(v) : e.metric.startsWith('latency') ? `${Math.round(v)} ms` : `${round(v, 3)}`;
  const base = e.baselineValue === null ? 'n/a' : fmt(e.baselineValue);
  const text = `${who ? `${who} ` : ''}${e.metric} ${base} → ${fmt(e.currentValue)}${e.note ? ` (${e.note})` : ''}`;
  return text.slice(0, 2000);
}

function suggestedFor(p: Pattern): { rootCause: string; actions: ActionType[] } {
  const issuers = p.issuerIds.join(', ');
  switch (p.type) {
    case 'issuer_degradation':
      if (p.faultLocation === 'route')
        return {
          rootCause: `The ${p.routeId ?? 'primary'} route to ${issuers} is failing (timeouts and unavailability concentrated there); the issuer itself still approves payments on other routes`,
          actions: ['shift_traffic', 'disable_route', 'send_notification', 'do_nothing'],
        };
      if (p.faultLocation === 'issuer')
        return {
          rootCause: `${issuers} decline more payments themselves (INSUFFICIENT_FUNDS / DO_NOT_HONOR) on every route; routing cannot fix it and retries only add load`,
          actions: ['send_notification', 'do_nothing', 'adjust_retry_policy'],
        };
      return {
        rootCause: `${issuers} degraded; the error codes do not say whether the route or the issuer is at fault`,
        actions: ['send_notification', 'shift_traffic', 'do_nothing'],
      };
    case 'processor_outage':
      return {
        rootCause: `The processor behind the ${p.routeId ?? 'primary'} route is degraded: every issuer on it fails at once`,
        actions: ['shift_traffic', 'disable_route', 'send_notification'],
      };
    case 'retry_storm':
      return {
        rootCause:
          'Clients retry failed payments so aggressively that the retries themselves load the route and cause more failures',
        actions: ['adjust_retry_policy', 'implement_backoff', 'rate_limit', 'send_notification'],
      };
    case 'latency_spike':
      return {
        rootCause:
          'Latency rose system-wide (network or shared infrastructure); slow requests run into the timeout',
        actions: ['adjust_timeout', 'send_notification', 'do_nothing'],
      };
    case 'noise':
      return {
        rootCause: 'Nothing deviates beyond normal variation; the system is healthy',
        actions: ['do_nothing', 'send_notification'],
      };
  }
}

/** One template hypothesis per pattern, confidence from the pattern's strength (never above 0.95). */
export function templateHypotheses(patterns: readonly Pattern[]): Hypothesis[] {
  return patterns.map((p, i) => {
    const t = suggestedFor(p);
    const h: Hypothesis = {
      id: `hyp-${i}-${p.type}`,
      pattern: p.type,
      rootCause: t.rootCause.slice(0, 2000),
      evidence: [p.description, ...p.evidence.slice(0, 6).map(describeEvidence)].map((s) =>
        s.slice(0, 2000),
      ),
      suggestedActions: t.actions,
      confidence: round(Math.min(TEMPLATE_MAX_CONFIDENCE, p.strength), 4),
      source: 'template',
    };
    if (p.issuerIds.length > 0) h.issuerIds = [...p.issuerIds];
    return h;
  });
}

function isKnownIssuer(id: string): id is IssuerId {
  return (ISSUER_IDS as readonly string[]).includes(id);
}

function num(x: number, digits = 4): number {
  return Number.isFinite(x) ? round(x, digits) : 0;
}

/**
 * Collects the structured facts an LLM may see: numbers, enum values and the known issuer ids.
 * Issuers, error codes and scopes the lab does not know are left out, so text inside a snapshot
 * never reaches a prompt.
 */
export function buildLlmFacts(
  current: MetricsSnapshot,
  baseline: MetricsSnapshot,
  anomalies: readonly Anomaly[],
  patterns: readonly Pattern[],
): LlmFacts {
  const sb = systemView(baseline);
  const sc = systemView(current);
  const total = current.totalTransactions;
  const issuers: LlmFacts['issuers'] = [];
  for (const { current: c, baseline: b } of pairIssuers(current, baseline)) {
    if (!isKnownIssuer(c.issuerId) || issuers.some((x) => x.issuerId === c.issuerId)) continue;
    const vb = issuerView(b);
    const vc = issuerView(c);
    const routes = (c.routes ?? []).filter((r) => r.transactionCount > 0);
    const first = routes.reduce((s, r) => s + r.transactionCount, 0);
    issuers.push({
      issuerId: c.issuerId,
      trafficShare: total > 0 ? num(c.transactionCount / total) : 0,
      successRate: { baseline: num(b.successRate), current: num(c.successRate) },
      p99LatencyMs: { baseline: num(b.latency.p99, 0), current: num(c.latency.p99, 0) },
      retryRatio: { baseline: num(vb.retryRatio), current: num(vc.retryRatio) },
      errorShares: (c.errorBreakdown ?? [])
        .filter((e) => (KNOWN_ERROR_CODES as readonly string[]).includes(e.code))
        .slice(0, KNOWN_ERROR_CODES.length)
        .map((e) => ({
          code: e.code as (typeof KNOWN_ERROR_CODES)[number],
          share: num(e.percentage),
        })),
      routes: routes.slice(0, 2).map((r) => ({
        routeId: r.routeId,
        trafficShare: first > 0 ? num(r.transactionCount / first) : 0,
        successRate: num(r.successRate),
      })),
    });
    if (issuers.length >= ISSUER_IDS.length) break;
  }
  const facts: LlmFacts = {
    system: {
      transactions: Math.max(0, Math.round(sc.transactions)),
      successRate: { baseline: num(sb.successRate), current: num(sc.successRate) },
      p99LatencyMs: { baseline: num(sb.latency.p99, 0), current: num(sc.latency.p99, 0) },
      retryRatio: { baseline: num(sb.retryRatio), current: num(sc.retryRatio) },
    },
    issuers,
    anomalies: anomalies
      .filter((a) => a.scope === 'system' || isKnownIssuer(a.scope))
      .slice(0, 40)
      .map((a) => ({
        type: a.type,
        severity: a.severity,
        scope: a.scope as 'system' | IssuerId,
        baselineValue: num(a.baselineValue),
        currentValue: num(a.currentValue),
        deviation: num(a.deviation),
        pValue: a.pValue === null ? null : Math.min(1, Math.max(0, a.pValue)),
      })),
    patterns: patterns.slice(0, 20).map((p) => {
      const f: LlmFacts['patterns'][number] = {
        type: p.type,
        issuerIds: p.issuerIds.filter(isKnownIssuer).slice(0, 8),
        faultLocation: p.faultLocation,
        strength: num(p.strength),
      };
      if (p.routeId !== undefined) f.routeId = p.routeId;
      return f;
    }),
  };
  return facts;
}

const PATTERN_LIST = 'issuer_degradation, retry_storm, latency_spike, processor_outage, noise';
const ACTION_LIST =
  'shift_traffic, disable_route, adjust_retry_policy, implement_backoff, adjust_timeout, rate_limit, send_notification, do_nothing';

/**
 * Builds the LLM prompt from structured facts only. The facts are checked against LlmFactsSchema
 * first (a ContractError if they do not match), so nothing but numbers and enum values gets in.
 */
export function buildLlmPrompt(facts: LlmFacts): string {
  const checked = parseContract(LlmFactsSchema, facts, 'LLM facts');
  return [
    'You analyse payment-processing metrics for an operations agent.',
    'Given the FACTS below (success rates and retry ratios are shares 0-1, latencies in ms,',
    'baseline = healthy window, current = window under study), state the most likely root causes.',
    `Answer with a JSON array of 1 to 5 objects with exactly these keys:`,
    `"pattern" (one of: ${PATTERN_LIST}),`,
    '"rootCause" (one sentence, at most 500 characters),',
    '"evidence" (1 to 10 short strings citing the facts),',
    `"suggestedActions" (1 to 8 of: ${ACTION_LIST}),`,
    '"confidence" (a number from 0 to 0.99; never 1).',
    'Order the array by confidence, highest first. Output the JSON array and nothing else.',
    '',
    'FACTS:',
    JSON.stringify(checked),
  ].join('\n');
}

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
