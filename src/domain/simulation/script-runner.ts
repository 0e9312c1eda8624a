import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  ScriptRunRequestSchema,
  parseContract,
  type ControlPlane,
  type MetricsSnapshot,
  type ScriptRunRequest,
} from '../../contracts';
import { scenarioAt, scriptBase } from './script';
import { WINDOW_SECONDS, stepWindow, windowSeed } from './step';

/** Milliseconds between two windows' timestamps. */
const WINDOW_MS = WINDOW_SECONDS * 1000;

/**
 * Steps the world through a script window by window, carrying the world's state, on the seed
 * windowSeed(seed, t) for window t, switching to each action's control plane from its window on.
 * The request is parsed first (a ContractError names the field); the same request gives the same
 * windows bit for bit.
 */
export function runScript(request: ScriptRunRequest): MetricsSnapshot[] {
  const run = parseContract(ScriptRunRequestSchema, request, 'script run');
  const runSeed = run.seed ?? scriptBase(run.script).seed;
  const planes = new Map(run.actions.map((a) => [a.window, a.controlPlane]));
  let controlPlane: ControlPlane = run.controlPlane ?? DEFAULT_CONTROL_PLANE;
  let state = INITIAL_WORLD_STATE;
  const snapshots: MetricsSnapshot[] = [];
  for (let window = 0; window < run.script.windows; window++) {
    controlPlane = planes.get(window) ?? controlPlane;
    const scenario = { ...scenarioAt(run.script, window), seed: windowSeed(runSeed, window) };
    const step = stepWindow({
      scenario,
      controlPlane,
      state,
      timestamp: run.startTime + window * WINDOW_MS,
    });
    snapshots.push(step.snapshot);
    state = step.state;
  }
  return snapshots;
}
