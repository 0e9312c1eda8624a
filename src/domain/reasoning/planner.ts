/**
 * Action planning: concrete proposals with impact estimates computed from the observed metrics
 * only (the agent never sees the simulator). The estimates are deliberately simple, stated in each
 * proposal's rationale, and corrected by experience (see learning.ts).
 */
import {
  ACTION_CATEGORY,
  type ActionParameters,
  type ActionProposal,
  type ActionType,
  type EstimatedImpact,
  type IssuerMetrics,
  type LearningContext,
  type MetricsSnapshot,
  type Pattern,
  type PatternType,
  type RouteId,
  type RouteMetrics,
} from '../../contracts';
import { correctEstimate, correctRisk, experienceFor } from './learning';
import { peakRouteLoad, type DegradedIssuer, type PatternAnalysis } from './patterns';
import { clamp, clamp01, fnv1a, normalCdf, pct, round } from '../statistics';

/** The agent's price list: the backup route costs this much more per payment than the primary. */
export const BACKUP_COST_PREMIUM = 0.3;
/** The agent's prior for an unobserved backup route: this much slower than the issuer's healthy p99. */
export const BACKUP_LATENCY_FACTOR = 1.1;
/** Fewest attempts on a route before its observed health is trusted over the prior. */
export const MIN_ROUTE_SAMPLE = 30;
/** Largest share of an issuer's traffic one shift moves (the guardrails' cap). */
export const MAX_SHIFT = 0.5;
/**
 * Share of the payments retries rescue (an upper bound from the aggregates) that a retry cap is
 * assumed to lose: most failures that need several retries are persistent and fail anyway.
 */
export const RESCUE_LOSS = 0.1;
/** Most proposals returned (the contract's bound). */
export const MAX_PROPOSALS = 50;

/** A proposal and the pattern it answers. */
export interface PlannedProposal {
  proposal: ActionProposal;
  pattern: PatternType;
}

/** Everything the planner reads. */
export interface PlanInput {
  current: MetricsSnapshot;
  baseline: MetricsSnapshot;
  analysis: PatternAnalysis;
  learning: LearningContext;
  now: number;
}

/** Deterministic action id from the time, the type and the parameters (no randomness). */
export function actionId(now: number, type: ActionType, parameters: ActionParameters): string {
  const canonical = JSON.stringify(
    Object.keys(parameters)
      .sort()
      .map((k) => [k, parameters[k]]),
  );
  return `action_${type}_${now}_${fnv1a(canonical)}`;
}

interface Draft {
  type: ActionType;
  description: string;
  parameters: ActionParameters;
  impact: EstimatedImpact;
  prerequisites: string[];
  reversible: boolean;
  rationale: string;
}

function finish(draft: Draft, pattern: PatternType, input: PlanInput): PlannedProposal {
  const experience = experienceFor(input.learning, pattern, draft.type);
  const raw = draft.impact.successRateChange;
  const corrected = correctEstimate(raw, experience);
  const risk = correctRisk(draft.impact.riskLevel, experience);
  let rationale = draft.rationale;
  if (experience !== null)
    rationale += `; learned from ${experience.count} past outcome(s) for ${pattern}: mean improvement ${pct(experience.meanImprovement, 2)}, estimate ${pct(raw, 2)} → ${pct(corrected, 2)} (weight ${experience.weight.toFixed(2)}), risk ${draft.impact.riskLevel.toFixed(2)} → ${risk.toFixed(2)}`;
  return {
    pattern,
    proposal: {
      id: actionId(input.now, draft.type, draft.parameters),
      category: ACTION_CATEGORY[draft.type],
      type: draft.type,
      description: draft.description.slice(0, 2000),
      parameters: draft.parameters,
      estimatedImpact: {
        successRateChange: round(clamp(corrected, -1, 1), 6),
        latencyImpact: round(clamp(draft.impact.latencyImpact, -600_000, 600_000), 2),
        costImpact: round(clamp01(draft.impact.costImpact), 6),
        riskLevel: round(clamp01(risk), 4),
      },
      prerequisites: draft.prerequisites.map((p) => p.slice(0, 2000)),
      reversible: draft.reversible,
      rationale: rationale.slice(0, 2000),
      learnedFrom: experience?.count ?? 0,
    },
  };
}

/** Observed health of one route, for one issuer if it has enough traffic there, else system-wide. */
interface RouteHealth {
  successRate: number;
  p99: number;
  observed: 'issuer' | 'system' | 'prior';
  load?: number;
}

function routeOf(routes: readonly RouteMetrics[] | undefined, id: RouteId) {
  return routes?.find((r) => r.routeId === id);
}

function otherRoute(id: RouteId): RouteId {
  return id === 'primary' ? 'backup' : 'primary';
}

/**
 * Route success rates count attempts, issuer success rates count payments (retries rescue some
 * failed attempts). Converts a route's attempt success to payment success with the ratio of
 * payment failures to attempt failures seen in the same scope.
 */
function paymentRatio(routes: readonly RouteMetrics[] | undefined, paymentSuccess: number): number {
  let attempts = 0;
  let failed = 0;
  for (const r of routes ?? []) {
    attempts += r.attemptCount;
    failed += (1 - r.successRate) * r.attemptCount;
  }
  const attemptFail = attempts > 0 ? failed / attempts : 0;
  return attemptFail > 0 ? clamp01((1 - paymentSuccess) / attemptFail) : 1;
}

function toPayment(routeSuccess: number, ratio: number): number {
  return clamp01(1 - (1 - routeSuccess) * ratio);
}

function targetHealth(
  d: { current: IssuerMetrics; baseline: IssuerMetrics },
  to: RouteId,
  snapshot: MetricsSnapshot,
  issuerSide: boolean,
  from: RouteHealth,
): RouteHealth {
  const own = routeOf(d.current.routes, to);
  if (own && own.attemptCount >= MIN_ROUTE_SAMPLE)
    return {
      successRate: toPayment(
        own.successRate,
        paymentRatio(d.current.routes, d.current.successRate),
      ),
      p99: own.latency.p99,
      observed: 'issuer',
      ...(own.load !== undefined ? { load: own.load } : {}),
    };
  const sys = routeOf(snapshot.routeMetrics, to);
  if (sys && sys.attemptCount >= MIN_ROUTE_SAMPLE && !issuerSide)
    return {
      successRate: toPayment(
        sys.successRate,
        paymentRatio(snapshot.routeMetrics, snapshot.successRate),
      ),
      p99: sys.latency.p99,
      observed: 'system',
      ...(sys.load !== undefined ? { load: sys.load } : {}),
    };
  // Unobserved: an issuer-side fault follows the payment to any route; a route fault does not.
  if (issuerSide) return { successRate: from.successRate, p99: from.p99, observed: 'prior' };
  return {
    successRate: d.baseline.successRate,
    p99: d.baseline.latency.p99 * BACKUP_LATENCY_FACTOR,
    observed: 'prior',
  };
}

function sourceHealth(d: { current: IssuerMetrics }, from: RouteId): RouteHealth {
  const r = routeOf(d.current.routes, from);
  const active = (d.current.routes ?? []).filter((x) => x.attemptCount > 0);
  if (r && r.attemptCount > 0 && active.length > 1)
    return {
      successRate: toPayment(r.successRate, paymentRatio(d.current.routes, d.current.successRate)),
      p99: r.latency.p99,
      observed: 'issuer',
    };
  return { successRate: d.current.successRate, p99: d.current.latency.p99, observed: 'issuer' };
}

function latencyExcess(input: PlanInput): number {
  return Math.max(0, input.current.latency.p99 - input.baseline.latency.p99);
}

const Z_99 = 2.3263478740408408;

/** Share of an issuer's payments slower than `threshold`, from a log-normal fitted to its p50 and p99. */
function slowFraction(latency: { p50: number; p99: number }, threshold: number): number {
  if (!(latency.p50 > 0 && latency.p99 > 0 && threshold > 0)) return 0;
  const sigma = Math.max(0.05, Math.log(latency.p99 / latency.p50) / Z_99);
  return normalCdf(-(Math.log(threshold) - Math.log(latency.p50)) / sigma);
}

/**
 * Expected p99 change when `moved` of one issuer's payments leave its slow route. The p99 is a
 * tail quantile: it returns to baseline only when the payments slower than the baseline p99 fall
 * back to about 1 % of all; until then it barely moves.
 */
function p99Relief(issuerId: string, moved: number, input: PlanInput): number {
  const excess = latencyExcess(input);
  const total = input.current.totalTransactions;
  const baseTotal = input.baseline.totalTransactions;
  if (excess <= 0 || total <= 0 || baseTotal <= 0) return 0;
  const threshold = input.baseline.latency.p99;
  // The same fit on the baseline says how much slow mass a healthy window has by this model.
  let healthy = 0;
  for (const m of input.baseline.issuerMetrics)
    healthy += (m.transactionCount / baseTotal) * slowFraction(m.latency, threshold);
  let before = 0;
  let mine = 0;
  for (const m of input.current.issuerMetrics) {
    const mass = (m.transactionCount / total) * slowFraction(m.latency, threshold);
    before += mass;
    if (m.issuerId === issuerId) mine = mass;
  }
  const after = before - mine * clamp01(moved);
  if (before <= healthy) return 0;
  if (after <= healthy * 1.25) return -excess;
  return -excess * 0.25 * clamp01((before - after) / (before - healthy));
}

function shiftDraft(
  d: DegradedIssuer,
  from: RouteId,
  percentage: number,
  input: PlanInput,
  issuerSide: boolean,
  label: string,
): Draft | null {
  const share = d.fault.routeShares[from] ?? (d.current.routes ? 0 : 1);
  const p = round(Math.min(percentage, share), 4);
  if (p <= 0) return null;
  const to = otherRoute(from);
  const src = sourceHealth(d, from);
  const dst = targetHealth(d, to, input.current, issuerSide, src);
  const moved = d.trafficShare * p;
  const gain = moved * (dst.successRate - src.successRate);
  const latency =
    p99Relief(d.issuerId, p, input) + moved * Math.max(0, dst.p99 - d.baseline.latency.p99);
  const loadRisk = dst.load !== undefined && dst.load > 0.8 ? 0.15 : 0;
  const risk = 0.15 + 0.3 * p + (dst.observed === 'prior' ? 0.1 : 0) + loadRisk;
  return {
    type: 'shift_traffic',
    description: `${label}: move ${pct(p, 0)} of ${d.issuerId} traffic from the ${from} to the ${to} route`,
    parameters: { issuerId: d.issuerId, fromRoute: from, toRoute: to, percentage: p },
    impact: {
      successRateChange: gain,
      latencyImpact: latency,
      costImpact: moved * BACKUP_COST_PREMIUM,
      riskLevel: risk,
    },
    prerequisites: [
      `${to} route enabled for ${d.issuerId}`,
      `${to} route capacity for ${pct(moved)} of all payments`,
    ],
    reversible: true,
    rationale: `${d.issuerId} carries ${pct(d.trafficShare)} of traffic at ${pct(d.current.successRate)} (baseline ${pct(d.baseline.successRate)}); ${from} succeeds ${pct(src.successRate)}, ${to} ${pct(dst.successRate)} (${dst.observed === 'prior' ? 'unobserved: assumed at the issuer baseline' : `observed ${dst.observed === 'issuer' ? `on ${d.issuerId}` : 'system-wide'}`}${issuerSide ? ', issuer-side declines follow the payment' : ''}); ${pct(d.trafficShare)} × ${pct(p, 0)} × (${pct(dst.successRate)} − ${pct(src.successRate)}) = ${pct(gain, 2)}; cost ${pct(moved)} moved × ${pct(BACKUP_COST_PREMIUM, 0)} premium`,
  };
}

function disableDraft(d: DegradedIssuer, from: RouteId, input: PlanInput): Draft | null {
  const share = d.fault.routeShares[from] ?? (d.current.routes ? 0 : 1);
  // Disabling a route moves all it carries at once, and the guardrails cap any move at MAX_SHIFT
  // of an issuer's traffic: a route carrying more can only be emptied by shifts first.
  if (share <= 0 || share > MAX_SHIFT + 1e-9) return null;
  const to = otherRoute(from);
  const src = sourceHealth(d, from);
  const dst = targetHealth(d, to, input.current, false, src);
  const moved = d.trafficShare * share;
  const gain = moved * (dst.successRate - src.successRate);
  const latency =
    p99Relief(d.issuerId, share, input) + moved * Math.max(0, dst.p99 - d.baseline.latency.p99);
  return {
    type: 'disable_route',
    description: `Disable the ${from} route for ${d.issuerId}; all its traffic goes to ${to}`,
    parameters: { issuerId: d.issuerId, routeId: from },
    impact: {
      successRateChange: gain,
      latencyImpact: latency,
      costImpact: moved * BACKUP_COST_PREMIUM,
      riskLevel: 0.7 + (dst.observed === 'prior' ? 0.1 : 0) + 0.1 * clamp01(share),
    },
    prerequisites: [
      `${to} route enabled and healthy for ${d.issuerId}`,
      `${to} route capacity for ${pct(moved)} of all payments`,
      'human approval: the route stays off until re-enabled by hand',
    ],
    reversible: false,
    rationale: `moves all ${pct(share, 0)} of ${d.issuerId} traffic on ${from} (${pct(moved)} of payments) from ${pct(src.successRate)} to ${pct(dst.successRate)}: ${pct(gain, 2)}; no traffic is left to watch ${from} recover`,
  };
}

function notifyDraft(
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
    rationale: `changes nothing in traffic; puts a human on it with success ${pct(c.successRate)} vs ${pct(b.successRate)} baseline, p99 ${Math.round(c.latency.p99)} vs ${Math.round(b.latency.p99)} ms, retry ratio ${pct(c.retryRatio)} vs ${pct(b.retryRatio)}`,
  };
}

function doNothingDraft(pattern: Pattern): Draft {
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

function severityWord(p: Pattern): 'warning' | 'critical' {
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
  const excessFrac = c > 0 ? clamp01((c - b) / c) : 0;
  const peak = peakRouteLoad(cur);
  // Without load figures, assume half the damage from excess retries comes through load.
  const loadShare = peak !== null ? clamp01((peak.load - 1) / peak.load) : 0.5 * excessFrac;
  const deficit = Math.max(0, input.baseline.successRate - cur.successRate);
  const attempts = cur.totalAttempts ?? cur.totalTransactions + cur.totalRetries;
  const finalFailures =
    attempts > 0 ? ((1 - cur.successRate) * cur.totalTransactions) / attempts : 0;
  const attemptSuccess = clamp01(1 - c - finalFailures);
  const rescued = Math.max(0, cur.successRate - attemptSuccess);
  return { c, b, excessFrac, peak, loadShare, deficit, rescued };
}

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
  const left = timeoutShare(input.current) * (1 - clamp01(removed));
  if (left > 0.01) return 0;
  return -latencyExcess(input) * clamp01(removed);
}

function retryDrafts(input: PlanInput, forDeclines: boolean): Draft[] {
  const r = retryPicture(input);
  const loadWords =
    r.peak !== null
      ? `peak route load ${r.peak.load.toFixed(2)}× capacity`
      : 'no route load reported';
  const basis = `retry ratio ${pct(r.c)} vs ${pct(r.b)} baseline (${pct(r.excessFrac, 0)} of retries are excess), ${loadWords}, success deficit ${pct(r.deficit, 2)}, retries rescue ~${pct(r.rescued, 2)} of payments`;
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
      rationale: `${basis}; ${pct(r.deficit, 2)} × ${pct(r.loadShare, 0)} load-driven × ${pct(relief, 0)} relief − ${pct(RESCUE_LOSS, 0)} of the ≤${pct(r.rescued, 2)} rescued = ${pct(policyGain, 2)}`,
    },
  ];
  if (!forDeclines) {
    const backoffGain = r.deficit * r.loadShare * 0.5;
    const limitGain = r.deficit * r.loadShare * 0.6 - r.rescued * RESCUE_LOSS;
    drafts.push(
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
        rationale: `${basis}; spreads retries out without dropping them, ~50% of the load relief: ${pct(backoffGain, 2)}`,
      },
      {
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
        rationale: `${basis}; a hard cap gives ~60% of the load relief and loses some rescued payments: ${pct(limitGain, 2)}`,
      },
    );
  }
  return drafts;
}

function timeoutDraft(input: PlanInput): Draft {
  const share = (s: MetricsSnapshot) =>
    s.errorBreakdown.find((e) => e.code === 'TIMEOUT')?.percentage ?? 0;
  const timeoutExcess = Math.max(0, share(input.current) - share(input.baseline));
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
    rationale: `TIMEOUT share ${pct(share(input.current), 2)} vs ${pct(share(input.baseline), 2)} baseline; 1.5 × p99 ${Math.round(input.current.latency.p99)} ms = ${timeoutMs} ms; ~60% of the excess timeouts are slow successes: ${pct(gain, 2)}, p99 grows toward the new timeout`,
  };
}

function draftsFor(pattern: Pattern, input: PlanInput): Draft[] {
  const degraded = input.analysis.degraded.filter((d) => pattern.issuerIds.includes(d.issuerId));
  switch (pattern.type) {
    case 'noise':
      return [
        doNothingDraft(pattern),
        notifyDraft(
          'incident_channel',
          'info',
          'no significant deviation; logged for the record',
          input,
        ),
      ];
    case 'issuer_degradation': {
      const top = degraded[0];
      if (pattern.faultLocation === 'issuer') {
        const drafts: Draft[] = [
          notifyDraft(
            'issuer_liaison',
            severityWord(pattern),
            `${pattern.issuerIds.join(', ')} decline more payments themselves`,
            input,
          ),
          doNothingDraft(pattern),
          ...retryDrafts(input, true),
        ];
        if (top) {
          const from = (top.fault.routeShares.primary ?? 1) > 0 ? 'primary' : 'backup';
          const s = shiftDraft(top, from, MAX_SHIFT, input, true, 'Reroute');
          if (s) drafts.push(s);
        }
        return drafts;
      }
      const drafts: Draft[] = [];
      if (top) {
        const from = pattern.routeId ?? 'primary';
        const full = shiftDraft(top, from, MAX_SHIFT, input, false, 'Shift');
        if (full) drafts.push(full);
        if ((top.fault.routeShares[from] ?? 1) > 0.25) {
          const half = shiftDraft(top, from, MAX_SHIFT / 2, input, false, 'Cautious shift');
          if (half) drafts.push(half);
        }
        const off = disableDraft(top, from, input);
        if (off) drafts.push(off);
      }
      drafts.push(
        notifyDraft('on_call', severityWord(pattern), pattern.description.slice(0, 300), input),
        doNothingDraft(pattern),
      );
      return drafts;
    }
    case 'processor_outage': {
      const from = pattern.routeId ?? 'primary';
      const drafts: Draft[] = [];
      for (const d of degraded.slice(0, 2)) {
        const s = shiftDraft(d, from, MAX_SHIFT, input, false, 'Shift');
        if (s) drafts.push(s);
      }
      const top = degraded[0];
      if (top) {
        const off = disableDraft(top, from, input);
        if (off) drafts.push(off);
      }
      drafts.push(
        notifyDraft(
          'incident_channel',
          'critical',
          `processor behind the ${from} route degraded`,
          input,
        ),
        doNothingDraft(pattern),
      );
      return drafts;
    }
    case 'retry_storm':
      return [
        ...retryDrafts(input, false),
        notifyDraft('on_call', severityWord(pattern), 'retry storm', input),
        doNothingDraft(pattern),
      ];
    case 'latency_spike':
      return [
        timeoutDraft(input),
        notifyDraft('on_call', severityWord(pattern), 'system-wide latency spike', input),
        doNothingDraft(pattern),
      ];
  }
}

/**
 * Plans proposals for every recognised pattern (at least three for each non-noise pattern), each
 * with parameters matching TypedParametersSchemas, estimates corrected by experience, and the
 * pattern it answers. Proposals with the same id are kept once, for the strongest pattern.
 */
export function planActions(input: PlanInput): PlannedProposal[] {
  const out: PlannedProposal[] = [];
  const seen = new Set<string>();
  for (const pattern of input.analysis.patterns) {
    for (const draft of draftsFor(pattern, input)) {
      // One notification per channel is enough, whichever pattern asked for it first.
      const key =
        draft.type === 'send_notification' ? `notify:${String(draft.parameters.channel)}` : '';
      if (key !== '' && seen.has(key)) continue;
      const planned = finish(draft, pattern.type, input);
      if (seen.has(planned.proposal.id)) continue;
      seen.add(planned.proposal.id);
      if (key !== '') seen.add(key);
      out.push(planned);
      if (out.length >= MAX_PROPOSALS) return out;
    }
  }
  return out;
}
