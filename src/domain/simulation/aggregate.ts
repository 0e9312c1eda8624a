import {
  ISSUER_IDS,
  ISSUER_NAMES,
  KNOWN_ERROR_CODES,
  ROUTE_IDS,
  type ErrorBreakdownEntry,
  type IssuerMetrics,
  type Latency,
  type MetricsSnapshot,
  type RouteMetrics,
} from '../../contracts';
import { percentilesOfCounts, type LogBuckets } from './histogram';
import { PATH_COUNT, type LoadSolution } from './load-model';
import { CODE_COUNT, type WindowCounters } from './sampler';
import { ISSUER_COUNT, WORLD_MODEL } from './world-model';

const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** Rounds to 0.1 ms: finer digits are below the histogram's resolution. */
function roundMs(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Rounds a percentile and keeps it within the timeout, which no attempt outlives. */
function readMs(value: number, timeoutMs: number): number {
  return roundMs(Math.min(value, timeoutMs));
}

/** Rounds a load figure to four decimals for readable JSON. */
function roundLoad(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The buckets [first, end) that hold every count of the window's histogram, timeouts included. */
interface UsedRange {
  first: number;
  end: number;
  /** Longest latency an attempt can have: it is cut off at the timeout. */
  timeoutMs: number;
  /** The bucket a timed-out attempt is counted in. */
  timeoutBucket: number;
}

/** Finds the used buckets once, so the latency reads skip the empty range. */
function usedRange(
  buckets: LogBuckets,
  counts: WindowCounters,
  timeoutMs: number,
  timeoutBucket: number,
): UsedRange {
  const nb = buckets.bucketCount;
  const histogram = counts.histogram;
  let first = nb;
  let end = 0;
  for (let path = 0; path < PATH_COUNT; path++) {
    const offset = path * nb;
    let k = 0;
    while (k < first && histogram[offset + k] === 0) k++;
    if (k < first) first = k;
    k = nb - 1;
    while (k >= end && histogram[offset + k] === 0) k--;
    if (k + 1 > end) end = k + 1;
    if (counts.pathTimeouts[path] > 0) {
      first = Math.min(first, timeoutBucket);
      end = Math.max(end, timeoutBucket + 1);
    }
  }
  return first < end
    ? { first, end, timeoutMs, timeoutBucket }
    : { first: 0, end: 0, timeoutMs, timeoutBucket };
}

/**
 * Reads p50/p95/p99 from the sum of the listed path slices of the histogram: of every attempt
 * (timeouts counted at the timeout, the seed contract's latency), or of completed ones only.
 */
function latencyOf(
  buckets: LogBuckets,
  counts: WindowCounters,
  range: UsedRange,
  paths: readonly number[],
  withTimeouts: boolean,
  scratch: Float64Array,
  out: Float64Array,
): Latency {
  const nb = buckets.bucketCount;
  const { first, end } = range;
  scratch.fill(0, first, end);
  for (const path of paths) {
    const offset = path * nb;
    for (let k = first; k < end; k++) scratch[k] += counts.histogram[offset + k];
    if (withTimeouts) scratch[range.timeoutBucket] += counts.pathTimeouts[path];
  }
  percentilesOfCounts(buckets, scratch, 0, PERCENTILES, out, first, end);
  // The timeout's bucket reads at its middle, a little above the timeout itself.
  const cut = range.timeoutMs;
  return { p50: readMs(out[0], cut), p95: readMs(out[1], cut), p99: readMs(out[2], cut) };
}

/** Share of the listed paths' attempts that timed out; 0 when they carried none. */
function timeoutShareOf(counts: WindowCounters, paths: readonly number[]): number {
  let timeouts = 0;
  let attempts = 0;
  for (const path of paths) {
    timeouts += counts.pathTimeouts[path];
    attempts += counts.pathAttempts[path];
  }
  return attempts > 0 ? timeouts / attempts : 0;
}

/** Error entries with a count, most frequent first, as shares of `payments`. */
function breakdown(codeCounts: ArrayLike<number>, payments: number): ErrorBreakdownEntry[] {
  const entries: ErrorBreakdownEntry[] = [];
  for (let code = 0; code < CODE_COUNT; code++) {
    const count = codeCounts[code];
    if (count > 0) {
      entries.push({
        code: KNOWN_ERROR_CODES[code] ?? 'PAYMENT_FAILED',
        count,
        percentage: count / payments,
      });
    }
  }
  // Stable sort: equal counts keep the KNOWN_ERROR_CODES order, so output is deterministic.
  return entries.sort((a, b) => b.count - a.count);
}

/** An idle route or issuer reports success 1 and zero latency: nothing failed because nothing ran. */
function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 1;
}

/** What simulateWindow stamps on the snapshot besides the counters. */
export interface SnapshotLabels {
  timestamp: number;
  seed: number;
  windowSize: number;
  scenarioId: string | undefined;
  /** The control plane's timeout: recorded latencies never exceed it. */
  timeoutMs: number;
}

/** The bucket every timed-out attempt is counted in: the one that holds the timeout. */
export function timeoutBucketOf(buckets: LogBuckets, timeoutMs: number): number {
  return Math.min(
    buckets.bucketCount - 1,
    Math.max(0, Math.floor(Math.log(timeoutMs / buckets.minValue) * buckets.bucketsPerLog)),
  );
}

/** Turns a window's counters into a MetricsSnapshot (seed contract 1 plus its extensions). */
export function toSnapshot(
  counts: WindowCounters,
  solution: LoadSolution,
  buckets: LogBuckets,
  labels: SnapshotLabels,
): MetricsSnapshot {
  const scratch = new Float64Array(buckets.bucketCount);
  const out = new Float64Array(PERCENTILES.length);
  const range = usedRange(
    buckets,
    counts,
    labels.timeoutMs,
    timeoutBucketOf(buckets, labels.timeoutMs),
  );
  const latency = (paths: readonly number[]) =>
    latencyOf(buckets, counts, range, paths, true, scratch, out);
  const completedLatency = (paths: readonly number[]) =>
    latencyOf(buckets, counts, range, paths, false, scratch, out);
  const routeMetric = (routeIndex: number, paths: readonly number[]): RouteMetrics => {
    let payments = 0;
    let attempts = 0;
    let failures = 0;
    for (const path of paths) {
      payments += counts.pathPayments[path];
      attempts += counts.pathAttempts[path];
      failures += counts.pathFailures[path];
    }
    return {
      routeId: ROUTE_IDS[routeIndex] ?? 'primary',
      transactionCount: payments,
      attemptCount: attempts,
      successRate: rate(attempts - failures, attempts),
      latency: latency(paths),
      errorCount: failures,
      load: roundLoad(solution.loads[routeIndex]),
      timeoutShare: timeoutShareOf(counts, paths),
      completedLatency: completedLatency(paths),
    };
  };

  const issuerMetrics: IssuerMetrics[] = ISSUER_IDS.map((issuerId, i) => {
    const payments = counts.issuerPayments[i];
    const approved = counts.issuerApproved[i];
    const codes = counts.issuerCodes.subarray(i * CODE_COUNT, (i + 1) * CODE_COUNT);
    return {
      issuerId,
      issuerName: ISSUER_NAMES[issuerId],
      successRate: rate(approved, payments),
      latency: latency([i * 2, i * 2 + 1]),
      transactionCount: payments,
      errorCount: payments - approved,
      retryCount: counts.issuerRetries[i],
      errorBreakdown: breakdown(codes, payments),
      routes: [routeMetric(0, [i * 2]), routeMetric(1, [i * 2 + 1])],
    };
  });

  let payments = 0;
  let approved = 0;
  let retries = 0;
  const codeTotals = new Float64Array(CODE_COUNT);
  for (let i = 0; i < ISSUER_COUNT; i++) {
    payments += counts.issuerPayments[i];
    approved += counts.issuerApproved[i];
    retries += counts.issuerRetries[i];
    for (let code = 0; code < CODE_COUNT; code++) {
      codeTotals[code] += counts.issuerCodes[i * CODE_COUNT + code];
    }
  }
  let attempts = 0;
  let cost = 0;
  const allPaths: number[] = [];
  const primaryPaths: number[] = [];
  const backupPaths: number[] = [];
  for (let path = 0; path < PATH_COUNT; path++) {
    attempts += counts.pathAttempts[path];
    cost += counts.pathAttempts[path] * WORLD_MODEL.routes.cost[path & 1];
    allPaths.push(path);
    ((path & 1) === 0 ? primaryPaths : backupPaths).push(path);
  }

  const snapshot: MetricsSnapshot = {
    timestamp: labels.timestamp,
    successRate: rate(approved, payments),
    latency: latency(allPaths),
    totalTransactions: payments,
    totalRetries: retries,
    retryRatio: attempts > 0 ? retries / attempts : 0,
    errorBreakdown: breakdown(codeTotals, payments),
    issuerMetrics,
    routeMetrics: [routeMetric(0, primaryPaths), routeMetric(1, backupPaths)],
    costPerTransaction: payments > 0 ? Math.round((cost / payments) * 10_000) / 10_000 : 0,
    seed: labels.seed,
    windowSize: labels.windowSize,
    totalAttempts: attempts,
    timeoutShare: timeoutShareOf(counts, allPaths),
    completedLatency: completedLatency(allPaths),
  };
  if (labels.scenarioId !== undefined) snapshot.scenarioId = labels.scenarioId;
  return snapshot;
}
