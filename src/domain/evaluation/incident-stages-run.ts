/**
 * Runs one policy through an incident script window by window. Each window is simulated on the
 * plane in force, the policy sees it as an Observation (the last windows, the no-fault baseline,
 * the plane and the actions in force) and its Decision goes through the guardrails
 * (assessDecision, with a simulated operator's approval, and the actions in force so that an
 * unwind resolves through the executor's planUnwind and a re-proposal renews instead of applying
 * twice); an approved change is in force from the next window. This is the executor core's apply path without its three-window
 * canary: the canary judges one action against the window before, which a per-window loop already
 * does by seeing every next window.
 */
import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_SAFETY_LIMITS,
  INITIAL_WORLD_STATE,
  MAX_OBSERVED_ACTIONS,
  MAX_OBSERVED_WINDOWS,
  PatternTypeSchema,
  type ControlPlane,
  type Decision,
  type IncidentScript,
  type MetricsSnapshot,
  type NoticeView,
  type ObservedWindow,
  type SafetyLimits,
  type WorldState,
} from '../../contracts';
import { copyControlPlane, isControlPlaneChange } from '../execution/actions';
import { toActiveActionView, type ActiveAction } from '../execution/active-action';
import { logNotice } from '../execution/notices';
import type { PolicyFactory } from '../policies/policy';
import { Random } from '../random';
import { lapseExpired, renewTerm, termOf } from '../execution/lifecycle';
import { assessDecision } from '../safety/check';
import { effectiveLimits } from '../safety/limits';
import { scenarioAt } from '../simulation/script';
import { WINDOW_SECONDS, stepWindow, windowSeed } from '../simulation/step';

/** Time of window 0 of every staged run (the domain has no clock). */
export const INCIDENT_EPOCH = 1_700_000_000_000;

/** Stream of the policy's own random draws, apart from the simulator's. */
const POLICY_STREAM = 0x706f6c79;

/** What one window of a run showed and what the policy did about it. */
export interface RunWindow {
  snapshot: MetricsSnapshot;
  decision: Decision;
  /** The decision changed the control plane from the next window on. */
  applied: boolean;
  /** The guardrails refused the decision (a do-nothing is never refused). */
  blocked: boolean;
  /** The control plane in force after this window's decision. */
  planeAfter: ControlPlane;
}

/** A whole run: one entry per window of the script. */
export interface IncidentRun {
  windows: RunWindow[];
}

/** The world a run steps through: its seed and the no-fault baseline of every window. */
export interface RunSetting {
  script: IncidentScript;
  seed: number;
  baselines: readonly MetricsSnapshot[];
  limits?: SafetyLimits;
}

/** Simulates window `w` of the script on `plane`, from `state`. */
export function stepScript(
  script: IncidentScript,
  seed: number,
  w: number,
  plane: ControlPlane,
  state: WorldState,
): { snapshot: MetricsSnapshot; state: WorldState } {
  const scenario = { ...scenarioAt(script, w), seed: windowSeed(seed, w) };
  return stepWindow({
    scenario,
    controlPlane: plane,
    state,
    timestamp: INCIDENT_EPOCH + w * WINDOW_SECONDS * 1000,
  });
}

/**
 * The guardrails' verdict on a decision against the plane and the actions in force, a simulated
 * operator approving: an unwind resolves through the executor's planUnwind, a re-proposal renews.
 */
function assess(
  decision: Decision,
  plane: ControlPlane,
  inForce: readonly ActiveAction[],
  limits: SafetyLimits,
  now: number,
) {
  return assessDecision({
    decision,
    controlPlane: plane,
    activeActionCount: inForce.length,
    activeActions: inForce,
    limits,
    humanApproval: { approved: true, by: 'incident operator', at: now },
  });
}

/**
 * The action in force a decision of window `w` starts, as the executor records it: in force from
 * window w + 1, for a term of `term` windows from then.
 */
function started(
  decision: Decision,
  plane: ControlPlane,
  w: number,
  now: number,
  term: number,
): ActiveAction {
  const action = decision.selectedAction;
  const pattern = PatternTypeSchema.safeParse(decision.pattern);
  return {
    action,
    pattern: pattern.success ? pattern.data : 'noise',
    planeBefore: plane,
    appliedAt: now,
    recordId: `${action.id}@${w}`,
    decision,
    ...termOf(now, w + 1, term),
  };
}

/**
 * Runs a fresh policy from `factory` through the script: window w is simulated on the plane in
 * force, the policy decides on what it has seen up to w, and an approved change takes effect at
 * window w + 1. Deterministic for a script, seed and policy.
 */
export function runIncident(setting: RunSetting, factory: PolicyFactory): IncidentRun {
  const { script, seed, baselines } = setting;
  const limits = setting.limits ?? DEFAULT_SAFETY_LIMITS;
  const policy = factory();
  const random = new Random(seed >>> 0, POLICY_STREAM);
  let plane = copyControlPlane(DEFAULT_CONTROL_PLANE);
  let state = INITIAL_WORLD_STATE;
  let inForce: ActiveAction[] = [];
  const seen: ObservedWindow[] = [];
  let notices: NoticeView[] = [];
  const windows: RunWindow[] = [];
  const { actionTermWindows: term, probeShare } = effectiveLimits(limits);
  const options = { probeShare };
  for (let w = 0; w < script.windows; w++) {
    const now = INCIDENT_EPOCH + w * WINDOW_SECONDS * 1000;
    // As in the page, an action whose term ended lapses back before the window is simulated.
    const lapse = lapseExpired(
      { controlPlane: plane, activeActions: inForce, options },
      { now, window: w },
    );
    plane = lapse.controlPlane;
    inForce = lapse.activeActions;
    const step = stepScript(script, seed, w, plane, state);
    state = step.state;
    seen.push({ window: w, metrics: step.snapshot });
    if (seen.length > MAX_OBSERVED_WINDOWS) seen.shift();
    const decision = policy.decide({
      observation: {
        windows: [...seen],
        baselineMetrics: baselines[w] ?? step.snapshot,
        controlPlane: plane,
        activeActions: inForce.slice(-MAX_OBSERVED_ACTIONS).map(toActiveActionView),
        ...(notices.length > 0 ? { notices } : {}),
      },
      limits,
      now,
      random: () => random.next(),
    });
    let applied = false;
    let blocked = false;
    if (decision.selectedAction.type !== 'do_nothing') {
      const verdict = assess(decision, plane, inForce, limits, now);
      const next = verdict.resultingControlPlane;
      blocked = next === null;
      if (next && verdict.unwind) {
        inForce = verdict.unwind.activeActions;
        applied = true;
      } else if (next && verdict.renews) {
        inForce = renewTerm(inForce, verdict.renews, termOf(now, w + 1, term));
      } else if (
        next &&
        verdict.renews === null &&
        isControlPlaneChange(decision.selectedAction.type) &&
        // An approved action that leaves the plane as it was (backoff already on) is not in force.
        JSON.stringify(next) !== JSON.stringify(plane)
      ) {
        inForce = [...inForce, started(decision, plane, w, now, term)];
        applied = true;
      }
      if (next) plane = next;
      // As in the page, a notification sent goes in the paging log the policy is shown.
      if (next) notices = logNotice(notices, decision, w);
    }
    windows.push({ snapshot: step.snapshot, decision, applied, blocked, planeAfter: plane });
  }
  return { windows };
}

/** Runs the script on one fixed plane throughout: the do-nothing and no-fault references. */
export function runFixed(
  script: IncidentScript,
  seed: number,
  plane: ControlPlane,
): MetricsSnapshot[] {
  let state = INITIAL_WORLD_STATE;
  const out: MetricsSnapshot[] = [];
  for (let w = 0; w < script.windows; w++) {
    const step = stepScript(script, seed, w, plane, state);
    state = step.state;
    out.push(step.snapshot);
  }
  return out;
}
