import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot, RouteMetrics } from '../../../../src/contracts';
import { escapeLabelValue, renderPrometheus } from '../../../../src/domain/exposition';
import { makeSnapshot, T0 } from '../../support/factories';

function route(routeId: 'primary' | 'backup', successRate: number, load: number): RouteMetrics {
  return {
    routeId,
    transactionCount: routeId === 'primary' ? 5000 : 1000,
    attemptCount: routeId === 'primary' ? 5600 : 1050,
    successRate,
    latency: { p50: 200, p95: 400, p99: 812.5 },
    errorCount: routeId === 'primary' ? 300 : 10,
    load,
  };
}

/** A degraded window with per-issuer routes and route totals, as the simulator reports one. */
function degradedWindow(): MetricsSnapshot {
  const base = makeSnapshot({ successRate: 0.9, p50: 240, p95: 900, p99: 2000, totalRetries: 700 });
  const visa = base.issuerMetrics[0]!;
  return {
    ...base,
    totalAttempts: 6700,
    costPerTransaction: 1.25,
    errorBreakdown: [
      { code: 'TIMEOUT', count: 400, percentage: 400 / 6000 },
      { code: 'ISSUER_UNAVAILABLE', count: 200, percentage: 200 / 6000 },
    ],
    issuerMetrics: [
      {
        ...visa,
        issuerName: 'Visa "Gold" \\ line\nbreak',
        errorBreakdown: [{ code: 'TIMEOUT', count: 250, percentage: 0.09 }],
        routes: [route('primary', 0.7, 1.3), route('backup', 0.99, 0.2)],
      },
    ],
    routeMetrics: [route('primary', 0.88, 0.9), route('backup', 0.99, 0.2)],
  };
}

const agent = { activeActions: 2, mitigationDebt: 1.225, decisionConfidence: 0.72 };

function render(): string {
  return renderPrometheus({
    windows: [
      { window: 'baseline', snapshot: makeSnapshot() },
      { window: 'current', snapshot: degradedWindow() },
    ],
    agent,
  });
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name}`);
  return found;
}

/** The value of the one sample of `name` whose labels include `labels`. */
function valueOf(families: ParsedFamily[], name: string, labels: Record<string, string>): number {
  const matches = family(families, name).metrics.filter((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
  expect(matches, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return Number(matches[0]!.value);
}

describe('renderPrometheus', () => {
  it('writes text the parser reads, with one HELP and TYPE per family and valid names', () => {
    const text = render();
    const families = parsePrometheusTextFormat(text);
    const names = families.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of families) {
      expect(f.name).toMatch(/^payment_lab_[a-z_]+$/);
      expect(f.help.length).toBeGreaterThan(10);
      expect(['GAUGE', 'SUMMARY']).toContain(f.type);
      expect(text.match(new RegExp(`^# TYPE ${f.name} `, 'gm'))).toHaveLength(1);
    }
    expect(text.endsWith('\n')).toBe(true);
    expect(family(families, 'payment_lab_latency_seconds').type).toBe('SUMMARY');
    expect(family(families, 'payment_lab_success_ratio').type).toBe('GAUGE');
  });

  it('exports the window figures of each window under its label', () => {
    const families = parsePrometheusTextFormat(render());
    const current = { window: 'current' };
    expect(valueOf(families, 'payment_lab_success_ratio', current)).toBe(0.9);
    expect(valueOf(families, 'payment_lab_success_ratio', { window: 'baseline' })).toBe(0.99);
    expect(valueOf(families, 'payment_lab_transactions', current)).toBe(6000);
    expect(valueOf(families, 'payment_lab_attempts', current)).toBe(6700);
    expect(valueOf(families, 'payment_lab_retries', current)).toBe(700);
    expect(valueOf(families, 'payment_lab_retry_ratio', current)).toBeCloseTo(700 / 6700, 12);
    expect(valueOf(families, 'payment_lab_cost_per_transaction', current)).toBe(1.25);
    expect(valueOf(families, 'payment_lab_window_timestamp_seconds', current)).toBe(T0 / 1000);
    expect(valueOf(families, 'payment_lab_errors', { ...current, code: 'TIMEOUT' })).toBe(400);
    expect(
      valueOf(families, 'payment_lab_error_ratio', { ...current, code: 'ISSUER_UNAVAILABLE' }),
    ).toBeCloseTo(200 / 6000, 12);
    // The baseline has no attempts figure: absent, not zero.
    expect(family(families, 'payment_lab_attempts').metrics.map((m) => m.labels?.window)).toEqual([
      'current',
    ]);
  });

  it('labels per-issuer and per-route series, escaping label values', () => {
    const families = parsePrometheusTextFormat(render());
    const visa = { window: 'current', issuer: 'visa' };
    expect(valueOf(families, 'payment_lab_issuer_success_ratio', visa)).toBe(0.9);
    expect(valueOf(families, 'payment_lab_issuer_transactions', visa)).toBe(2700);
    const visaSample = family(families, 'payment_lab_issuer_success_ratio').metrics.find(
      (m) => m.labels?.window === 'current',
    );
    expect(visaSample?.labels?.issuer_name).toBe('Visa "Gold" \\ line\nbreak');
    expect(
      valueOf(families, 'payment_lab_issuer_errors_by_code', { ...visa, code: 'TIMEOUT' }),
    ).toBe(250);
    expect(
      valueOf(families, 'payment_lab_issuer_route_load_ratio', { ...visa, route: 'primary' }),
    ).toBe(1.3);
    expect(
      valueOf(families, 'payment_lab_issuer_route_success_ratio', { ...visa, route: 'backup' }),
    ).toBe(0.99);
    expect(
      valueOf(families, 'payment_lab_route_attempts', { window: 'current', route: 'primary' }),
    ).toBe(5600);
    expect(
      valueOf(families, 'payment_lab_route_errors', { window: 'current', route: 'backup' }),
    ).toBe(10);
  });

  it('writes latency as a summary in seconds with quantiles and a count', () => {
    const text = render();
    // The parser folds labelled summaries into one sample, so read their samples untyped (where
    // each window's `_count` line splits a family in two, hence the merge by name).
    const untyped: ParsedFamily[] = [];
    for (const f of parsePrometheusTextFormat(text.replace(/^# TYPE .* summary$/gm, ''))) {
      const seen = untyped.find((u) => u.name === f.name);
      if (seen) seen.metrics.push(...f.metrics);
      else untyped.push(f);
    }
    const current = { window: 'current' };
    const q = (name: string, labels: Record<string, string>, quantile: string) =>
      valueOf(untyped, name, { ...labels, quantile });
    expect(q('payment_lab_latency_seconds', current, '0.5')).toBe(0.24);
    expect(q('payment_lab_latency_seconds', current, '0.95')).toBe(0.9);
    expect(q('payment_lab_latency_seconds', current, '0.99')).toBe(2);
    expect(valueOf(untyped, 'payment_lab_latency_seconds_count', current)).toBe(6000);
    const route = { window: 'current', issuer: 'visa', route: 'primary' };
    expect(q('payment_lab_issuer_route_latency_seconds', route, '0.99')).toBe(0.8125);
    expect(valueOf(untyped, 'payment_lab_issuer_route_latency_seconds_count', route)).toBe(5600);
    // Typed, the same family is a summary with the three quantiles.
    const typed = family(parsePrometheusTextFormat(text), 'payment_lab_latency_seconds');
    expect(Object.keys(typed.metrics[0]?.quantiles ?? {})).toEqual(['0.5', '0.95', '0.99']);
  });

  it("exports the agent's figures, and leaves out a confidence it does not have", () => {
    const families = parsePrometheusTextFormat(render());
    expect(valueOf(families, 'payment_lab_agent_active_actions', {})).toBe(2);
    expect(valueOf(families, 'payment_lab_agent_mitigation_debt', {})).toBe(1.225);
    expect(valueOf(families, 'payment_lab_agent_decision_confidence', {})).toBe(0.72);
    const early = renderPrometheus({
      windows: [{ window: 'current', snapshot: makeSnapshot() }],
      agent: { ...agent, decisionConfidence: null },
    });
    expect(early).toContain('payment_lab_agent_active_actions 2\n');
    expect(early).not.toContain('decision_confidence');
    const windowOnly = renderPrometheus({
      windows: [{ window: 'current', snapshot: makeSnapshot() }],
    });
    expect(windowOnly).not.toContain('payment_lab_agent_');
  });

  it('gives the same text for the same input, and nothing for no windows', () => {
    expect(render()).toBe(render());
    expect(renderPrometheus({ windows: [] })).toBe('');
  });

  it('refuses two windows with one label, which would repeat every series', () => {
    const snapshot = makeSnapshot();
    expect(() =>
      renderPrometheus({
        windows: [
          { window: 'current', snapshot },
          { window: 'current', snapshot },
        ],
      }),
    ).toThrow('window "current" is exported twice');
  });
});

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and line feed, and nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('American Express {x=1}')).toBe('American Express {x=1}');
  });
});
