/**
 * Action planning: concrete proposals with impact estimates computed from the observed metrics
 * only (the agent never sees the simulator). The estimates are deliberately simple, stated in each
 * proposal's rationale, and corrected by experience (see learning.ts). Routing remedies are in
 * planner-routing.ts, the others in planner-remedies.ts.
 */
import {
  ACTION_CATEGORY,
  type ActionParameters,
  type ActionType,
  type Pattern,
  type PatternType,
} from '../../contracts';
import { isControlPlaneChange } from '../execution/actions';
import { effectiveLimits } from '../safety/limits';
import { correctEstimate, correctRisk, experienceFor } from './learning';
import { contextTag, withLead } from './experience-context';
import { damperUnwindDrafts } from './planner-dampers';
import { failoverDraft, unwindDrafts } from './planner-lifecycle';
import {
  doNothingDraft,
  hardDeclineDraft,
  notifyDraft,
  retryDrafts,
  severityWord,
  timeoutDraft,
} from './planner-remedies';
import { withoutRepeatedNotices } from './planner-notices';
import { LAPSE_RISK, renewalDrafts } from './planner-renewal';
import { disableDraft, shiftDraft } from './planner-routing';
import { isInForce, type Draft, type PlanInput, type PlannedProposal } from './planner-types';
import { fnv1a } from '../hash';
import { clamp, clampUnit, round } from '../numbers';
import { formatPercent } from '../percent';

export { BACKUP_COST_PREMIUM, BACKUP_LATENCY_FACTOR, MIN_ROUTE_SAMPLE } from './planner-routing';
export { RESCUE_LOSS } from './planner-remedies';
export type { PlanInput, PlannedProposal } from './planner-types';

/** Risk added to doing nothing while a mitigation outlives the fault it answered. */
export const MITIGATION_DEBT_RISK = 0.2;

/** Most proposals returned (the contract's bound). */
export const MAX_PROPOSALS = 50;

/** Deterministic action id from the time, the type and the parameters (no randomness). */
export function actionId(now: number, type: ActionType, parameters: ActionParameters): string {
  const canonical = JSON.stringify(
    Object.keys(parameters)
      .sort()
      .map((k) => [k, parameters[k]]),
  );
  return `action_${type}_${now}_${fnv1a(canonical)}`;
}

function finish(draft: Draft, pattern: PatternType, input: PlanInput): PlannedProposal {
  const lead = input.analysis.patterns[0]?.type ?? 'noise';
  const context = draft.context === undefined ? undefined : withLead(lead, draft.context);
  const experience = experienceFor(input.learning, pattern, draft.type, context);
  const raw = draft.impact.successRateChange;
  const corrected = correctEstimate(raw, experience);
  const risk = correctRisk(draft.impact.riskLevel, experience);
  let rationale = draft.rationale;
  if (experience !== null)
    rationale += `; learned from ${experience.count} past outcome(s) for ${pattern}: mean improvement ${formatPercent(experience.meanImprovement, { digits: 2 })}, estimate ${formatPercent(raw, { digits: 2 })} → ${formatPercent(corrected, { digits: 2 })} (weight ${experience.weight.toFixed(2)}), risk ${draft.impact.riskLevel.toFixed(2)} → ${risk.toFixed(2)}`;
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
        costImpact: round(clampUnit(draft.impact.costImpact), 6),
        riskLevel: round(clampUnit(risk), 4),
      },
      prerequisites: draft.prerequisites.map((p) => p.slice(0, 2000)),
      reversible: draft.reversible,
      // The context tag goes last and is never cut: the learning context reads it back.
      rationale:
        context === undefined
          ? rationale.slice(0, 2000)
          : `${rationale.slice(0, 2000 - contextTag(context).length - 1)} ${contextTag(context)}`,
      learnedFrom: experience?.count ?? 0,
    },
  };
}

function draftsFor(pattern: Pattern, input: PlanInput): Draft[] {
  // The largest shift the limits in force allow: the planner proposes nothing they would block.
  const maxShift = effectiveLimits(input.limits).maxTrafficShift;
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
        const hard = hardDeclineDraft(input);
        if (hard) drafts.push(hard);
        if (top) {
          const from = (top.fault.routeShares.primary ?? 1) > 0 ? 'primary' : 'backup';
          const s = shiftDraft(top, from, maxShift, input, true, 'Reroute');
          if (s) drafts.push(s);
        }
        return drafts;
      }
      const drafts: Draft[] = [];
      const from = pattern.routeId ?? 'primary';
      if (top) {
        const full = shiftDraft(top, from, maxShift, input, false, 'Shift');
        if (full) drafts.push(full);
        if ((top.fault.routeShares[from] ?? 1) > maxShift / 2) {
          const half = shiftDraft(top, from, maxShift / 2, input, false, 'Cautious shift');
          if (half) drafts.push(half);
        }
        const off = disableDraft(top, from, input, maxShift);
        if (off) drafts.push(off);
      }
      // Several issuers failing on one route: a shift moves only one of them, where one failover
      // moves them all in a single change to judge and undo.
      const onRoute = input.analysis.degraded.filter(
        (d) => d.fault.location === 'route' && (d.fault.routeId ?? 'primary') === from,
      );
      if (onRoute.length >= 2) {
        const names = onRoute.map((d) => d.issuerId).join(' and ');
        const failover = failoverDraft(from, input, maxShift, `${names} fail`);
        if (failover) drafts.push(failover);
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
      // The whole processor is sick: one failover of every issuer is one change to judge and
      // undo, where shifting issuer by issuer runs into the concurrent-action limit.
      const failover = failoverDraft(from, input, maxShift);
      if (failover) drafts.push(failover);
      for (const d of degraded.slice(0, 2)) {
        const s = shiftDraft(d, from, maxShift, input, false, 'Shift');
        if (s) drafts.push(s);
      }
      const top = degraded[0];
      if (top) {
        const off = disableDraft(top, from, input, maxShift);
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
    case 'latency_spike': {
      const timeout = timeoutDraft(input);
      return [
        ...(timeout ? [timeout] : []),
        notifyDraft('on_call', severityWord(pattern), 'system-wide latency spike', input),
        doNothingDraft(pattern),
      ];
    }
  }
}

/**
 * Raises the risk of doing nothing and of notifying (which changes the plane no more than doing
 * nothing does) by `risk`, saying `why` in their rationale.
 */
function raiseWaitingRisk(drafted: readonly { draft: Draft }[], risk: number, why: string): void {
  for (const { draft } of drafted)
    if (draft.type === 'do_nothing' || draft.type === 'send_notification') {
      draft.impact = { ...draft.impact, riskLevel: clampUnit(draft.impact.riskLevel + risk) };
      draft.rationale += `; ${why} (+${risk.toFixed(2)} risk)`;
    }
}

/** Whether the actions in force already fill the concurrent-action limit. */
function atConcurrencyLimit(input: PlanInput): boolean {
  const limit = effectiveLimits(input.limits).maxConcurrentActions;
  return (input.activeActions ?? []).length >= limit;
}

/** A draft that would add an action in force (not an unwind, a renewal or a plain notice). */
function isNewChange(draft: Draft, input: PlanInput): boolean {
  if (!isControlPlaneChange(draft.type) || draft.type === 'unwind_action') return false;
  return !isInForce(input, draft.type, draft.parameters);
}

/**
 * Plans proposals for every recognised pattern (at least three for each non-noise pattern while
 * the concurrent-action limit has room; at the limit only renewals, unwinds, notifications and
 * waiting), each with parameters matching TypedParametersSchemas, estimates corrected by
 * experience, and the pattern it answers. Proposals with the same id are kept once, for the
 * strongest pattern.
 */
export function planActions(input: PlanInput): PlannedProposal[] {
  const drafted: { draft: Draft; pattern: PatternType; renewal?: true }[] = [];
  for (const pattern of input.analysis.patterns)
    for (const draft of draftsFor(pattern, input)) drafted.push({ draft, pattern: pattern.type });
  // Unwinds answer the situation as it is now: they are filed under the strongest pattern.
  const now = input.analysis.patterns[0]?.type ?? 'noise';
  const holds: string[] = [];
  const unwinds = [
    ...unwindDrafts(input, (note) => holds.push(note)),
    ...damperUnwindDrafts(input),
  ];
  for (const u of unwinds) drafted.unshift({ draft: u.draft, pattern: now });
  // A renewal answers what its action answered, and goes before the rest like an unwind.
  const unwinding = new Set(unwinds.map((u) => String(u.draft.parameters.actionRecordId)));
  const renewals = renewalDrafts(input, unwinding);
  for (const r of renewals) drafted.unshift({ ...r, renewal: true });
  // Waiting is then a choice with a reason, and the decision should say it.
  // Two moves off one flapping route wait for the same thing: it is said once.
  const held = [...new Set(holds)].join('; ');
  if (held !== '')
    for (const d of drafted)
      if (d.draft.type === 'do_nothing') {
        d.draft.description = `Keep the move and watch: ${held}`;
        d.draft.rationale += `; ${held}`;
      }
  if (unwinds.some((u) => u.reason === 'recovered')) {
    // A mitigation kept past its need is debt: traffic on the costlier route and less slack there
    // for the next incident. Leaving it in place is then the riskier choice, and a notification
    // leaves it in place as surely as doing nothing does.
    raiseWaitingRisk(
      drafted,
      MITIGATION_DEBT_RISK,
      'keeps a mitigation in force after the route it left recovered',
    );
  }
  if (renewals.length > 0) {
    // Waiting lets a fix the windows still need lapse into the fault at its term's end.
    raiseWaitingRisk(
      drafted,
      LAPSE_RISK,
      `lets ${renewals.length} action(s) still needed lapse at the end of their term`,
    );
  }
  const told = withoutRepeatedNotices(drafted, input);
  const out: PlannedProposal[] = [];
  const seen = new Set<string>();
  const full = atConcurrencyLimit(input);
  for (const { draft, pattern, renewal } of told) {
    // With as many actions in force as the limit allows, a new change would only be blocked:
    // what is left is to renew, unwind, notify or wait.
    if (full && isNewChange(draft, input)) continue;
    // One notification per channel is enough, whichever pattern asked for it first.
    const key =
      draft.type === 'send_notification' ? `notify:${String(draft.parameters.channel)}` : '';
    if (key !== '' && seen.has(key)) continue;
    const planned: PlannedProposal = {
      ...finish(draft, pattern, input),
      ...(renewal ? { renewal } : {}),
    };
    if (seen.has(planned.proposal.id)) continue;
    seen.add(planned.proposal.id);
    if (key !== '') seen.add(key);
    out.push(planned);
    if (out.length >= MAX_PROPOSALS) return out;
  }
  return out;
}
