import type { ControlPlane, IssuerId, RouteId, Scenario } from '../../contracts';
import { ISSUER_IDS } from '../../contracts';
import { normalCdf } from './normal';
import { MAX_RETRIES, retriesUnder, retryCaps } from './retries';
import {
  ISSUER_COUNT,
  WORLD_MODEL,
  primaryWeights,
  retryBehaviour,
  type RetryBehaviour,
} from './world-model';

export { expectedRetriesPerPayment, retryCaps, type RetryCaps } from './retries';

/** Number of (issuer, route) paths; path index = issuer index × 2 + route index. */
export const PATH_COUNT = ISSUER_COUNT * 2;

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
  /** Share of first attempts and of retries an overloaded route accepts but queues past the timeout. */
  queueTimeoutFirst: Float64Array;
  queueTimeoutRetry: Float64Array;
  /** Share of first attempts and of retries shed by an overloaded route. */
  shedFirst: Float64Array;
  shedRetry: Float64Array;
  /** Transient failure probability of first attempts and of retries. */
  transientFirst: Float64Array;
  transientRetry: Float64Array;
}

/**
 * What a window inherits from the one before: the route loads it ended at (where the load
 * iteration starts) and the retry load that spilled over, in attempts per path.
 */
export interface CarriedLoad {
  routeLoad: readonly number[];
  retryBacklog: readonly number[];
}

/** The settled state of a window: route loads and the conditions they produce. */
export interface LoadSolution {
  /** Attempts relative to nominal capacity, per route (primary, backup). */
  loads: Float64Array;
  /** Capacity of each route in attempts per window. */
  capacities: Float64Array;
  /** Share of each issuer's payments sent to the primary route. */
  primaryWeight: Float64Array;
  /** Share of each issuer's payments the issuer itself declines. */
  declineRate: Float64Array;
  /** Expected retries per payment of each issuer. */
  expectedRetries: Float64Array;
  /** Retry load this window hands to the next one, in attempts per path. */
  backlogOut: Float64Array;
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
    queueTimeoutFirst: new Float64Array(PATH_COUNT),
    queueTimeoutRetry: new Float64Array(PATH_COUNT),
    shedFirst: new Float64Array(PATH_COUNT),
    shedRetry: new Float64Array(PATH_COUNT),
    transientFirst: new Float64Array(PATH_COUNT),
    transientRetry: new Float64Array(PATH_COUNT),
  };
}

/**
 * Health of each path: the primary carries the issuer's and the primary processor's faults, the
 * backup the backup processor's, and each the scenario's per-route health of that issuer.
 */
export function pathHealth(scenario: Scenario): Float64Array {
  const health = new Float64Array(PATH_COUNT);
  const backupProcessor = scenario.backupProcessorHealth ?? 1;
  ISSUER_IDS.forEach((issuerId, i) => {
    const route = scenario.routeHealth?.[issuerId];
    health[i * 2] =
      scenario.issuerHealth[issuerId] * scenario.processorHealth * (route?.primary ?? 1);
    health[i * 2 + 1] = backupProcessor * (route?.backup ?? 1);
  });
  return health;
}

/** Health of one issuer's path over one route, as pathHealth lays the paths out. */
export function pathHealthOf(scenario: Scenario, issuerId: IssuerId, routeId: RouteId): number {
  const path = ISSUER_IDS.indexOf(issuerId) * 2 + (routeId === 'primary' ? 0 : 1);
  return pathHealth(scenario)[path] ?? 1;
}

/** Share of each issuer's payments declined by the issuer: its base rate, the surge, its own surge. */
export function declineRates(scenario: Scenario): Float64Array {
  const rates = new Float64Array(ISSUER_COUNT);
  ISSUER_IDS.forEach((issuerId, i) => {
    const own = scenario.issuerDeclineRates?.[issuerId] ?? 0;
    rates[i] =
      1 - (1 - WORLD_MODEL.baseDeclineRate[i]) * (1 - scenario.issuerDeclineRate) * (1 - own);
  });
  return rates;
}

/** Capacity of each route in attempts per window; a sick processor keeps only part of it. */
function routeCapacities(scenario: Scenario): Float64Array {
  const { capacityPerWindow } = WORLD_MODEL.routes;
  const floor = WORLD_MODEL.degradation.capacityFloor;
  const keep = (health: number) => floor + (1 - floor) * health;
  return new Float64Array([
    capacityPerWindow[0] * keep(scenario.processorHealth),
    capacityPerWindow[1] * keep(scenario.backupProcessorHealth ?? 1),
  ]);
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
    const queued =
      load > 1 ? Math.min(w.load.maxQueueTimeout, w.load.queueTimeoutPerOverload * (load - 1)) : 0;
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
    out.queueTimeoutFirst[path] = queued;
    out.queueTimeoutRetry[path] = queued * retryFactor;
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
  const queued = retry ? c.queueTimeoutRetry[path] : c.queueTimeoutFirst[path];
  return 1 - (1 - c.timeoutProbability[path]) * (1 - queued) * (1 - shed) * (1 - transient);
}

/**
 * Settles the route loads of one window: failures depend on load, retries on failures, load on
 * attempts. A payment keeps the route it was sent to for all its retries. Without `carried`
 * the world is idle and calm: the iteration climbs from zero load to the least fixed point, and
 * the retry load the window spills equals the load it inherits. With `carried` the iteration
 * starts at the loads the last window ended at and adds the retries it left waiting, so a
 * saturated world settles at the upper fixed point when one exists (a storm that feeds itself)
 * while a fresh one stays at the lower. Either way the answer is the same bit for bit every run.
 */
export function solveLoads(
  scenario: Scenario,
  plane: ControlPlane,
  carried?: CarriedLoad,
): LoadSolution {
  const w = WORLD_MODEL;
  const retry = retryBehaviour(scenario, plane);
  const caps = retryCaps(retry);
  const weights = primaryWeights(plane);
  const health = pathHealth(scenario);
  const capacities = routeCapacities(scenario);
  const declineRate = declineRates(scenario);
  const retryLoadWeight = retry.backoff ? w.retries.backoffLoadWeight : 1;
  const spill = retry.backoff ? w.retries.backoffSpillShare : w.retries.spillShare;
  // Retry load sent within the window: all of it for a calm world in balance, the rest of the
  // spill for a world that carries its backlog explicitly.
  const ownRetryShare = carried === undefined ? 1 : 1 - spill;
  const volume = scenario.trafficVolume;
  const conditions = emptyConditions();
  const expected = new Float64Array(ISSUER_COUNT);
  const pathRetries = new Float64Array(PATH_COUNT);
  const backlogOut = new Float64Array(PATH_COUNT);
  const scratch = new Float64Array((MAX_RETRIES + 1) * (MAX_RETRIES + 1));
  // Payments that fail on every attempt (declined or stuck) whatever the load: solve them once.
  const hopelessRetries = retriesUnder(retry, caps, 1, 1, scratch);

  let loads = new Float64Array(2);
  if (carried !== undefined) {
    loads[0] = carried.routeLoad[0] ?? 0;
    loads[1] = carried.routeLoad[1] ?? 0;
  }
  let next = new Float64Array(2);
  let iterations = 0;
  for (; iterations < 1000; iterations++) {
    conditionsAt(health, loads, scenario, plane.timeoutMs, retry.backoff, conditions);
    next.fill(0);
    for (let path = 0; path < PATH_COUNT; path++) {
      const i = path >> 1;
      const route = path & 1;
      const weight = route === 0 ? weights[i] : 1 - weights[i];
      if (weight <= 0) {
        pathRetries[path] = 0;
        next[route] += carried?.retryBacklog[path] ?? 0;
        continue;
      }
      const s = conditions.stuck[path];
      const free = retriesUnder(
        retry,
        caps,
        attemptFailure(conditions, path, false),
        attemptFailure(conditions, path, true),
        scratch,
      );
      const d = declineRate[i];
      // A hard decline ends a payment's retries when the policy stops retrying them, so a
      // declined payment that is not stuck retries like one the issuer would approve.
      const retries = retry.retryHardDeclines
        ? (d + (1 - d) * s) * hopelessRetries + (1 - d) * (1 - s) * free
        : s * hopelessRetries + (1 - s) * free;
      pathRetries[path] = retries;
      const payments = volume * w.issuerShares[i] * weight;
      next[route] +=
        payments * (1 + ownRetryShare * retryLoadWeight * retries) +
        (carried?.retryBacklog[path] ?? 0);
    }
    next[0] /= capacities[0];
    next[1] /= capacities[1];
    const change = Math.max(Math.abs(next[0] - loads[0]), Math.abs(next[1] - loads[1]));
    [loads, next] = [next, loads];
    if (change < 1e-10) break;
  }
  conditionsAt(health, loads, scenario, plane.timeoutMs, retry.backoff, conditions);
  for (let i = 0; i < ISSUER_COUNT; i++) {
    expected[i] = weights[i] * pathRetries[i * 2] + (1 - weights[i]) * pathRetries[i * 2 + 1];
  }
  for (let path = 0; path < PATH_COUNT; path++) {
    const i = path >> 1;
    const weight = (path & 1) === 0 ? weights[i] : 1 - weights[i];
    backlogOut[path] =
      volume * w.issuerShares[i] * weight * spill * retryLoadWeight * pathRetries[path];
  }
  return {
    loads,
    capacities,
    primaryWeight: weights,
    declineRate,
    expectedRetries: expected,
    backlogOut,
    retry,
    conditions,
    iterations,
  };
}
