import { z } from 'zod';
import { Count, Identifier, Probability } from './common';

/** The card issuers the lab models, in traffic-share order. */
export const ISSUER_IDS = ['visa', 'mastercard', 'amex', 'discover'] as const;

/** A card issuer the lab models. */
export const IssuerIdSchema = z.enum(ISSUER_IDS);
export type IssuerId = z.infer<typeof IssuerIdSchema>;

/** Display names of the issuers, used for metrics and for the sliders' accessible names. */
export const ISSUER_NAMES: Readonly<Record<IssuerId, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

/** The two processor routes every issuer's payments can take. */
export const ROUTE_IDS = ['primary', 'backup'] as const;

/** A processor route: the primary, or the costlier and slightly slower backup. */
export const RouteIdSchema = z.enum(ROUTE_IDS);
export type RouteId = z.infer<typeof RouteIdSchema>;

/** A per-issuer record: every issuer must be present, no other key is allowed. */
function perIssuer<T extends z.ZodType>(value: T) {
  return z.strictObject({
    visa: value,
    mastercard: value,
    amex: value,
    discover: value,
  });
}

/** Health of one issuer's primary and backup route, 0–1; a missing route is healthy. */
export const RouteHealthSchema = z.strictObject({
  primary: Probability.optional(),
  backup: Probability.optional(),
});
export type RouteHealth = z.infer<typeof RouteHealthSchema>;

/**
 * The faults injected into the world (the sliders). Health values follow the seeds' degradation
 * factor: 1 is healthy, 0.85 is 85 % of normal performance.
 */
export const ScenarioSchema = z.object({
  /** Optional label, e.g. the preset the scenario came from. */
  id: Identifier.optional(),
  /** Health of each issuer's primary route, 0–1. */
  issuerHealth: perIssuer(Probability),
  /** Health of the primary processor, 0–1; it degrades every issuer's primary route at once. */
  processorHealth: Probability,
  /** Extra share of payments the issuers decline themselves (INSUFFICIENT_FUNDS / DO_NOT_HONOR), 0–1. */
  issuerDeclineRate: Probability,
  /** Multiplies every network latency; 1 is normal. */
  networkLatencyMultiplier: z.number().min(1).max(10),
  /** How hard clients retry failed payments, 0 (gently) to 1 (a retry storm waiting to happen). */
  retryAggressiveness: Probability,
  /** Whether clients back off between retries. */
  clientBackoff: z.boolean(),
  /** Payments in one simulated window (traffic volume). */
  trafficVolume: z.number().int().min(1).max(100_000_000),
  /** Seed of the window's random streams; same seed, same window. */
  seed: z.number().int().min(0).max(0xffff_ffff),
  // Extensions: optional, and a scenario without them means what it meant before they existed.
  /**
   * Health of each issuer's routes, 0–1, on top of issuerHealth (primary) and the processors'
   * health; a missing issuer or route is healthy.
   */
  routeHealth: z
    .strictObject({
      visa: RouteHealthSchema.optional(),
      mastercard: RouteHealthSchema.optional(),
      amex: RouteHealthSchema.optional(),
      discover: RouteHealthSchema.optional(),
    })
    .optional(),
  /** Health of the backup processor, 0–1; it degrades every issuer's backup route at once. */
  backupProcessorHealth: Probability.optional(),
  /**
   * Extra share of payments each issuer declines itself, 0–1, on top of issuerDeclineRate (a
   * decline surge at one issuer); a missing issuer has none.
   */
  issuerDeclineRates: z
    .strictObject({
      visa: Probability.optional(),
      mastercard: Probability.optional(),
      amex: Probability.optional(),
      discover: Probability.optional(),
    })
    .optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Share of one issuer's traffic sent to each route; the two weights must sum to 1. */
export const RouteWeightsSchema = z
  .strictObject({ primary: Probability, backup: Probability })
  .refine((w) => Math.abs(w.primary + w.backup - 1) <= 1e-9, {
    message: 'route weights must sum to 1 (they are refused, not normalised)',
  });
export type RouteWeights = z.infer<typeof RouteWeightsSchema>;

/** One route of one issuer, e.g. to disable it. */
export const IssuerRouteSchema = z.strictObject({
  issuerId: IssuerIdSchema,
  routeId: RouteIdSchema,
});
export type IssuerRoute = z.infer<typeof IssuerRouteSchema>;

/** The retry policy the payment platform enforces on client retries. */
export const RetryPolicySchema = z.strictObject({
  /** Most retries allowed for one payment. */
  maxRetries: z.number().int().min(0).max(10),
  /** Retry amplification: retry attempts issued per failed attempt (stacked retry layers). */
  multiplier: z.number().min(0).max(10),
  /** Whether the platform enforces backoff between retries. */
  backoff: z.boolean(),
  /**
   * Whether hard declines (INSUFFICIENT_FUNDS, DO_NOT_HONOR) are retried at all; absent means yes
   * (the lab's default, and what files written before the field existed mean).
   */
  retryHardDeclines: z.boolean().optional(),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** What the agent controls: routing, disabled routes, retry policy, timeout, rate limit. */
export const ControlPlaneSchema = z
  .strictObject({
    routing: perIssuer(RouteWeightsSchema),
    disabledRoutes: z.array(IssuerRouteSchema).max(ISSUER_IDS.length * ROUTE_IDS.length),
    retryPolicy: RetryPolicySchema,
    /** Requests slower than this fail as TIMEOUT. */
    timeoutMs: z.number().min(50).max(60_000),
    /** Retry budget: most attempts per payment across the window; null means no limit. */
    rateLimit: z.number().min(1).max(20).nullable(),
    /** Notifications sent to the on-call team so far. */
    notificationsSent: Count,
  })
  .superRefine((plane, ctx) => {
    for (const issuerId of ISSUER_IDS) {
      const disabled = new Set(
        plane.disabledRoutes.filter((r) => r.issuerId === issuerId).map((r) => r.routeId),
      );
      if (disabled.size === ROUTE_IDS.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['disabledRoutes'],
          message: `every route of ${issuerId} is disabled; at least one must stay enabled`,
        });
      }
    }
  });
export type ControlPlane = z.infer<typeof ControlPlaneSchema>;

/** A healthy world: every fault off, 6,000 payments, seed 42. */
export const HEALTHY_SCENARIO: Scenario = {
  id: 'healthy',
  issuerHealth: { visa: 1, mastercard: 1, amex: 1, discover: 1 },
  processorHealth: 1,
  issuerDeclineRate: 0,
  networkLatencyMultiplier: 1,
  retryAggressiveness: 0.2,
  clientBackoff: true,
  trafficVolume: 6000,
  seed: 42,
};

/** The control plane the lab starts with: everything on the primary route, gentle retries. */
export const DEFAULT_CONTROL_PLANE: ControlPlane = {
  routing: {
    visa: { primary: 1, backup: 0 },
    mastercard: { primary: 1, backup: 0 },
    amex: { primary: 1, backup: 0 },
    discover: { primary: 1, backup: 0 },
  },
  disabledRoutes: [],
  retryPolicy: { maxRetries: 3, multiplier: 2, backoff: false },
  timeoutMs: 2000,
  rateLimit: null,
  notificationsSent: 0,
};

/**
 * What the world carries from one window to the next (client retry backlogs, route loads), so
 * that an incident unfolds in time. Owned by the simulator: the agent never sees it.
 */
export const WorldStateSchema = z.strictObject({
  /** Index of the next window to simulate, from 0. */
  window: Count,
  /** Load of each route (primary, backup) at the end of the last window; 0 for an idle world. */
  routeLoad: z.array(z.number().nonnegative().max(1e6)).length(ROUTE_IDS.length),
  /**
   * Retry load still waiting to be sent, per (issuer, route) path, in attempts (backed-off
   * retries weighted by how little they load a route at once); it lands in the next window.
   */
  retryBacklog: z
    .array(z.number().nonnegative().max(1e10))
    .length(ISSUER_IDS.length * ROUTE_IDS.length),
});
export type WorldState = z.infer<typeof WorldStateSchema>;

/** The world before its first window: idle routes, no retries waiting. */
export const INITIAL_WORLD_STATE: WorldState = {
  window: 0,
  routeLoad: [0, 0],
  retryBacklog: [0, 0, 0, 0, 0, 0, 0, 0],
};
