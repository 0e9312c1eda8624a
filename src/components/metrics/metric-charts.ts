import type { ChartData } from 'chart.js';
import type { MetricsSnapshot } from '../../contracts';
import type { CyclePoint } from '../../state/lab.svelte';
import { CHART_COLORS } from '../charts/chart-setup';

// The metrics panel's chart data, built outside the component so it is plain, testable code.

/** The timeline: success rate and p99 per cycle, plus the live window, with action markers. */
export function timelineData(
  series: readonly CyclePoint[],
  current: MetricsSnapshot | null,
): ChartData {
  const points = [...series];
  const labels = points.map((p) => `#${p.cycle}`);
  if (current) labels.push('now');
  const success = [
    ...points.map((p) => p.successRate * 100),
    ...(current ? [current.successRate * 100] : []),
  ];
  const p99 = [...points.map((p) => p.p99), ...(current ? [current.latency.p99] : [])];
  const marker = (keep: (p: CyclePoint) => boolean) =>
    points.map((p) => (keep(p) ? p.successRate * 100 : null));
  return {
    labels,
    datasets: [
      {
        type: 'line',
        label: 'Success rate (%)',
        data: success,
        borderColor: CHART_COLORS.blue,
        backgroundColor: CHART_COLORS.blue,
        yAxisID: 'y',
        tension: 0.2,
        pointRadius: 2,
      },
      {
        type: 'line',
        label: 'p99 latency (ms)',
        data: p99,
        borderColor: CHART_COLORS.orange,
        backgroundColor: CHART_COLORS.orange,
        yAxisID: 'y1',
        tension: 0.2,
        pointRadius: 2,
        borderDash: [4, 3],
      },
      {
        type: 'line',
        label: 'Action executed',
        data: marker((p) => p.executed),
        yAxisID: 'y',
        showLine: false,
        pointStyle: 'triangle',
        pointRadius: 7,
        borderColor: CHART_COLORS.green,
        backgroundColor: CHART_COLORS.green,
      },
      {
        type: 'line',
        label: 'Rolled back',
        data: marker((p) => p.rolledBack),
        yAxisID: 'y',
        showLine: false,
        pointStyle: 'crossRot',
        pointRadius: 8,
        borderWidth: 2,
        borderColor: CHART_COLORS.red,
        backgroundColor: CHART_COLORS.red,
      },
      {
        type: 'line',
        label: 'Blocked / waiting',
        data: marker((p) => p.blocked),
        yAxisID: 'y',
        showLine: false,
        pointStyle: 'rect',
        pointRadius: 5,
        borderColor: CHART_COLORS.grey,
        backgroundColor: CHART_COLORS.grey,
      },
    ],
  } as ChartData;
}

/** Success rate per issuer, baseline against current, in percent. */
export function issuerBarsData(
  current: MetricsSnapshot | null,
  baseline: MetricsSnapshot | null,
): ChartData {
  const issuers = current?.issuerMetrics ?? [];
  const base = new Map((baseline?.issuerMetrics ?? []).map((m) => [m.issuerId, m.successRate]));
  return {
    labels: issuers.map((m) => m.issuerName),
    datasets: [
      {
        label: 'Baseline',
        data: issuers.map((m) => (base.get(m.issuerId) ?? 0) * 100),
        backgroundColor: CHART_COLORS.grey,
      },
      {
        label: 'Current',
        data: issuers.map((m) => m.successRate * 100),
        backgroundColor: CHART_COLORS.blue,
      },
    ],
  };
}

/** Share of payments failing with each error code, baseline against current, in percent. */
export function errorBarsData(
  current: MetricsSnapshot | null,
  baseline: MetricsSnapshot | null,
): ChartData {
  const codes = new Set([
    ...(current?.errorBreakdown ?? []).map((e) => e.code),
    ...(baseline?.errorBreakdown ?? []).map((e) => e.code),
  ]);
  const of = (s: MetricsSnapshot | null, code: string) =>
    (s?.errorBreakdown.find((e) => e.code === code)?.percentage ?? 0) * 100;
  const labels = [...codes].sort();
  return {
    labels,
    datasets: [
      {
        label: 'Baseline',
        data: labels.map((c) => of(baseline, c)),
        backgroundColor: CHART_COLORS.grey,
      },
      {
        label: 'Current',
        data: labels.map((c) => of(current, c)),
        backgroundColor: CHART_COLORS.red,
      },
    ],
  };
}
