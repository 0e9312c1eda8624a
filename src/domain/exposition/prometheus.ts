import type { Latency, MetricsSnapshot, RouteMetrics } from '../../contracts';

/** The agent's own figures exported beside the window. */
export interface AgentFigures {
  /** Actions in force on the control plane. */
  activeActions: number;
  /** See mitigationDebt: routing share off default plus other settings changed. */
  mitigationDebt: number;
  /** Confidence of the last decision, 0–1, or null before the first one. */
  decisionConfidence: number | null;
}

/** One labelled window to export, e.g. `{ window: 'current', snapshot }`. */
export interface ExposedWindow {
  window: string;
  snapshot: MetricsSnapshot;
}

/** What the exposition covers: one or more windows and, optionally, the agent. */
export interface ExpositionInput {
  windows: readonly ExposedWindow[];
  agent?: AgentFigures;
}

type Labels = ReadonlyArray<readonly [string, string]>;
interface Sample {
  suffix?: string;
  labels: Labels;
  value: number;
}
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'summary';
  samples: Sample[];
}

/** The prefix of every metric name the lab exports. */
export const METRIC_PREFIX = 'payment_lab_';

/** Escapes a label value: backslash, double quote and line feed, as the text format asks. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** Escapes HELP text: backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

/** A sample value in the text format: Go float syntax, with NaN and ±Inf spelled out. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Collects the families in a fixed order, so the same input always renders the same text. */
class Families {
  private readonly byName = new Map<string, Family>();

  add(
    name: string,
    type: Family['type'],
    help: string,
    labels: Labels,
    value: number,
    suffix?: string,
  ): void {
    const full = `${METRIC_PREFIX}${name}`;
    let family = this.byName.get(full);
    if (!family) {
      family = { name: full, help, type, samples: [] };
      this.byName.set(full, family);
    }
    family.samples.push(suffix === undefined ? { labels, value } : { suffix, labels, value });
  }

  gauge(name: string, help: string, labels: Labels, value: number | undefined): void {
    if (value !== undefined) this.add(name, 'gauge', help, labels, value);
  }

  /** A latency summary: the window's p50, p95 and p99 in seconds, and the count they cover. */
  latency(name: string, help: string, labels: Labels, latency: Latency, count: number): void {
    const quantiles: Array<[string, number]> = [
      ['0.5', latency.p50],
      ['0.95', latency.p95],
      ['0.99', latency.p99],
    ];
    for (const [q, ms] of quantiles)
      this.add(
        name,
        'summary',
        help,
        [...labels, ['quantile', q]],
        Number((ms / 1000).toPrecision(15)),
      );
    this.add(name, 'summary', help, labels, count, '_count');
  }

  render(): string {
    const lines: string[] = [];
    for (const f of this.byName.values()) {
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
      for (const s of f.samples)
        lines.push(`${f.name}${s.suffix ?? ''}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

function addRoute(out: Families, prefix: string, labels: Labels, r: RouteMetrics): void {
  const what = prefix === 'route' ? 'route' : "issuer's route";
  out.gauge(
    `${prefix}_transactions`,
    `Payments whose first attempt took the ${what}.`,
    labels,
    r.transactionCount,
  );
  out.gauge(
    `${prefix}_attempts`,
    `Attempts (first tries and retries) the ${what} served.`,
    labels,
    r.attemptCount,
  );
  out.gauge(
    `${prefix}_success_ratio`,
    `Share of the ${what}'s attempts approved, 0-1.`,
    labels,
    r.successRate,
  );
  out.gauge(`${prefix}_errors`, `Failed attempts on the ${what}.`, labels, r.errorCount);
  out.gauge(
    `${prefix}_load_ratio`,
    `Attempts relative to the ${what}'s capacity; above 1 it is overloaded.`,
    labels,
    r.load,
  );
  out.latency(
    `${prefix}_latency_seconds`,
    `Latency quantiles of the ${what}'s attempts, in seconds.`,
    labels,
    r.latency,
    r.attemptCount,
  );
}

function addWindow(out: Families, { window, snapshot: s }: ExposedWindow): void {
  const w: Labels = [['window', window]];
  out.gauge(
    'window_timestamp_seconds',
    'When the window was aggregated, Unix time in seconds.',
    w,
    s.timestamp / 1000,
  );
  out.gauge(
    'success_ratio',
    "Share of the window's payments finally approved, 0-1.",
    w,
    s.successRate,
  );
  out.latency(
    'latency_seconds',
    'Payment latency quantiles of the window, in seconds.',
    w,
    s.latency,
    s.totalTransactions,
  );
  out.gauge('transactions', 'Payments in the window.', w, s.totalTransactions);
  out.gauge('attempts', 'Attempts in the window: first tries plus retries.', w, s.totalAttempts);
  out.gauge('retries', 'Retry attempts in the window.', w, s.totalRetries);
  out.gauge('retry_ratio', 'Share of all attempts that were retries, 0-1.', w, s.retryRatio);
  out.gauge(
    'cost_per_transaction',
    'Mean processing cost per payment in relative units.',
    w,
    s.costPerTransaction,
  );
  for (const e of s.errorBreakdown) {
    const labels: Labels = [...w, ['code', e.code]];
    out.gauge('errors', 'Payments that ended with this error code.', labels, e.count);
    out.gauge(
      'error_ratio',
      "Share of the window's payments that ended with this code, 0-1.",
      labels,
      e.percentage,
    );
  }
  for (const m of s.issuerMetrics) {
    const i: Labels = [...w, ['issuer', m.issuerId], ['issuer_name', m.issuerName]];
    out.gauge(
      'issuer_success_ratio',
      "Share of the issuer's payments approved, 0-1.",
      i,
      m.successRate,
    );
    out.latency(
      'issuer_latency_seconds',
      "Latency quantiles of the issuer's payments, in seconds.",
      i,
      m.latency,
      m.transactionCount,
    );
    out.gauge('issuer_transactions', "The issuer's payments in the window.", i, m.transactionCount);
    out.gauge('issuer_errors', "The issuer's payments that ended in an error.", i, m.errorCount);
    out.gauge('issuer_retries', "Retry attempts of the issuer's payments.", i, m.retryCount);
    for (const e of m.errorBreakdown ?? [])
      out.gauge(
        'issuer_errors_by_code',
        "The issuer's payments that ended with this code.",
        [...i, ['code', e.code]],
        e.count,
      );
    for (const r of m.routes ?? [])
      addRoute(out, 'issuer_route', [...w, ['issuer', m.issuerId], ['route', r.routeId]], r);
  }
  for (const r of s.routeMetrics ?? []) addRoute(out, 'route', [...w, ['route', r.routeId]], r);
}

/**
 * Renders windows (and the agent's figures) in the Prometheus text exposition format, version
 * 0.0.4: one HELP and TYPE line per family, every series labelled with its `window`. Window
 * figures are gauges, not counters, because each window is counted afresh. The latency summaries
 * carry quantiles and `_count` but no `_sum`: a window keeps percentiles, not a latency total.
 * Throws when two windows share a label, which would make duplicate series.
 */
export function renderPrometheus(input: ExpositionInput): string {
  const names = input.windows.map((w) => w.window);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new Error(`window "${repeated}" is exported twice`);
  const out = new Families();
  for (const w of input.windows) addWindow(out, w);
  if (input.agent) {
    const a = input.agent;
    out.gauge(
      'agent_active_actions',
      'Actions the agent has in force on the control plane.',
      [],
      a.activeActions,
    );
    out.gauge(
      'agent_mitigation_debt',
      'Share of payments routed off their default route plus the count of other control-plane settings changed from default.',
      [],
      a.mitigationDebt,
    );
    if (a.decisionConfidence !== null)
      out.gauge(
        'agent_decision_confidence',
        "Confidence of the agent's last decision, 0-1.",
        [],
        a.decisionConfidence,
      );
  }
  return out.render();
}

/** The MIME type of the text exposition format, for a download. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
