/**
 * Runs one policy through an incident script window by window. Each window is simulated on the
 * plane in force, the policy sees it as an Observation (the last windows, the no-fault baseline,
 * the plane and the actions in force) and its Decision goes through the guardrails
 * (assessDecision, with a simulated operator's approval) and applyAction; an approved change is
 * in force from the next window. This is the executor core's apply path without its three-window
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
  type ActiveActionView,
  type ControlPlane,
  type Decision,
  type IncidentScript,
  type MetricsSnapshot,
  type ObservedWindow,
  type SafetyLimits,
  type WorldState,
} from '../../contracts';
import { copyControlPlane, isControlPlaneChange } from '../execution/actions';
import type { PolicyFactory } from '../policies/policy';
import { Random } from '../random';
import { assessDecision } from '../safety/check';
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

/** An action in force with the planes around it, so an unwind can undo its part. */
interface InForce {
  view: ActiveActionView;
  before: ControlPlane;
  after: ControlPlane;
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
 * Undoes `fraction` of an action in force: routing moves back by that share of what the action
 * moved, and at fraction 1 every other setting it changed returns to what it was before.
 */
function unwind(plane: ControlPlane, target: InForce, fraction: number): ControlPlane {
  const next = copyControlPlane(plane);
  for (const issuerId of Object.keys(next.routing) as (keyof ControlPlane['routing'])[]) {
    const moved = target.after.routing[issuerId].primary - target.before.routing[issuerId].primary;
    const primary = Math.min(1, Math.max(0, next.routing[issuerId].primary - fraction * moved));
    next.routing[issuerId] = { primary, backup: 1 - primary };
  }
  if (fraction >= 1) {
    const added = target.after.disabledRoutes.filter(
      (r) =>
        !target.before.disabledRoutes.some(
          (b) => b.issuerId === r.issuerId && b.routeId === r.routeId,
        ),
    );
    next.disabledRoutes = next.disabledRoutes.filter(
      (r) => !added.some((a) => a.issuerId === r.issuerId && a.routeId === r.routeId),
    );
    if (JSON.stringify(next.retryPolicy) === JSON.stringify(target.after.retryPolicy))
      next.retryPolicy = { ...target.before.retryPolicy };
    if (next.timeoutMs === target.after.timeoutMs) next.timeoutMs = target.before.timeoutMs;
    if (next.rateLimit === target.after.rateLimit) next.rateLimit = target.before.rateLimit;
  }
  return next;
}

/** The plane an unwind decision leads to, or null when it names no action in force. */
function resolveUnwind(decision: Decision, inForce: readonly InForce[], plane: ControlPlane) {
  const { actionRecordId, fraction } = decision.selectedAction.parameters;
  const target = inForce.find((a) => a.view.recordId === actionRecordId);
  if (!target || typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) return null;
  return { plane: unwind(plane, target, fraction), target, fraction };
}

/** The plane a decision leads to under the guardrails, or null when they refuse it. */
function guarded(
  decision: Decision,
  plane: ControlPlane,
  inForce: readonly InForce[],
  limits: SafetyLimits,
  now: number,
): ControlPlane | null {
  const assessment = assessDecision({
    decision,
    controlPlane: plane,
    activeActionCount: inForce.length,
    limits,
    humanApproval: { approved: true, by: 'incident operator', at: now },
  });
  return assessment.resultingControlPlane;
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
  let inForce: InForce[] = [];
  const seen: ObservedWindow[] = [];
  const windows: RunWindow[] = [];
  for (let w = 0; w < script.windows; w++) {
    const step = stepScript(script, seed, w, plane, state);
    state = step.state;
    seen.push({ window: w, metrics: step.snapshot });
    if (seen.length > MAX_OBSERVED_WINDOWS) seen.shift();
    const now = INCIDENT_EPOCH + w * WINDOW_SECONDS * 1000;
    const decision = policy.decide({
      observation: {
        windows: [...seen],
        baselineMetrics: baselines[w] ?? step.snapshot,
        controlPlane: plane,
        activeActions: inForce.map((a) => a.view),
      },
      limits,
      now,
      random: () => random.next(),
    });
    const action = decision.selectedAction;
    let applied = false;
    let blocked = false;
    if (action.type === 'unwind_action') {
      const resolved = resolveUnwind(decision, inForce, plane);
      blocked = resolved === null;
      if (resolved) {
        plane = resolved.plane;
        applied = true;
        if (resolved.fraction >= 1) inForce = inForce.filter((a) => a !== resolved.target);
      }
    } else if (action.type !== 'do_nothing') {
      const next = guarded(decision, plane, inForce, limits, now);
      blocked = next === null;
      // An approved action that leaves the plane as it was (backoff already on) is not in force.
      const changes = next !== null && JSON.stringify(next) !== JSON.stringify(plane);
      if (next && changes && isControlPlaneChange(action.type)) {
        const pattern = PatternTypeSchema.safeParse(decision.pattern);
        const view: ActiveActionView = {
          recordId: `${action.id}@${w}`,
          action,
          pattern: pattern.success ? pattern.data : 'noise',
          appliedAt: now,
          appliedWindow: w,
          reason: (action.rationale ?? action.description).slice(0, 2000),
        };
        inForce = [...inForce, { view, before: plane, after: next }].slice(-MAX_OBSERVED_ACTIONS);
        applied = true;
      }
      if (next) plane = next;
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
