/**
 * The other remedies: notifying a human, doing nothing, damping retries (cap, backoff, rate limit)
 * and raising the timeout, each with the impact the observed window suggests.
 */
import { DEFAULT_CONTROL_PLANE, type MetricsSnapshot, type Pattern } from '../../contracts';
import { overloadedByVolume } from './headroom';
import { peakRouteLoad } from './patterns';
import { HARD_DECLINE_CODES, hardDeclineShare } from './retry-table';
import { latencyExcess, movesOff, type Draft, type PlanInput } from './planner-types';
import { clamp, clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';

/**
 * Share of the payments retries rescue (an upper bound from the aggregates) that a retry cap is
 * assumed to lose: most failures that need several retries are persistent and fail anyway.
 */
export const RESCUE_LOSS = 0.1;

/** A notification to a human on `channel`. */
export function notifyDraft(
  channel: 'on_call' | 'issuer_liaison' | 'incident_channel',
  severity: 'info' | 'warning' | 'critical',
  what: string,
  input: PlanInput,
): Draft {
  const c = input.current;
  const b = input.baseline;
  return {
    type: 'send_notification',
    description: `Notify ${channel.replace('_', ' ')} (${severity}): ${what}`,
    parameters: { channel, severity },
    impact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.05 },
    prerequisites: [`${channel.replace('_', ' ')} reachable`],
    reversible: true,
    rationale: `changes nothing in traffic; puts a human on it with success ${formatPercent(c.successRate)} vs ${formatPercent(b.successRate)} baseline, p99 ${Math.round(c.latency.p99)} vs ${Math.round(b.latency.p99)} ms, retry ratio ${formatPercent(c.retryRatio)} vs ${formatPercent(b.retryRatio)}`,
  };
}

/** Leaving things as they are, with the risk of inaction. */
export function doNothingDraft(pattern: Pattern): Draft {
  // Leaving a real fault alone is itself a risk; leaving noise alone is not.
  const risk = pattern.type === 'noise' ? 0 : round(0.1 + 0.3 * pattern.strength, 4);
  return {
    type: 'do_nothing',
    description:
      pattern.type === 'noise'
        ? 'Keep watching: nothing needs a change'
        : 'Leave the system as it is and keep watching',
    parameters: {},
    impact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: risk },
    prerequisites: [],
    reversible: true,
    rationale:
      pattern.type === 'noise'
        ? 'no significant deviation from baseline'
        : `the ${pattern.type} (strength ${pattern.strength.toFixed(2)}) continues: risk of inaction ${risk.toFixed(2)}`,
  };
}

/** How loudly to notify about a pattern. */
export function severityWord(p: Pattern): 'warning' | 'critical' {
  return p.strength >= 0.7 ? 'critical' : 'warning';
}

/**
 * What retry remedies could win back and lose: excess retries, the load they cause, the deficit,
 * and the payments retries currently rescue. Every retry follows a failed attempt, and every
 * failed payment ends on one, so attempt failures ≈ retry ratio + final failures per attempt;
 * payments rescued by retrying ≈ payment success − attempt success.
 */
function retryPicture(input: PlanInput) {
  const cur = input.current;
  const c = cur.retryRatio;
  const b = input.baseline.retryRatio;
  const excessFrac = c > 0 ? clampUnit((c - b) / c) : 0;
  const peak = peakRouteLoad(cur);
  // Without load figures, assume half the damage from excess retries comes through load.
  const loadShare = peak !== null ? clampUnit((peak.load - 1) / peak.load) : 0.5 * excessFrac;
  const deficit = Math.max(0, input.baseline.successRate - cur.successRate);
  const attempts = cur.totalAttempts ?? cur.totalTransactions + cur.totalRetries;
  const finalFailures =
    attempts > 0 ? ((1 - cur.successRate) * cur.totalTransactions) / attempts : 0;
  const attemptSuccess = clampUnit(1 - c - finalFailures);
  const rescued = Math.max(0, cur.successRate - attemptSuccess);
  // Retries per finally failed payment against the baseline's: above 1 the clients amplify.
  const perFailure = (s: MetricsSnapshot) =>
    s.totalRetries / Math.max(1, (1 - s.successRate) * s.totalTransactions);
  const amplification = perFailure(cur) / Math.max(perFailure(input.baseline), 1e-9);
  return { c, b, excessFrac, peak, loadShare, deficit, rescued, amplification };
}

/** Retries per failure must exceed the baseline's by this factor (5 %) before backoff can help. */
export const AMPLIFIED_RETRIES = 1.05;

/** Share of the window's payments that ended in TIMEOUT. */
function timeoutShare(snapshot: MetricsSnapshot): number {
  return snapshot.errorBreakdown.find((e) => e.code === 'TIMEOUT')?.percentage ?? 0;
}

/**
 * p99 relief of a remedy that removes `removed` of the load-driven trouble. While more than 1 % of
 * payments still time out, the p99 is the timeout itself and does not move: relief needs the
 * timeouts the remedy leaves to fall under 1 %.
 */
function tailRelief(input: PlanInput, removed: number): number {
  const left = timeoutShare(input.current) * (1 - clampUnit(removed));
  if (left > 0.01) return 0;
  return -latencyExcess(input) * clampUnit(removed);
}

/**
 * Retry remedies: a cap, and for load-driven trouble backoff and a rate limit. None when the
 * payments alone fill a route to its capacity: the volume overloads it, so damping the retries
 * cannot bring it under capacity and only loses the payments the retries still rescue.
 */
export function retryDrafts(input: PlanInput, forDeclines: boolean): Draft[] {
  const routes = input.current.routeMetrics ?? [];
  if (routes.some((x) => overloadedByVolume(input.current, input.baseline, x.routeId))) return [];
  const r = retryPicture(input);
  const loadWords =
    r.peak !== null
      ? `peak route load ${r.peak.load.toFixed(2)}× capacity`
      : 'no route load reported';
  const basis = `retry ratio ${formatPercent(r.c)} vs ${formatPercent(r.b)} baseline (${formatPercent(r.excessFrac, { digits: 0 })} of retries are excess), ${loadWords}, success deficit ${formatPercent(r.deficit, { digits: 2 })}, retries rescue ~${formatPercent(r.rescued, { digits: 2 })} of payments`;
  // Cutting retries relieves load but gives up some of the payments retries now rescue;
  // declines are rarely rescued by a retry, so there the relief counts less and the loss too.
  const relief = forDeclines ? 0.3 : 0.7;
  const policyGain = r.deficit * r.loadShare * relief - r.rescued * RESCUE_LOSS;
  const drafts: Draft[] = [
    {
      type: 'adjust_retry_policy',
      description: 'Cap retries at 1 per payment with multiplier 1',
      parameters: { maxRetries: 1, multiplier: 1 },
      impact: {
        successRateChange: policyGain,
        latencyImpact: tailRelief(input, r.loadShare * 0.7),
        costImpact: 0,
        riskLevel: 0.25,
      },
      prerequisites: ['clients honour the platform retry policy'],
      reversible: true,
      rationale: `${basis}; ${formatPercent(r.deficit, { digits: 2 })} × ${formatPercent(r.loadShare, { digits: 0 })} load-driven × ${formatPercent(relief, { digits: 0 })} relief − ${formatPercent(RESCUE_LOSS, { digits: 0 })} of the ≤${formatPercent(r.rescued, { digits: 2 })} rescued = ${formatPercent(policyGain, { digits: 2 })}`,
    },
  ];
  const plane = input.controlPlane ?? DEFAULT_CONTROL_PLANE;
  // Backoff spreads retries out: with backoff already enforced, or retries no more amplified
  // than in a healthy window, there is nothing for it to spread.
  const backoffHelps = !plane.retryPolicy.backoff && r.amplification >= AMPLIFIED_RETRIES;
  if (!forDeclines) {
    const backoffGain = r.deficit * r.loadShare * 0.5;
    const limitGain = r.deficit * r.loadShare * 0.6 - r.rescued * RESCUE_LOSS;
    const backoff: Draft[] = [
      {
        type: 'implement_backoff',
        description: 'Enforce exponential backoff between retries',
        parameters: { enabled: true },
        impact: {
          successRateChange: backoffGain,
          latencyImpact: tailRelief(input, r.loadShare * 0.4),
          costImpact: 0,
          riskLevel: 0.15,
        },
        prerequisites: ['clients honour the platform retry policy'],
        reversible: true,
        rationale: `${basis}; spreads retries out without dropping them, ~50% of the load relief: ${formatPercent(backoffGain, { digits: 2 })}`,
      },
    ];
    if (backoffHelps) drafts.push(...backoff);
    drafts.push({
      type: 'rate_limit',
      description: 'Limit every payment to 2 attempts',
      parameters: { attemptsPerPayment: 2 },
      impact: {
        successRateChange: limitGain,
        latencyImpact: tailRelief(input, r.loadShare * 0.6),
        costImpact: 0,
        riskLevel: 0.3,
      },
      prerequisites: ['rate limiter deployed in front of the routes'],
      reversible: true,
      rationale: `${basis}; a hard cap gives ~60% of the load relief and loses some rescued payments: ${formatPercent(limitGain, { digits: 2 })}`,
    });
  }
  return drafts;
}

/** Raising the timeout to 1.5 × the current p99. */
export function timeoutDraft(input: PlanInput): Draft | null {
  const share = (s: MetricsSnapshot) =>
    s.errorBreakdown.find((e) => e.code === 'TIMEOUT')?.percentage ?? 0;
  // Timeouts on the share a move in force left on its route (the probe) are that route's fault,
  // which the move already answers: a longer timeout only holds those payments longer. When most
  // of them are there, the spike is the probe's and no timeout helps.
  const left = timeoutsOnLeftRoutes(input);
  if (left > PROBE_TIMEOUT_MAJORITY) return null;
  const timeoutExcess = Math.max(0, share(input.current) - share(input.baseline)) * (1 - left);
  const timeoutMs = clamp(Math.round((input.current.latency.p99 * 1.5) / 100) * 100, 50, 60_000);
  const gain = timeoutExcess * 0.6;
  const latency = timeoutExcess >= 0.01 ? (timeoutMs - input.current.latency.p99) * 0.5 : 0;
  return {
    type: 'adjust_timeout',
    description: `Raise the request timeout to ${timeoutMs} ms`,
    parameters: { timeoutMs },
    impact: { successRateChange: gain, latencyImpact: latency, costImpact: 0, riskLevel: 0.3 },
    prerequisites: ['clients tolerate the longer wait'],
    reversible: true,
    rationale: `TIMEOUT share ${formatPercent(share(input.current), { digits: 2 })} vs ${formatPercent(share(input.baseline), { digits: 2 })} baseline; 1.5 × p99 ${Math.round(input.current.latency.p99)} ms = ${timeoutMs} ms; ~60% of the excess timeouts are slow successes: ${formatPercent(gain, { digits: 2 })}, p99 grows toward the new timeout`,
  };
}

/** Above this share of the timeouts on routes a move in force left, a timeout raise is not drafted. */
export const PROBE_TIMEOUT_MAJORITY = 0.5;

/**
 * The share of the window's timed-out attempts that came from routes a shift or failover in force
 * moved the issuer's traffic off, 0–1 (0 when nothing timed out or no move is in force).
 */
export function timeoutsOnLeftRoutes(input: PlanInput): number {
  const moves = input.activeActions ?? [];
  if (moves.length === 0) return 0;
  let all = 0;
  let left = 0;
  for (const row of input.current.issuerMetrics)
    for (const route of row.routes ?? []) {
      const timedOut = route.attemptCount * (route.timeoutShare ?? 0);
      all += timedOut;
      if (moves.some((m) => movesOff(m, row.issuerId, route.routeId))) left += timedOut;
    }
  return all > 0 ? left / all : 0;
}

/** Hard declines must exceed the baseline's share by this much before their retries matter. */
export const HARD_DECLINE_EXCESS = 0.01;

/**
 * Stopping retries of hard declines while soft failures keep their retries; null when the plane
 * already stops them, no retries are allowed, or hard declines are not up on the baseline.
 */
export function hardDeclineDraft(input: PlanInput): Draft | null {
  const plane = input.controlPlane ?? DEFAULT_CONTROL_PLANE;
  const policy = plane.retryPolicy;
  if (policy.retryHardDeclines === false || policy.maxRetries === 0) return null;
  const hardNow = hardDeclineShare(input.current);
  const hardBase = hardDeclineShare(input.baseline);
  if (hardNow < hardBase + HARD_DECLINE_EXCESS || input.current.totalRetries === 0) return null;
  const r = retryPicture(input);
  const failed = Math.max(1e-9, 1 - input.current.successRate);
  // Share of the retries spent on payments a retry cannot save: hard declines among failures.
  const wasted = clampUnit(hardNow / failed);
  const gain = r.deficit * r.loadShare * 0.7 * wasted;
  return {
    type: 'adjust_retry_policy',
    description: `Stop retrying hard declines (${HARD_DECLINE_CODES.join(', ')}); keep retrying soft failures`,
    parameters: {
      maxRetries: policy.maxRetries,
      multiplier: policy.multiplier,
      retryHardDeclines: false,
    },
    impact: {
      successRateChange: gain,
      latencyImpact: tailRelief(input, r.loadShare * 0.7 * wasted),
      costImpact: 0,
      riskLevel: 0.1,
    },
    prerequisites: ['the platform reads the decline code before retrying'],
    reversible: true,
    rationale: `hard declines are ${formatPercent(hardNow, { digits: 2 })} of payments vs ${formatPercent(hardBase, { digits: 2 })} baseline, ~${formatPercent(wasted, { digits: 0 })} of failures: retrying them cannot succeed and only adds load; soft failures keep ${policy.maxRetries} retries; gain ${formatPercent(r.deficit, { digits: 2 })} × ${formatPercent(r.loadShare, { digits: 0 })} load-driven × 70% × ${formatPercent(wasted, { digits: 0 })} = ${formatPercent(gain, { digits: 2 })}`,
  };
}
