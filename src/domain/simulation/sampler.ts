import type { Random } from '../random';
import type { LogBuckets } from './histogram';
import { PATH_COUNT, retryCaps, type LoadSolution } from './load-model';
import { NORMAL_SLOPES, NORMAL_TABLE, NORMAL_TABLE_SIZE } from './normal';
import { ISSUER_COUNT, WORLD_MODEL } from './world-model';

/** Index of each error code in the counters, in KNOWN_ERROR_CODES order. */
export const CODE = {
  TIMEOUT: 0,
  ISSUER_UNAVAILABLE: 1,
  PAYMENT_FAILED: 2,
  INSUFFICIENT_FUNDS: 3,
  DO_NOT_HONOR: 4,
  RATE_LIMITED: 5,
} as const;

/** Number of error codes the sampler counts. */
export const CODE_COUNT = 6;

/** The streaming totals of one window; memory depends on the bucket layout, never on events. */
export interface WindowCounters {
  /** Latency histogram of every attempt, one slice of `bucketCount` per path. */
  histogram: Uint32Array;
  /** Attempts, failed attempts and first attempts (payments) per path. */
  pathAttempts: Float64Array;
  pathFailures: Float64Array;
  pathPayments: Float64Array;
  /** Payments, approved payments and retries per issuer. */
  issuerPayments: Float64Array;
  issuerApproved: Float64Array;
  issuerRetries: Float64Array;
  /** Failed payments per issuer and final error code (issuer × CODE_COUNT + code). */
  issuerCodes: Float64Array;
}

/** Uniforms drawn per refill of the sampler's buffer. */
const BUFFER_SIZE = 4096;
/**
 * Upper bound of the uniforms one payment draws: 3 for the payment, at most 4 per attempt
 * (route, stuck, latency, outcome) for 11 attempts, and one per failed attempt for the
 * fractional multiplier. The buffer is refilled before any payment that might run short.
 */
const MAX_DRAWS_PER_PAYMENT = 3 + 4 * 11 + 11;

/**
 * Samples `payments` payments and their retries under a settled load solution, adding every
 * attempt into the counters. One pass, typed arrays only, no per-event allocation: uniforms come
 * from a buffer the seeded generator refills, normals from a lookup table, and latency goes
 * straight to its histogram bucket from the normal draw (log latency is linear in it).
 */
export function sampleWindow(
  solution: LoadSolution,
  timeoutMs: number,
  payments: number,
  random: Random,
  buckets: LogBuckets,
): WindowCounters {
  // Imported bindings copied to locals: some module loaders turn them into getters, which cost
  // a call per read in the hot loop.
  const w = WORLD_MODEL;
  const table = NORMAL_TABLE;
  const slopes = NORMAL_SLOPES;
  const TIMEOUT = CODE.TIMEOUT;
  const ISSUER_UNAVAILABLE = CODE.ISSUER_UNAVAILABLE;
  const PAYMENT_FAILED = CODE.PAYMENT_FAILED;
  const RATE_LIMITED = CODE.RATE_LIMITED;
  const paths = PATH_COUNT;
  const c = solution.conditions;
  const nb = buckets.bucketCount;
  const perLog = buckets.bucketsPerLog;
  const logMin = Math.log(buckets.minValue);
  const lastBucket = nb - 1;
  const timeoutBucket = Math.min(
    lastBucket,
    Math.max(0, Math.floor((Math.log(timeoutMs) - logMin) * perLog)),
  );
  const logTimeout = Math.log(timeoutMs);

  // Per-path constants, laid out for the loop.
  const stuck = new Float64Array(PATH_COUNT);
  const tailShare = new Float64Array(PATH_COUNT);
  const invTail = new Float64Array(PATH_COUNT);
  const invBody = new Float64Array(PATH_COUNT);
  const bodyBase = new Float64Array(PATH_COUNT);
  const tailBase = new Float64Array(PATH_COUNT);
  const bodyLimit = new Float64Array(PATH_COUNT);
  const tailLimit = new Float64Array(PATH_COUNT);
  // Cumulative outcome thresholds: shed → PAYMENT_FAILED, transient → ISSUER_UNAVAILABLE or
  // PAYMENT_FAILED (half each); [first attempt, retry] × path × 3.
  const thresholds = new Float64Array(2 * PATH_COUNT * 3);
  for (let path = 0; path < PATH_COUNT; path++) {
    stuck[path] = c.stuck[path];
    const ts = c.tailShare[path];
    tailShare[path] = ts;
    invTail[path] = ts > 0 ? NORMAL_TABLE_SIZE / ts : 0;
    invBody[path] = NORMAL_TABLE_SIZE / (1 - ts);
    bodyBase[path] = (c.logMedianBody[path] - logMin) * perLog;
    tailBase[path] = (c.logMedianTail[path] - logMin) * perLog;
    bodyLimit[path] = (logTimeout - c.logMedianBody[path]) / w.latencySigma;
    tailLimit[path] = (logTimeout - c.logMedianTail[path]) / w.tailSigma;
    for (let retry = 0; retry < 2; retry++) {
      const shed = retry === 0 ? c.shedFirst[path] : c.shedRetry[path];
      const transient = retry === 0 ? c.transientFirst[path] : c.transientRetry[path];
      const at = (retry * PATH_COUNT + path) * 3;
      thresholds[at] = shed;
      thresholds[at + 1] = shed + (1 - shed) * transient * 0.5;
      thresholds[at + 2] = shed + (1 - shed) * transient;
    }
  }
  const bodyScale = w.latencySigma * perLog;
  const tailScale = w.tailSigma * perLog;
  const stuckTimeout = w.degradation.stuckTimeoutShare;
  const invStuckRest = 1 / (1 - stuckTimeout);

  // Per-issuer constants.
  const shares = w.issuerShares;
  const cut0 = shares[0];
  const cut1 = cut0 + shares[1];
  const cut2 = cut1 + shares[2];
  const declineRate = solution.declineRate;
  const insufficientCut = new Float64Array(ISSUER_COUNT);
  for (let i = 0; i < ISSUER_COUNT; i++) {
    insufficientCut[i] = declineRate[i] * w.insufficientFundsShare;
  }
  const primaryWeight = solution.primaryWeight;

  // Retry behaviour.
  const retry = solution.retry;
  const maxRetries = retry.maxRetries;
  const whole = Math.floor(retry.multiplier);
  const frac = retry.multiplier - whole;
  const caps = retryCaps(retry);

  const counters: WindowCounters = {
    histogram: new Uint32Array(PATH_COUNT * nb),
    pathAttempts: new Float64Array(PATH_COUNT),
    pathFailures: new Float64Array(PATH_COUNT),
    pathPayments: new Float64Array(PATH_COUNT),
    issuerPayments: new Float64Array(ISSUER_COUNT),
    issuerApproved: new Float64Array(ISSUER_COUNT),
    issuerRetries: new Float64Array(ISSUER_COUNT),
    issuerCodes: new Float64Array(ISSUER_COUNT * CODE_COUNT),
  };
  const hist = counters.histogram;
  const pathAttempts = counters.pathAttempts;
  const pathFailures = counters.pathFailures;
  const pathPayments = counters.pathPayments;
  const issuerApproved = counters.issuerApproved;
  const issuerRetries = counters.issuerRetries;
  const issuerCodes = counters.issuerCodes;
  const issuerPayments = counters.issuerPayments;

  const buffer = new Float64Array(BUFFER_SIZE);
  random.fillUniform(buffer);
  let pos = 0;
  const refillAt = BUFFER_SIZE - MAX_DRAWS_PER_PAYMENT;

  for (let n = 0; n < payments; n++) {
    // Unused uniforms at the end of the buffer are skipped: deterministic, and no branch per draw.
    if (pos > refillAt) {
      random.fillUniform(buffer);
      pos = 0;
    }
    let u = buffer[pos++];
    const issuer = u < cut0 ? 0 : u < cut1 ? 1 : u < cut2 ? 2 : 3;
    u = buffer[pos++];
    const declineCode =
      u < declineRate[issuer]
        ? u < insufficientCut[issuer]
          ? CODE.INSUFFICIENT_FUNDS
          : CODE.DO_NOT_HONOR
        : -1;
    let cap = caps.low;
    if (caps.highShare > 0 && buffer[pos++] < caps.highShare) cap = caps.high;
    const wp = primaryWeight[issuer];
    const firstPath = issuer * 2;
    // Whether this payment is stuck on each route: 0 not yet known, 1 no, 2 yes.
    let stuckPrimary = 0;
    let stuckBackup = 0;
    let roundSize = 1;
    let used = 0;
    let approved = false;
    let lastCode = 0;
    let retryRound = 0;
    for (;;) {
      let failures = 0;
      for (let a = 0; a < roundSize; a++) {
        let path = firstPath;
        if (wp < 1 && (wp <= 0 || buffer[pos++] >= wp)) path++;
        if (used === 0) pathPayments[path]++;
        pathAttempts[path]++;
        let code = -1;
        let isStuck = false;
        const s = stuck[path];
        if (s > 0) {
          if ((path & 1) === 0) {
            if (stuckPrimary === 0) stuckPrimary = buffer[pos++] < s ? 2 : 1;
            isStuck = stuckPrimary === 2;
          } else {
            if (stuckBackup === 0) stuckBackup = buffer[pos++] < s ? 2 : 1;
            isStuck = stuckBackup === 2;
          }
        }
        const offset = path * nb;
        u = buffer[pos++];
        if (isStuck) {
          if (u < stuckTimeout) {
            hist[offset + timeoutBucket]++;
            code = TIMEOUT;
          } else {
            // The rest of the same uniform draws the error's latency: still uniform on [0, 1).
            u = (u - stuckTimeout) * invStuckRest;
            code = ISSUER_UNAVAILABLE;
          }
        }
        if (code !== TIMEOUT) {
          const ts = tailShare[path];
          let x: number;
          let base: number;
          let scale: number;
          let limit: number;
          if (u < ts) {
            x = u * invTail[path];
            base = tailBase[path];
            scale = tailScale;
            limit = tailLimit[path];
          } else {
            x = (u - ts) * invBody[path];
            base = bodyBase[path];
            scale = bodyScale;
            limit = bodyLimit[path];
          }
          const k = x | 0;
          const z = table[k] + slopes[k] * (x - k);
          if (z > limit) {
            hist[offset + timeoutBucket]++;
            code = TIMEOUT;
          } else {
            let bucket = (base + scale * z) | 0;
            if (bucket < 0) bucket = 0;
            else if (bucket > lastBucket) bucket = lastBucket;
            hist[offset + bucket]++;
          }
        }
        if (code < 0) {
          const at = (retryRound * paths + path) * 3;
          const v = buffer[pos++];
          if (v < thresholds[at]) code = PAYMENT_FAILED;
          else if (v < thresholds[at + 1]) code = ISSUER_UNAVAILABLE;
          else if (v < thresholds[at + 2]) code = PAYMENT_FAILED;
          else code = declineCode;
        }
        if (code < 0) {
          approved = true;
        } else {
          failures++;
          pathFailures[path]++;
          lastCode = code;
        }
      }
      if (approved) break;
      // Each failed attempt asks for `multiplier` retries; the policy and the budget cap them.
      let wanted = failures * whole;
      if (frac > 0) {
        for (let f = 0; f < failures; f++) if (buffer[pos++] < frac) wanted++;
      }
      if (wanted > maxRetries - used) wanted = maxRetries - used;
      if (wanted <= 0) break;
      const allowed = wanted < cap - used ? wanted : cap - used;
      if (allowed <= 0) {
        lastCode = RATE_LIMITED;
        break;
      }
      roundSize = allowed;
      used += allowed;
      retryRound = 1;
    }
    issuerPayments[issuer]++;
    issuerRetries[issuer] += used;
    if (approved) issuerApproved[issuer]++;
    else issuerCodes[issuer * CODE_COUNT + lastCode]++;
  }
  return counters;
}
