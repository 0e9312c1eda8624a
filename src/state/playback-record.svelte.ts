import {
  DEFAULT_CONTROL_PLANE,
  type ControlPlane,
  type Decision,
  type LearningRecord,
  type MetricsSnapshot,
  type Scenario,
} from '../contracts';
import {
  assessDecision,
  buildObservation,
  effectiveLimits,
  patternOf,
  projectedPlane,
  type ActiveAction,
} from '../domain/execution';
import { learningContext } from '../domain/learning';
import { CONTEXT_RECENT } from '../domain/learning/history-file-view';
import { presetScript } from '../domain/scenarios/preset-scripts';
import { SCENARIO_PRESETS, applyPreset } from '../domain/scenarios/presets';
import type { ReplayLab } from './playback-hub.svelte';
import { messageOf } from './ports';

/** What a history record holds of the cycle that produced it, and what it does not. */
export interface ReplayInputs {
  /** The scenario of the window: the record's preset, on its volume and seed. */
  scenario: Scenario;
  controlPlane: ControlPlane;
  /** When the window was simulated and the decision taken. */
  timestamp: number;
  decidedAt: number;
  /** The window on the lab's clock (the record's cycle − 1). */
  window: number;
  /** The seed the record's decision explored with; absent: it did not explore (or kept none). */
  explorationSeed?: number;
  /** Inputs the record does not hold, in words: the replay assumes them. */
  assumed: string[];
}

/**
 * The plane and actions in force before a record, rebuilt from the default plane and the real
 * actions executed before it (records keep no plane): right for a session of cycles from the
 * default plane; the replay's window check tells when it is not.
 */
export function planeBefore(
  earlier: readonly LearningRecord[],
  probeShare: number,
): { controlPlane: ControlPlane; activeActions: ActiveAction[] } {
  let controlPlane: ControlPlane = DEFAULT_CONTROL_PLANE;
  let activeActions: ActiveAction[] = [];
  for (const record of earlier) {
    const action = record.decision.selectedAction;
    if (record.status !== 'executed' || action.type === 'do_nothing' || !record.outcome) continue;
    try {
      const next = projectedPlane(controlPlane, action, activeActions, { probeShare });
      if (action.type === 'unwind_action') activeActions = activeActions.slice(0, -1);
      else {
        const active: ActiveAction = {
          action,
          pattern: record.pattern,
          planeBefore: controlPlane,
          appliedAt: record.outcome.executedAt,
          recordId: record.id,
          decision: record.decision,
        };
        activeActions = [...activeActions, active];
      }
      controlPlane = next;
    } catch {
      // An action that no longer applies on the rebuilt plane is left out; the window check tells.
    }
  }
  return { controlPlane, activeActions };
}

/** Whether a stored snapshot and a re-simulated one agree on the figures a record keeps. */
function sameWindow(stored: MetricsSnapshot, again: MetricsSnapshot): boolean {
  return (
    stored.successRate === again.successRate &&
    stored.totalTransactions === again.totalTransactions &&
    stored.totalRetries === again.totalRetries &&
    stored.latency.p99 === again.latency.p99
  );
}

/**
 * The inputs a record kept (its window's scenario and the plane in force): only the earlier
 * windows the agent saw, and on the clock the world's carried state, are not in it.
 */
function keptInputs(
  record: LearningRecord,
  kept: NonNullable<LearningRecord['inputs']>,
): ReplayInputs {
  const stored = record.outcome?.baselineMetrics;
  const assumed = ['the earlier windows the agent saw (only this one)'];
  if (presetScript(record.scenarioId ?? '') || record.scenarioId === 'free_run') {
    assumed.push('the state the world carried from earlier windows on the clock (an idle world)');
  }
  return {
    scenario: kept.scenario,
    controlPlane: kept.controlPlane,
    timestamp: stored?.timestamp ?? record.decision.decidedAt,
    decidedAt: record.decision.decidedAt,
    window: Math.max(0, (record.cycle ?? 1) - 1),
    ...(kept.explorationSeed === undefined ? {} : { explorationSeed: kept.explorationSeed }),
    assumed,
  };
}

/**
 * Reads a record's inputs: those it kept when it has them; else the preset it names, its window's seed, volume and time (from the
 * outcome's window when executed, else the cycle on `fallback`'s seed), on `plane`.
 */
export function recordInputs(
  record: LearningRecord,
  fallback: Scenario,
  plane: ControlPlane = DEFAULT_CONTROL_PLANE,
): { ok: true; inputs: ReplayInputs } | { ok: false; problem: string } {
  if (record.inputs) return { ok: true, inputs: keptInputs(record, record.inputs) };
  const preset = SCENARIO_PRESETS.find((p) => p.id === record.scenarioId);
  const script = record.scenarioId ? presetScript(record.scenarioId) : undefined;
  const onClock = script ? `the incident script "${script.label}"` : null;
  const freeRun = record.scenarioId === 'free_run' ? 'a free run' : null;
  if (!preset && (onClock ?? freeRun)) {
    return {
      ok: false,
      problem: `This record was decided on a window of ${onClock ?? freeRun} on the clock; records keep no clock window, so replay that run from its run file (Export run, Open run) instead.`,
    };
  }
  if (!preset) {
    const named = record.scenarioId
      ? `names the scenario "${record.scenarioId}"`
      : 'names no scenario';
    return {
      ok: false,
      problem: `This record ${named}, which is no preset: records keep a scenario's name, not its sliders, so it cannot be replayed.`,
    };
  }
  const window = Math.max(0, (record.cycle ?? 1) - 1);
  const stored = record.outcome?.baselineMetrics;
  const assumed = [
    'the control plane and actions in force (rebuilt from the actions executed before it)',
    'the earlier windows the agent saw (only this one)',
  ];
  if (stored?.seed === undefined) {
    assumed.push(`the window's seed (the lab's seed ${fallback.seed} plus the cycle)`);
  }
  if (stored?.windowSize === undefined) assumed.push('the traffic volume (the lab\u2019s)');
  const seed = stored?.seed ?? (fallback.seed + window) % 0x1_0000_0000;
  const scenario = {
    ...applyPreset(fallback, preset),
    trafficVolume: stored?.windowSize ?? fallback.trafficVolume,
    seed,
  };
  return {
    ok: true,
    inputs: {
      scenario,
      controlPlane: plane,
      timestamp: stored?.timestamp ?? record.decision.decidedAt,
      decidedAt: record.decision.decidedAt,
      window,
      assumed,
    },
  };
}

/** A record's cycle run again: the decision then and now, and whether they are the same. */
export interface RecordReplay {
  inputs: ReplayInputs;
  decision: Decision;
  /** Same action type, parameters and pattern as the stored decision. */
  sameDecision: boolean;
  /** Whether the re-simulated window has the stored window's figures; null without an outcome. */
  sameWindow: boolean | null;
  /** The guardrails' verdict on the re-run decision. */
  allowed: boolean;
  message: string;
}

/** The decision in a few words: action type and parameters. */
function described(decision: Decision): string {
  const action = decision.selectedAction;
  const parameters = Object.entries(action.parameters)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  return parameters ? `${action.type} (${parameters})` : action.type;
}

/**
 * Re-runs a record's cycle on its inputs: the window is simulated again, the agent reasons on it
 * with the learning context of the records stored before it, and the guardrails judge the result.
 * The scenario is then put on the lab's sliders, its live window on the record's seed.
 */
export async function replayRecord(
  lab: ReplayLab,
  record: LearningRecord,
  history: readonly LearningRecord[],
): Promise<{ ok: true; replay: RecordReplay } | { ok: false; problem: string }> {
  // The history is oldest first: what came before the record in it shaped its decision.
  const at = history.findIndex((r) => r.id === record.id);
  const earlier =
    at >= 0 ? history.slice(0, at) : history.filter((r) => r.recordedAt < record.recordedAt);
  const probeShare = effectiveLimits(lab.settings.limits).probeShare;
  const before = planeBefore(earlier, probeShare);
  const read = recordInputs(record, lab.live.scenario, before.controlPlane);
  if (!read.ok) return read;
  const { inputs } = read;
  try {
    const pair = await lab.simulator.simulatePair({
      scenario: inputs.scenario,
      controlPlane: inputs.controlPlane,
      timestamp: inputs.timestamp,
    });
    const result = await lab.reasoning.reason({
      currentMetrics: pair.current,
      baselineMetrics: pair.baseline,
      learningContext: learningContext(earlier, CONTEXT_RECENT),
      config: lab.settings.reasoning.config,
      limits: lab.settings.limits,
      now: inputs.decidedAt,
      observation: buildObservation({
        windows: [{ window: inputs.window, metrics: pair.current }],
        baselineMetrics: pair.baseline,
        controlPlane: inputs.controlPlane,
        activeActions: before.activeActions,
      }),
      // The same draws as the cycle's, so an explored pick is explored again; none, none.
      ...(inputs.explorationSeed === undefined ? {} : { explorationSeed: inputs.explorationSeed }),
    });
    const decision = result.decision;
    const stored = record.decision;
    const sameDecision =
      decision.selectedAction.type === stored.selectedAction.type &&
      JSON.stringify(decision.selectedAction.parameters) ===
        JSON.stringify(stored.selectedAction.parameters) &&
      patternOf(decision) === record.pattern;
    const window = record.outcome ? sameWindow(record.outcome.baselineMetrics, pair.current) : null;
    const verdict = assessDecision({
      decision,
      controlPlane: inputs.controlPlane,
      activeActionCount: before.activeActions.length,
      activeActions: before.activeActions,
      limits: lab.settings.limits,
    });
    lab.playback.pause();
    lab.live.setScenario({
      ...inputs.scenario,
      seed:
        (inputs.scenario.seed - (lab.live.cycle % 0x1_0000_0000) + 0x1_0000_0000) % 0x1_0000_0000,
    });
    const windowWords =
      window === null
        ? ''
        : window
          ? ' The re-simulated window has the stored figures.'
          : ' The re-simulated window differs from the stored one.';
    const message = sameDecision
      ? `Replayed: the same decision, ${described(decision)}.${windowWords}`
      : `Replayed: a different decision, ${described(decision)} where the record has ${described(stored)}.${windowWords}`;
    return {
      ok: true,
      replay: {
        inputs,
        decision,
        sameDecision,
        sameWindow: window,
        allowed: verdict.safetyCheck.isApproved,
        message,
      },
    };
  } catch (error) {
    return { ok: false, problem: `The record could not be replayed: ${messageOf(error)}` };
  }
}
