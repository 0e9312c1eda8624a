import type { Random } from '../random';
import type { LogBuckets } from './histogram';
import { PATH_COUNT, retryCaps, type LoadSolution } from './load-model';
import { NORMAL_SLOPES, NORMAL_TABLE, NORMAL_TABLE_SIZE } from './normal';
import { R2_STEP, RETRY_DRAWS, SLOT_DRAWS, retryUniform, sequenceShifts } from './paired-draws';
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
  /** Latency histogram of every completed (not timed-out) attempt, one slice of `bucketCount` per path. */
  histogram: Uint32Array;
  /** Attempts that timed out per path: they last exactly the timeout. */
  pathTimeouts: Float64Array;
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

const INV_TWO_POW_32 = 1 / 4294967296;

/** Slots whose blocks one refill of the buffer holds. */
const SLOTS_PER_REFILL = 1024;

/** A seeded window to sample: the slots' generator and the seed of their retry hash and shifts. */
export interface WindowRandomness {
  /** The sfc32 stream of the slots' blocks (SLOT_STREAM of the seed). */
  random: Random;
  seed: number;
  /** Key of the retries' hash (retryKey of the seed). */
  retryKey: number;
}

/**
 * Samples `payments` payments and their retries under a settled load solution, adding every
 * attempt into the counters. Payment slot n reads uniforms 5n…5n+4 of the slots' stream for its
 * first attempt and the hash of (n, attempt) for its retries, so its draws never depend on what
 * other slots did. One pass, typed arrays only, no per-event allocation; latency goes straight
 * to its histogram bucket from the normal draw (log latency is linear in it).
 */
export function sampleWindow(
  solution: LoadSolution,
  timeoutMs: number,
  payments: number,
  randomness: WindowRandomness,
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
  const INSUFFICIENT_FUNDS = CODE.INSUFFICIENT_FUNDS;
  const DO_NOT_HONOR = CODE.DO_NOT_HONOR;
  const paths = PATH_COUNT;
  const c = solution.conditions;
  const nb = buckets.bucketCount;
  const perLog = buckets.bucketsPerLog;
  const logMin = Math.log(buckets.minValue);
  const lastBucket = nb - 1;
  const logTimeout = Math.log(timeoutMs);
  const key = randomness.retryKey;
  const hash = retryUniform;

  // Per-path constants, laid out for the loop.
  const stuck = new Float64Array(PATH_COUNT);
  const tailShare = new Float64Array(PATH_COUNT);
  const invTail = new Float64Array(PATH_COUNT);
  const invBody = new Float64Array(PATH_COUNT);
  const bodyBase = new Float64Array(PATH_COUNT);
  const tailBase = new Float64Array(PATH_COUNT);
  const bodyLimit = new Float64Array(PATH_COUNT);
  const tailLimit = new Float64Array(PATH_COUNT);
  // Cumulative outcome thresholds: shed at admission → PAYMENT_FAILED, accepted but queued past
  // the timeout → TIMEOUT, transient → ISSUER_UNAVAILABLE or PAYMENT_FAILED (half each);
  // [first attempt, retry] × path × 4.
  const thresholds = new Float64Array(2 * PATH_COUNT * 4);
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
      const queued = retry === 0 ? c.queueTimeoutFirst[path] : c.queueTimeoutRetry[path];
      const shed = retry === 0 ? c.shedFirst[path] : c.shedRetry[path];
      const transient = retry === 0 ? c.transientFirst[path] : c.transientRetry[path];
      const at = (retry * PATH_COUNT + path) * 4;
      const overloaded = shed + (1 - shed) * queued;
      thresholds[at] = shed;
      thresholds[at + 1] = overloaded;
      thresholds[at + 2] = overloaded + (1 - overloaded) * transient * 0.5;
      thresholds[at + 3] = overloaded + (1 - overloaded) * transient;
    }
  }
  const bodyScale = w.latencySigma * perLog;
  const tailScale = w.tailSigma * perLog;
  const stuckTimeout = w.degradation.stuckTimeoutShare;
  const invStuckRest = 1 / (1 - stuckTimeout);

  // Per-issuer constants and the R2 sequences' positions.
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
  const seq = sequenceShifts(randomness.seed, ISSUER_COUNT);
  const step0 = R2_STEP[0];
  const step1 = R2_STEP[1];

  // Retry behaviour.
  const retry = solution.retry;
  const maxRetries = retry.maxRetries;
  const whole = Math.floor(retry.multiplier);
  const frac = retry.multiplier - whole;
  const caps = retryCaps(retry);
  const capLow = caps.low;
  const capHigh = caps.high;
  const highShare = caps.highShare;
  const retryHard = retry.retryHardDeclines;

  const counters: WindowCounters = {
    histogram: new Uint32Array(PATH_COUNT * nb),
    pathTimeouts: new Float64Array(PATH_COUNT),
    pathAttempts: new Float64Array(PATH_COUNT),
    pathFailures: new Float64Array(PATH_COUNT),
    pathPayments: new Float64Array(PATH_COUNT),
    issuerPayments: new Float64Array(ISSUER_COUNT),
    issuerApproved: new Float64Array(ISSUER_COUNT),
    issuerRetries: new Float64Array(ISSUER_COUNT),
    issuerCodes: new Float64Array(ISSUER_COUNT * CODE_COUNT),
  };
  const hist = counters.histogram;
  const pathTimeouts = counters.pathTimeouts;
  const pathAttempts = counters.pathAttempts;
  const pathFailures = counters.pathFailures;
  const pathPayments = counters.pathPayments;
  const issuerApproved = counters.issuerApproved;
  const issuerRetries = counters.issuerRetries;
  const issuerCodes = counters.issuerCodes;
  const issuerPayments = counters.issuerPayments;

  const bufferSize = SLOTS_PER_REFILL * SLOT_DRAWS;
  const buffer = new Float64Array(bufferSize);
  let pos = bufferSize;

  for (let n = 0; n < payments; n++) {
    if (pos === bufferSize) {
      randomness.random.fillUniform(buffer);
      pos = 0;
    }
    const u0 = buffer[pos];
    const issuer = u0 < cut0 ? 0 : u0 < cut1 ? 1 : u0 < cut2 ? 2 : 3;
    const ud = buffer[pos + 1];
    const declineCode =
      ud < declineRate[issuer]
        ? ud < insufficientCut[issuer]
          ? CODE.INSUFFICIENT_FUNDS
          : CODE.DO_NOT_HONOR
        : -1;
    const cap = buffer[pos + 2] < highShare ? capHigh : capLow;
    let uLatency = buffer[pos + 3];
    let uOutcome = buffer[pos + 4];
    pos += SLOT_DRAWS;
    // The issuer's next point of its R2 sequence: route, stuck (on the backup shifted again).
    const q = issuer * 3;
    const x0 = (seq[q] + step0) | 0;
    const x1 = (seq[q + 1] + step1) | 0;
    seq[q] = x0;
    seq[q + 1] = x1;
    const r0 = (x0 >>> 0) * INV_TWO_POW_32;
    // A payment keeps its route for every retry: the router picks once per payment.
    const path = issuer * 2 + (r0 < primaryWeight[issuer] ? 0 : 1);
    const stuckDraw = (path & 1) === 0 ? x1 : (x1 + seq[q + 2]) | 0;
    const isStuck = (stuckDraw >>> 0) * INV_TWO_POW_32 < stuck[path];
    const offset = path * nb;
    pathPayments[path]++;
    let roundSize = 1;
    let used = 0;
    let attempt = 0;
    let approved = false;
    let failed = 0;
    let lastCode = 0;
    let retryRound = 0;
    let hardFailures = 0;
    for (;;) {
      let failures = 0;
      for (let a = 0; a < roundSize; a++) {
        if (attempt > 0) {
          uLatency = hash(key, n, attempt * RETRY_DRAWS);
          uOutcome = hash(key, n, attempt * RETRY_DRAWS + 1);
        }
        attempt++;
        let code = -1;
        let u = uLatency;
        if (isStuck) {
          if (u < stuckTimeout) {
            code = TIMEOUT;
          } else {
            // The rest of the same uniform draws the error's latency: still uniform on [0, 1).
            u = (u - stuckTimeout) * invStuckRest;
            code = ISSUER_UNAVAILABLE;
          }
        }
        let bucket = -1;
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
            code = TIMEOUT;
          } else {
            bucket = (base + scale * z) | 0;
            if (bucket < 0) bucket = 0;
            else if (bucket > lastBucket) bucket = lastBucket;
          }
        }
        if (code < 0) {
          const at = (retryRound * paths + path) * 4;
          const v = uOutcome;
          if (v < thresholds[at]) code = PAYMENT_FAILED;
          else if (v < thresholds[at + 1]) code = TIMEOUT;
          else if (v < thresholds[at + 2]) code = ISSUER_UNAVAILABLE;
          else if (v < thresholds[at + 3]) code = PAYMENT_FAILED;
          else code = declineCode;
        }
        if (code === TIMEOUT) pathTimeouts[path]++;
        else hist[offset + bucket]++;
        if (code < 0) {
          approved = true;
        } else {
          failures++;
          lastCode = code;
          if (!retryHard && (code === INSUFFICIENT_FUNDS || code === DO_NOT_HONOR)) hardFailures++;
        }
      }
      failed += failures;
      if (approved) break;
      // Each failed attempt asks for `multiplier` retries; the policy and the budget cap them. A
      // hard decline asks for none when the policy stops retrying them.
      const retryable = failures - hardFailures;
      hardFailures = 0;
      let wanted = retryable * whole;
      if (frac > 0) {
        const first = attempt - roundSize;
        for (let f = 0; f < retryable; f++) {
          if (hash(key, n, (first + f) * RETRY_DRAWS + 2) < frac) wanted++;
        }
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
    pathAttempts[path] += attempt;
    pathFailures[path] += failed;
    issuerPayments[issuer]++;
    issuerRetries[issuer] += used;
    if (approved) issuerApproved[issuer]++;
    else issuerCodes[issuer * CODE_COUNT + lastCode]++;
  }
  return counters;
}
