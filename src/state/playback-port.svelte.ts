import type { MetricsSnapshot, SimulationRequest } from '../contracts';
import type { SimulatorPort } from './ports';

/** The scenario and plane of a request with the seed left out (the live view adds its cycles). */
function windowKey(request: SimulationRequest): string {
  return JSON.stringify([{ ...request.scenario, seed: 0 }, request.controlPlane]);
}

/**
 * The live view's simulator: the window the clock just stepped is answered with the stepped world
 * and its twin, so the agent sees the world that carries its state; anything else (a slider
 * between ticks, the plane after an action) is simulated as before.
 */
export class SteppedWindowPort implements SimulatorPort {
  private readonly inner: SimulatorPort;
  private stepped: { key: string; current: MetricsSnapshot; baseline: MetricsSnapshot } | null =
    null;

  constructor(inner: SimulatorPort) {
    this.inner = inner;
  }

  /** The stepped window (world and twin) that answers requests for its scenario and plane. */
  hold(request: SimulationRequest | null, current?: MetricsSnapshot, baseline?: MetricsSnapshot) {
    this.stepped =
      request && current && baseline ? { key: windowKey(request), current, baseline } : null;
  }

  /** The pair of the stepped window when asked for it, a fresh simulation otherwise. */
  simulatePair(request: SimulationRequest) {
    const stepped = this.stepped;
    if (stepped && stepped.key === windowKey(request)) {
      return Promise.resolve({ current: stepped.current, baseline: stepped.baseline });
    }
    return this.inner.simulatePair(request);
  }

  /** Simulates several windows, as the inner simulator does. */
  simulateMany(requests: SimulationRequest[]): Promise<MetricsSnapshot[]> {
    return this.inner.simulateMany(requests);
  }
}
