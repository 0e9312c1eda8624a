import {
  INITIAL_WORLD_STATE,
  type ControlPlane,
  type IncidentScript,
  type MetricsSnapshot,
  type SimulationRequest,
  type WorldState,
} from '../contracts';
import { scriptBase } from '../domain/simulation/script';
import { windowRequests, type RunClock } from '../domain/timeline';
import type { SteppedFrom } from './playback-port.svelte';
import type { ReplayedRun, WorldPort } from './playback-replay.svelte';

/** One window stepped on the clock: the world's and the twin's figures, and where they came from. */
export interface SteppedWindow {
  /** The request the world's window was stepped on (its scenario is the window's). */
  request: SimulationRequest;
  actual: MetricsSnapshot;
  twin: MetricsSnapshot;
  /** The world and state the window was stepped from, for the what-if rows of the same window. */
  from: SteppedFrom;
}

/**
 * The bookkeeping of one run on the clock: its seed and start time, the state the world and its
 * fault-free twin carry from window to window, and a generation count that tells a window still
 * in flight from an earlier run apart, so it is thrown away instead of mixing two runs.
 */
export class RunWorld {
  /** The seed of the run's windows. */
  seed = 0;
  /** When window 0 of the run began (epoch milliseconds). */
  startTime = 0;
  private state: WorldState = INITIAL_WORLD_STATE;
  private twinState: WorldState = INITIAL_WORLD_STATE;
  private generation = 0;
  private readonly world: WorldPort;

  constructor(world: WorldPort) {
    this.world = world;
  }

  /** Starts a new run of `script` at `now`: its base seed, idle worlds, a new generation. */
  begin(script: IncidentScript, now: number): void {
    this.seed = scriptBase(script).seed;
    this.startTime = Math.floor(now);
    this.generation += 1;
    this.state = INITIAL_WORLD_STATE;
    this.twinState = INITIAL_WORLD_STATE;
  }

  /** The run's clock for `script`. */
  clockOf(script: IncidentScript): RunClock {
    return { script, seed: this.seed, startTime: this.startTime };
  }

  /** Takes over a run re-stepped from its file: its seed, start time and both worlds' states. */
  restore(run: { seed: number; startTime: number }, replayed: ReplayedRun): void {
    this.seed = run.seed;
    this.startTime = run.startTime;
    this.state = replayed.state;
    this.twinState = replayed.twinState;
  }

  /** The generation of the run in progress, to check against once an await has passed. */
  get current(): number {
    return this.generation;
  }

  /**
   * Steps window `window` of `script` on `plane`, the world and its twin side by side, each from
   * the state it carries; null when a new run began while the worker stepped it.
   */
  async step(
    script: IncidentScript,
    window: number,
    plane: ControlPlane,
  ): Promise<SteppedWindow | null> {
    const generation = this.generation;
    const requests = windowRequests(this.clockOf(script), window, plane);
    const [actual, twin] = await Promise.all([
      this.world.step({ ...requests.actual, state: this.state }),
      this.world.step({ ...requests.twin, state: this.twinState }),
    ]);
    if (generation !== this.generation) return null;
    const from = { world: this.world, state: this.state };
    this.state = actual.state;
    this.twinState = twin.state;
    return { request: requests.actual, actual: actual.snapshot, twin: twin.snapshot, from };
  }
}
