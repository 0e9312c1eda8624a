import {
  DEFAULT_REASONING_CONFIG,
  type AnomalyType,
  type MetricsSnapshot,
  type ReasoningConfig,
} from '../../contracts';
import { scopeAnomalies, systemView } from '../../domain/reasoning/anomalies';
import { count, ms, pct, points, signedPct } from '../format';

/** One headline figure of the window, and whether the reasoning engine calls it an anomaly. */
export interface MetricTile {
  label: string;
  value: string;
  delta: string;
  /** The engine found an anomaly of this figure: the tile is drawn in the warning colour. */
  bad: boolean;
  /** The anomaly's severity, when there is one. */
  severity: 'warning' | 'critical' | null;
}

/**
 * The metric tiles of a window against its baseline. A tile is marked bad exactly when the
 * reasoning engine's own system-wide anomaly check (thresholds and significance tests of
 * `config`) reports that figure, so the tiles and the anomalies panel never disagree.
 */
export function metricTiles(
  current: MetricsSnapshot | null,
  baseline: MetricsSnapshot | null,
  config: ReasoningConfig = DEFAULT_REASONING_CONFIG,
): MetricTile[] {
  if (!current || !baseline) return [];
  const anomalies = scopeAnomalies(systemView(baseline), systemView(current), config);
  const flag = (type: AnomalyType): Pick<MetricTile, 'bad' | 'severity'> => {
    const anomaly = anomalies.find((a) => a.type === type);
    return { bad: anomaly !== undefined, severity: anomaly?.severity ?? null };
  };
  const costChange =
    current.costPerTransaction && baseline.costPerTransaction
      ? current.costPerTransaction / baseline.costPerTransaction - 1
      : null;
  return [
    {
      label: 'Success rate',
      value: pct(current.successRate, 2),
      delta: `${points(current.successRate - baseline.successRate, 2)} vs baseline ${pct(baseline.successRate, 2)}`,
      ...flag('success_rate_drop'),
    },
    {
      label: 'p99 latency',
      value: ms(current.latency.p99),
      delta: `p50 ${ms(current.latency.p50)} · p95 ${ms(current.latency.p95)} · baseline p99 ${ms(baseline.latency.p99)}`,
      ...flag('latency_spike'),
    },
    {
      label: 'Retry ratio',
      value: pct(current.retryRatio, 1),
      delta: `${count(current.totalRetries)} retries · baseline ${pct(baseline.retryRatio, 1)}`,
      ...flag('retry_amplification'),
    },
    {
      label: 'Payments',
      value: count(current.totalTransactions),
      delta:
        costChange === null
          ? 'cost per payment –'
          : `cost per payment ${signedPct(costChange, 1)} vs baseline`,
      bad: false,
      severity: null,
    },
  ];
}
