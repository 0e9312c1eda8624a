import type {
  MetricsSnapshot,
  SimulationRequest,
  WorldState,
  WorldStepRequest,
  WorldStepResult,
} from '../contracts';
import type { SimulatorPort } from './ports';

/** The scenario of a request with the seed left out (the live view adds its cycles). */
function scenarioKey(request: SimulationRequest): string {
  return JSON.stringify({ ...request.scenario, seed: 0 });
}

/** The scenario and plane of a request with the seed left out. */
function windowKey(request: SimulationRequest): string {
  return JSON.stringify([scenarioKey(request), request.controlPlane]);
}

/** Where a stepped window came from: the world it was stepped in and the state before it. */
export interface SteppedFrom {
  world: { step(request: WorldStepRequest): Promise<WorldStepResult> };
  /** The world's state the window was stepped from. */
  state: WorldState;
}

interface Stepped {
  request: SimulationRequest;
  key: string;
  current: MetricsSnapshot;
  baseline: MetricsSnapshot;
  from: SteppedFrom | null;
}

/**
 * The live view's simulator: the window the clock just stepped is answered with the stepped world
 * and its twin, so the agent sees the world that carries its state, and the what-if rows of that
 * window are stepped from the same state on the same seed, so "do nothing" changes nothing.
 * Anything else (a slider between ticks, the plane after an action) is simulated as before.
 */
export class SteppedWindowPort implements SimulatorPort {
  private readonly inner: SimulatorPort;
  private stepped: Stepped | null = null;

  constructor(inner: SimulatorPort) {
    this.inner = inner;
  }

  /**
   * The stepped window (world and twin) that answers requests for its scenario and plane; with
   * `from`, other planes on its scenario are stepped from the same state (the what-if rows).
   */
  hold(
    request: SimulationRequest | null,
    current?: MetricsSnapshot,
    baseline?: MetricsSnapshot,
    from?: SteppedFrom,
  ) {
    this.stepped =
      request && current && baseline
        ? { request, key: windowKey(request), current, baseline, from: from ?? null }
        : null;
  }

  /** The pair of the stepped window when asked for it, a fresh simulation otherwise. */
  simulatePair(request: SimulationRequest) {
    const stepped = this.stepped;
    if (stepped && stepped.key === windowKey(request)) {
      return Promise.resolve({ current: stepped.current, baseline: stepped.baseline });
    }
    return this.inner.simulatePair(request);
  }

  /**
   * Simulates several windows: those on the stepped window's scenario are stepped from its state,
   * on its seed and time, with their own plane; the rest as the inner simulator does.
   */
  async simulateMany(requests: SimulationRequest[]): Promise<MetricsSnapshot[]> {
    const stepped = this.stepped;
    const from = stepped?.from;
    if (!stepped || !from) return this.inner.simulateMany(requests);
    const key = scenarioKey(stepped.request);
    const onStepped = requests.map((request) => scenarioKey(request) === key);
    const others = requests.filter((_, i) => !onStepped[i]);
    const [fresh, carried] = await Promise.all([
      others.length > 0 ? this.inner.simulateMany(others) : Promise.resolve([]),
      Promise.all(
        requests
          .filter((_, i) => onStepped[i])
          .map((request) =>
            from.world.step({
              ...stepped.request,
              controlPlane: request.controlPlane,
              state: from.state,
            }),
          ),
      ),
    ]);
    let f = 0;
    let c = 0;
    return onStepped.map((carriedOne) => (carriedOne ? carried[c++]!.snapshot : fresh[f++]!));
  }
}
