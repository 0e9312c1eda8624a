import type { ControlPlane, Scenario } from '../../contracts';
import { ISSUER_IDS } from '../../contracts';
import { normalCdf } from './normal';
import {
  ISSUER_COUNT,
  WORLD_MODEL,
  primaryWeights,
  retryBehaviour,
  type RetryBehaviour,
} from './world-model';

/** Number of (issuer, route) paths; path index = issuer index × 2 + route index. */
export const PATH_COUNT = ISSUER_COUNT * 2;

/** Most retries per payment the model ever allows (the retry policy's upper bound). */
const MAX_RETRIES = 10;

/**
 * Everything the event sampler needs to know about each (issuer, route) path once the route
 * loads are settled. Arrays are indexed by path (issuer × 2 + route) unless said otherwise.
 */
export interface PathConditions {
  /** Share of payments stuck on the path: each of their attempts there fails. */
  stuck: Float64Array;
  /** Share of attempts in the slow latency tail. */
  tailShare: Float64Array;
  /** Natural log of the body's and the tail's median latency, ms (load and network included). */
  logMedianBody: Float64Array;
  logMedianTail: Float64Array;
  /** Probability that an attempt outlives the timeout. */
  timeoutProbability: Float64Array;
  /** Share of first attempts and of retries shed by an overloaded route. */
  shedFirst: Float64Array;
  shedRetry: Float64Array;
  /** Transient failure probability of first attempts and of retries. */
  transientFirst: Float64Array;
  transientRetry: Float64Array;
}

/** The settled state of a window: route loads and the conditions they produce. */
export interface LoadSolution {
  /** Attempts relative to nominal capacity, per route (primary, backup). */
  loads: Float64Array;
  /** Capacity of each route in attempts per payment of the whole window. */
  capacities: Float64Array;
  /** Share of each issuer's attempts sent to the primary route. */
  primaryWeight: Float64Array;
  /** Share of each issuer's payments the issuer itself declines. */
  declineRate: Float64Array;
  /** Expected retries per payment of each issuer. */
  expectedRetries: Float64Array;
  /** The client and policy retry behaviour in force. */
  retry: RetryBehaviour;
  /** Per-path conditions at the settled loads. */
  conditions: PathConditions;
  /** Fixed-point iterations used (for diagnostics). */
  iterations: number;
}

function emptyConditions(): PathConditions {
  return {
    stuck: new Float64Array(PATH_COUNT),
    tailShare: new Float64Array(PATH_COUNT),
    logMedianBody: new Float64Array(PATH_COUNT),
    logMedianTail: new Float64Array(PATH_COUNT),
    timeoutProbability: new Float64Array(PATH_COUNT),
    shedFirst: new Float64Array(PATH_COUNT),
    shedRetry: new Float64Array(PATH_COUNT),
    transientFirst: new Float64Array(PATH_COUNT),
    transientRetry: new Float64Array(PATH_COUNT),
  };
}

/** Health of each path: the primary carries the issuer's and the processor's faults, the backup none. */
function pathHealth(scenario: Scenario): Float64Array {
  const health = new Float64Array(PATH_COUNT);
  ISSUER_IDS.forEach((issuerId, i) => {
    health[i * 2] = scenario.issuerHealth[issuerId] * scenario.processorHealth;
    health[i * 2 + 1] = 1;
  });
  return health;
}

/** Fills `out` with every path's conditions at the given route loads. */
function conditionsAt(
  health: Float64Array,
  loads: Float64Array,
  scenario: Scenario,
  timeoutMs: number,
  backoff: boolean,
  out: PathConditions,
): void {
  const w = WORLD_MODEL;
  const logTimeout = Math.log(timeoutMs);
  const retryFactor = backoff ? w.retries.backoffFailureFactor : 1;
  for (let path = 0; path < PATH_COUNT; path++) {
    const issuer = path >> 1;
    const route = path & 1;
    const deficit = 1 - health[path];
    const load = loads[route];
    const excess = Math.max(0, load - w.load.knee);
    const loadLatency = Math.min(
      w.load.maxLatencyFactor,
      1 + w.load.latencyLinear * excess + w.load.latencyQuadratic * excess * excess,
    );
    const shed = load > 1 ? Math.min(w.load.maxShed, 1 - 1 / load) : 0;
    const transient = Math.min(
      0.9,
      w.routes.transientFailure[route] +
        w.degradation.transientPerDeficit * deficit +
        w.load.transientPerExcess * excess,
    );
    const median =
      w.medianLatencyMs[issuer] *
      w.routes.latencyFactor[route] *
      (1 + w.degradation.latencyPerDeficit * deficit) *
      scenario.networkLatencyMultiplier *
      loadLatency;
    const tailShare = Math.min(0.5, w.tailShare + w.degradation.tailPerDeficit * deficit);
    const logBody = Math.log(median);
    const logTail = logBody + Math.log(w.tailMedianFactor);
    out.stuck[path] = Math.min(1, w.degradation.stuckPerDeficit * deficit);
    out.tailShare[path] = tailShare;
    out.logMedianBody[path] = logBody;
    out.logMedianTail[path] = logTail;
    out.timeoutProbability[path] =
      (1 - tailShare) * (1 - normalCdf((logTimeout - logBody) / w.latencySigma)) +
      tailShare * (1 - normalCdf((logTimeout - logTail) / w.tailSigma));
    out.shedFirst[path] = shed;
    out.shedRetry[path] = shed * retryFactor;
    out.transientFirst[path] = transient;
    out.transientRetry[path] = transient * retryFactor;
  }
}

/** Probability that one attempt on a path fails for a payment that is neither stuck nor declined. */
function attemptFailure(c: PathConditions, path: number, retry: boolean): number {
  const shed = retry ? c.shedRetry[path] : c.shedFirst[path];
  const transient = retry ? c.transientRetry[path] : c.transientFirst[path];
  return 1 - (1 - c.timeoutProbability[path]) * (1 - shed) * (1 - transient);
}

/**
 * Expected retries of one payment whose first attempt fails with probability q0 and every retry
 * with q1, when each failed attempt spawns `multiplier` retries (the fraction as a coin flip per
 * failure), a round stops at the first approval, and at most `cap` retries are sent in all.
 * Exact, by dynamic programming over (retries used, size of the failed round).
 */
export function expectedRetriesPerPayment(
  q0: number,
  q1: number,
  multiplier: number,
  cap: number,
  scratch: Float64Array = new Float64Array((MAX_RETRIES + 1) * (MAX_RETRIES + 1)),
): number {
  if (cap <= 0 || q0 <= 0 || multiplier <= 0) return 0;
  const whole = Math.floor(multiplier);
  const frac = multiplier - whole;
  const width = cap + 1;
  scratch.fill(0, 0, width * width);
  scratch[1] = q0; // after the first try failed: 0 retries used, a failed round of 1
  let expected = 0;
  for (let used = 0; used < cap; used++) {
    const remaining = cap - used;
    for (let n = 1; n <= cap; n++) {
      const p = scratch[used * width + n];
      if (p === 0) continue;
      if (frac === 0) {
        const sent = Math.min(n * whole, remaining);
        if (sent > 0) {
          expected += p * sent;
          scratch[(used + sent) * width + sent] += p * q1 ** sent;
        }
        continue;
      }
      // k of the n failures add one extra retry each: Binomial(n, frac).
      let pk = (1 - frac) ** n;
      for (let k = 0; k <= n; k++) {
        if (k > 0) pk *= ((n - k + 1) / k) * (frac / (1 - frac));
        const sent = Math.min(n * whole + k, remaining);
        if (sent > 0) {
          expected += p * pk * sent;
          scratch[(used + sent) * width + sent] += p * pk * q1 ** sent;
        }
      }
    }
  }
  return expected;
}

/** Retry caps from the rate limit: `low` always, `high` for a `highShare` of payments. */
export interface RetryCaps {
  low: number;
  high: number;
  highShare: number;
}

/** The most retries per payment under the retry behaviour and the rate limit's attempt budget. */
export function retryCaps(retry: RetryBehaviour): RetryCaps {
  if (retry.attemptBudget === null) {
    return { low: retry.maxRetries, high: retry.maxRetries, highShare: 0 };
  }
  const whole = Math.floor(retry.attemptBudget);
  const frac = retry.attemptBudget - whole;
  const low = Math.min(retry.maxRetries, whole - 1);
  const high = Math.min(retry.maxRetries, whole);
  return { low, high, highShare: high > low ? frac : 0 };
}

/**
 * Settles the route loads: failures depend on load, retries on failures, load on attempts. The
 * iteration starts from an idle world and climbs monotonically to the least fixed point, so a
 * weak route plus aggressive retries ends in saturation (a retry storm) while a healthy world
 * stays calm, and the answer is the same bit for bit on every run.
 */
export function solveLoads(scenario: Scenario, plane: ControlPlane): LoadSolution {
  const w = WORLD_MODEL;
  const retry = retryBehaviour(scenario, plane);
  const caps = retryCaps(retry);
  const weights = primaryWeights(plane);
  const health = pathHealth(scenario);
  const capacities = new Float64Array([
    w.routes.capacity[0] *
      (w.degradation.capacityFloor + (1 - w.degradation.capacityFloor) * scenario.processorHealth),
    w.routes.capacity[1],
  ]);
  const declineRate = new Float64Array(ISSUER_COUNT);
  for (let i = 0; i < ISSUER_COUNT; i++) {
    declineRate[i] = 1 - (1 - w.baseDeclineRate[i]) * (1 - scenario.issuerDeclineRate);
  }
  const retryLoadWeight = retry.backoff ? w.retries.backoffLoadWeight : 1;
  const conditions = emptyConditions();
  const expected = new Float64Array(ISSUER_COUNT);
  const scratch = new Float64Array((MAX_RETRIES + 1) * (MAX_RETRIES + 1));
  const retriesFor = (q0: number, q1: number): number => {
    const low = expectedRetriesPerPayment(q0, q1, retry.multiplier, caps.low, scratch);
    if (caps.highShare === 0) return low;
    const high = expectedRetriesPerPayment(q0, q1, retry.multiplier, caps.high, scratch);
    return low + caps.highShare * (high - low);
  };
  // Payments the issuer declines fail on every attempt whatever the load: solve them once.
  const declinedRetries = retriesFor(1, 1);

  let loads = new Float64Array(2);
  let next = new Float64Array(2);
  let iterations = 0;
  for (; iterations < 1000; iterations++) {
    conditionsAt(health, loads, scenario, plane.timeoutMs, retry.backoff, conditions);
    next.fill(0);
    for (let i = 0; i < ISSUER_COUNT; i++) {
      const wp = weights[i];
      const wb = 1 - wp;
      const p = i * 2;
      const b = p + 1;
      const fp0 = attemptFailure(conditions, p, false);
      const fp1 = attemptFailure(conditions, p, true);
      const fb0 = attemptFailure(conditions, b, false);
      const fb1 = attemptFailure(conditions, b, true);
      // A payment is stuck on a route with that route's stuck share, independently per route.
      const sp = wp > 0 ? conditions.stuck[p] : 0;
      const sb = wb > 0 ? conditions.stuck[b] : 0;
      let r = 0;
      for (let stuckP = 0; stuckP < 2; stuckP++) {
        const pP = stuckP === 1 ? sp : 1 - sp;
        if (pP === 0) continue;
        for (let stuckB = 0; stuckB < 2; stuckB++) {
          const pB = stuckB === 1 ? sb : 1 - sb;
          if (pB === 0) continue;
          const q0 = wp * (stuckP === 1 ? 1 : fp0) + wb * (stuckB === 1 ? 1 : fb0);
          const q1 = wp * (stuckP === 1 ? 1 : fp1) + wb * (stuckB === 1 ? 1 : fb1);
          r += pP * pB * retriesFor(q0, q1);
        }
      }
      const retries = declineRate[i] * declinedRetries + (1 - declineRate[i]) * r;
      expected[i] = retries;
      const attempts = w.issuerShares[i] * (1 + retryLoadWeight * retries);
      next[0] += attempts * wp;
      next[1] += attempts * wb;
    }
    next[0] /= capacities[0];
    next[1] /= capacities[1];
    const change = Math.max(Math.abs(next[0] - loads[0]), Math.abs(next[1] - loads[1]));
    [loads, next] = [next, loads];
    if (change < 1e-10) break;
  }
  conditionsAt(health, loads, scenario, plane.timeoutMs, retry.backoff, conditions);
  return {
    loads,
    capacities,
    primaryWeight: weights,
    declineRate,
    expectedRetries: expected,
    retry,
    conditions,
    iterations,
  };
}
