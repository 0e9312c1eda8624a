import { z } from 'zod';
import { Count, EpochMillis, Finite, Identifier, Millis, Probability } from './common';
import { RouteIdSchema } from './world';

/** Latency percentiles in milliseconds; they must be ordered p50 ≤ p95 ≤ p99. */
export const LatencySchema = z
  .object({ p50: Millis, p95: Millis, p99: Millis })
  .refine((l) => l.p50 <= l.p95 && l.p95 <= l.p99, {
    message: 'latency percentiles must be ordered p50 ≤ p95 ≤ p99',
  });
export type Latency = z.infer<typeof LatencySchema>;

/** Error codes the simulator produces; other tools may report codes of their own. */
export const KNOWN_ERROR_CODES = [
  'TIMEOUT',
  'ISSUER_UNAVAILABLE',
  'PAYMENT_FAILED',
  'INSUFFICIENT_FUNDS',
  'DO_NOT_HONOR',
  'RATE_LIMITED',
] as const;

/** An error code such as TIMEOUT: upper-case letters, digits and underscores. */
export const ErrorCodeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'error code must be UPPER_SNAKE_CASE');

/** How often one error code occurred in a window. */
export const ErrorBreakdownEntrySchema = z.object({
  code: ErrorCodeSchema,
  count: Count,
  /** Share of the window's payments that ended with this code, 0–1. */
  percentage: Probability,
});
export type ErrorBreakdownEntry = z.infer<typeof ErrorBreakdownEntrySchema>;

/** Traffic and health of one route (overall or for one issuer); an optional extension. */
export const RouteMetricsSchema = z.object({
  routeId: RouteIdSchema,
  /** Payments whose first attempt went to this route. */
  transactionCount: Count,
  /** Attempts (first tries and retries) this route served. */
  attemptCount: Count,
  successRate: Probability,
  latency: LatencySchema,
  errorCount: Count,
  /** Attempts relative to the route's nominal capacity; above 1 it is overloaded. */
  load: z.number().nonnegative().optional(),
  /** Share of the route's attempts that timed out, 0–1. */
  timeoutShare: Probability.optional(),
  /** Latency of the route's completed (not timed-out) attempts: it never pins at the timeout. */
  completedLatency: LatencySchema.optional(),
});
export type RouteMetrics = z.infer<typeof RouteMetricsSchema>;

/** Seed contract 1, per issuer; errorBreakdown and routes are optional extensions. */
export const IssuerMetricsSchema = z.object({
  issuerId: Identifier,
  issuerName: z.string().min(1).max(200),
  successRate: Probability,
  latency: LatencySchema,
  transactionCount: Count,
  errorCount: Count,
  retryCount: Count,
  errorBreakdown: z.array(ErrorBreakdownEntrySchema).max(64).optional(),
  routes: z.array(RouteMetricsSchema).max(8).optional(),
});
export type IssuerMetrics = z.infer<typeof IssuerMetricsSchema>;

/** Seed contract 1: the aggregated metrics of one window of payments. */
export const MetricsSnapshotSchema = z.object({
  /** When the window was aggregated, ms since epoch. */
  timestamp: EpochMillis,
  /** Share of payments finally approved, 0–1. */
  successRate: Probability,
  latency: LatencySchema,
  totalTransactions: Count,
  totalRetries: Count,
  /** Share of all attempts that were retries, 0–1. */
  retryRatio: Probability,
  errorBreakdown: z.array(ErrorBreakdownEntrySchema).max(64),
  issuerMetrics: z.array(IssuerMetricsSchema).max(64),
  // Extensions: optional, never renames of seed fields.
  routeMetrics: z.array(RouteMetricsSchema).max(8).optional(),
  /** Mean processing cost per payment in relative units (backup costs more). */
  costPerTransaction: z.number().nonnegative().optional(),
  scenarioId: Identifier.optional(),
  seed: z.number().int().min(0).max(0xffff_ffff).optional(),
  windowSize: Count.optional(),
  /** Total attempts (first tries plus retries). */
  totalAttempts: Count.optional(),
  /** Share of all attempts that timed out, 0–1 (timeouts end at the timeout, whatever the fault). */
  timeoutShare: Probability.optional(),
  /** Latency of completed (not timed-out) attempts: it tells a small fault from a large one. */
  completedLatency: LatencySchema.optional(),
  /** Milliseconds spent producing the window, when measured outside the pure model. */
  generationMs: Finite.nonnegative().optional(),
});
export type MetricsSnapshot = z.infer<typeof MetricsSnapshotSchema>;
