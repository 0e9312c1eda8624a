import { ISSUER_IDS, type ControlPlane, type Scenario } from '../../contracts';

/**
 * The lab's world: the fixed figures behind every simulated payment. They are gathered here so
 * that the simulator, the executor's expectations and the evaluation read one source, and so
 * that a change to the world is one reviewable diff.
 */
export const WORLD_MODEL = {
  /** Share of payments per issuer, in ISSUER_IDS order (visa, mastercard, amex, discover). */
  issuerShares: [0.45, 0.35, 0.12, 0.08],
  /** Healthy median latency of each issuer on the primary route, ms. */
  medianLatencyMs: [180, 195, 240, 220],
  /** Share of payments each issuer declines on a healthy day (a card without funds, fraud rules). */
  baseDeclineRate: [0.008, 0.009, 0.006, 0.011],
  /** Share of declines answered INSUFFICIENT_FUNDS; the rest are DO_NOT_HONOR. */
  insufficientFundsShare: 0.6,
  /** Log-space spread of the latency body. */
  latencySigma: 0.42,
  /** Share of attempts in the slow tail on a healthy route (GC pauses, cold connections). */
  tailShare: 0.015,
  /** How much slower the tail's median is than the body's. */
  tailMedianFactor: 3.5,
  /** Log-space spread of the slow tail. */
  tailSigma: 0.6,
  /** Per-route figures in ROUTE_IDS order (primary, backup). */
  routes: {
    /** Relative processing cost of one attempt: the backup processor charges more. */
    cost: [1.0, 1.6],
    /** Latency factor: the backup is a bit slower. */
    latencyFactor: [1.0, 1.2],
    /** Share of attempts failing transiently on a healthy route. */
    transientFailure: [0.004, 0.006],
    /**
     * Nominal capacity in attempts per window (WINDOW_SECONDS of traffic, all issuers): the
     * primary carries the default 6,000 payments at about 0.63 load and a 1.5× surge below its
     * knee; the backup carries 4,200, so half the traffic of a 2× surge or all of a normal
     * window overloads it.
     */
    capacityPerWindow: [12_000, 4_800],
  },
  /** How a health deficit δ = 1 − health shows on the route it degrades. */
  degradation: {
    /** Share of payments stuck on the degraded route (a broken shard): every attempt there fails. */
    stuckPerDeficit: 0.9,
    /** Share of the stuck attempts that hang until the timeout; the rest are ISSUER_UNAVAILABLE. */
    stuckTimeoutShare: 0.45,
    /** Extra transient failure per unit of deficit. */
    transientPerDeficit: 0.5,
    /** Extra median latency per unit of deficit (0.15 deficit → 30 % slower). */
    latencyPerDeficit: 2,
    /** Extra slow-tail share per unit of deficit. */
    tailPerDeficit: 0.5,
    /** A processor's capacity keeps this floor share when its health falls to 0. */
    capacityFloor: 0.4,
  },
  /** How load (attempts relative to capacity) hurts a route. */
  load: {
    /** Load where queueing starts to show. */
    knee: 0.75,
    /** Latency multiplier 1 + linear·e + quadratic·e², e = max(0, load − knee). */
    latencyLinear: 1.2,
    latencyQuadratic: 1.5,
    /** Cap of the load latency multiplier: a saturated route sheds work rather than queue forever. */
    maxLatencyFactor: 4,
    /** Extra transient failure per unit of load above the knee. */
    transientPerExcess: 0.08,
    /** Above a load of 1 the route sheds the excess (1 − 1/load of attempts), capped here. */
    maxShed: 0.95,
    /**
     * Share of the attempts an overloaded route still accepts that wait in its queue past the
     * timeout, per unit of load above 1: the congestion collapse that lets a retry storm keep
     * itself going once it has started.
     */
    queueTimeoutPerOverload: 1.5,
    /** Cap of that share: some attempts still get through a collapsed route. */
    maxQueueTimeout: 0.9,
  },
  /** How clients retry, from the scenario's retry aggressiveness a in 0–1. */
  retries: {
    /** Client max retries = round(base + perAggressiveness · a): 1 at a = 0, 8 at a = 1. */
    maxRetriesBase: 1,
    maxRetriesPerAggressiveness: 7,
    /** Client retry multiplier = base + perAggressiveness · a: 0.5 at a = 0, 3 at a = 1. */
    multiplierBase: 0.5,
    multiplierPerAggressiveness: 2.5,
    /** With backoff a retry counts this much towards instantaneous load… */
    backoffLoadWeight: 0.35,
    /** …and meets this share of the transient failures and shedding a first try meets. */
    backoffFailureFactor: 0.5,
    /**
     * Share of a window's retry load that lands in the next window (retries sent near the end of
     * a window, or after a backoff delay): the client backlog the world carries over.
     */
    spillShare: 0.2,
    /** The spill share when retries back off: backed-off retries wait longer. */
    backoffSpillShare: 0.4,
  },
} as const;

/** Number of issuers the model simulates (the contract's ISSUER_IDS). */
export const ISSUER_COUNT = ISSUER_IDS.length;

/** The retry behaviour in force: client behaviour capped by the platform's retry policy. */
export interface RetryBehaviour {
  /** Most retries per payment (client and policy). */
  maxRetries: number;
  /** Retry attempts issued per failed attempt (client and policy). */
  multiplier: number;
  /** Whether retries are spread out by backoff (client or policy). */
  backoff: boolean;
  /** Attempts per payment the rate limit allows (fractional: some payments get one more); null when unlimited. */
  attemptBudget: number | null;
  /** Whether hard declines (INSUFFICIENT_FUNDS, DO_NOT_HONOR) are retried like soft failures. */
  retryHardDeclines: boolean;
}

/** Derives the retry behaviour from the scenario's clients and the control plane's policy. */
export function retryBehaviour(scenario: Scenario, plane: ControlPlane): RetryBehaviour {
  const r = WORLD_MODEL.retries;
  const a = scenario.retryAggressiveness;
  const clientMax = Math.round(r.maxRetriesBase + r.maxRetriesPerAggressiveness * a);
  const clientMultiplier = r.multiplierBase + r.multiplierPerAggressiveness * a;
  return {
    maxRetries: Math.min(clientMax, plane.retryPolicy.maxRetries),
    multiplier: Math.min(clientMultiplier, plane.retryPolicy.multiplier),
    backoff: scenario.clientBackoff || plane.retryPolicy.backoff,
    attemptBudget: plane.rateLimit,
    // Absent means today's behaviour: every failure is retried.
    retryHardDeclines: plane.retryPolicy.retryHardDeclines ?? true,
  };
}

/**
 * Share of each issuer's attempts sent to the primary route, in ISSUER_IDS order: the control
 * plane's weight, except that a disabled route's weight moves to the other route.
 */
export function primaryWeights(plane: ControlPlane): Float64Array {
  const weights = new Float64Array(ISSUER_COUNT);
  ISSUER_IDS.forEach((issuerId, i) => {
    const disabled = (routeId: 'primary' | 'backup') =>
      plane.disabledRoutes.some((r) => r.issuerId === issuerId && r.routeId === routeId);
    const weight = plane.routing[issuerId].primary;
    if (disabled('primary')) weights[i] = 0;
    else if (disabled('backup')) weights[i] = 1;
    else weights[i] = weight;
  });
  return weights;
}
