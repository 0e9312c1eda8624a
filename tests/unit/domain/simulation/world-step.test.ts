import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  WorldStateSchema,
  type ControlPlane,
  type MetricsSnapshot,
  type Scenario,
  type WorldState,
} from '../../../../src/contracts';
import { simulateWindow, stepWindow, windowSeed } from '../../../../src/domain/simulation';
import { T0, plane, scenario } from './fixtures';

interface Window {
  scenario: Scenario;
  controlPlane?: ControlPlane;
}

/** Steps a world through the windows from `state`, window t on seed windowSeed(7, t). */
function run(windows: readonly Window[], state: WorldState = INITIAL_WORLD_STATE) {
  const first = state.window;
  const snapshots: MetricsSnapshot[] = [];
  const states: WorldState[] = [];
  windows.forEach((w, k) => {
    const t = first + k;
    const step = stepWindow({
      scenario: { ...w.scenario, seed: windowSeed(7, t) },
      controlPlane: w.controlPlane ?? DEFAULT_CONTROL_PLANE,
      state,
      timestamp: T0 + t * 60_000,
    });
    snapshots.push(step.snapshot);
    states.push(step.state);
    state = step.state;
  });
  return { snapshots, states };
}

const load = (s: MetricsSnapshot) => s.routeMetrics![0].load!;
const stormy = { retryAggressiveness: 1, clientBackoff: false } as const;
const outage = scenario({ ...stormy, processorHealth: 0.6 });
const cleared = scenario({ ...stormy });
const capped = plane({ retryPolicy: { maxRetries: 1, multiplier: 2, backoff: false } });

describe('stepWindow: memory across windows', () => {
  it('keeps a retry storm going after the outage that started it has cleared', () => {
    const { snapshots } = run([
      { scenario: cleared },
      ...Array.from({ length: 3 }, () => ({ scenario: outage })),
      ...Array.from({ length: 6 }, () => ({ scenario: cleared })),
    ]);
    expect(load(snapshots[0]!)).toBeLessThan(0.6);
    expect(snapshots[0]!.successRate).toBeGreaterThan(0.98);
    for (const s of snapshots.slice(1, 4)) expect(load(s)).toBeGreaterThan(2);
    // Six windows after the processor is healthy again the route is still saturated by retries.
    for (const s of snapshots.slice(4)) {
      expect(load(s)).toBeGreaterThan(1.5);
      expect(s.successRate).toBeLessThan(0.5);
      expect(s.retryRatio).toBeGreaterThan(0.5);
    }
  });

  it('settles calm in the same healthy world when it starts fresh: the storm is hysteresis', () => {
    const fresh = run(Array.from({ length: 6 }, () => ({ scenario: cleared })));
    for (const s of fresh.snapshots) {
      expect(load(s)).toBeLessThan(0.6);
      expect(s.successRate).toBeGreaterThan(0.98);
    }
    // simulateWindow is that fresh world: one window from idle.
    expect(simulateWindow(cleared, DEFAULT_CONTROL_PLANE, T0).successRate).toBeGreaterThan(0.98);
  });

  it('ends the storm within two windows once the retry policy caps retries at one', () => {
    const { snapshots } = run([
      ...Array.from({ length: 3 }, () => ({ scenario: outage })),
      ...Array.from({ length: 3 }, () => ({ scenario: cleared })),
      ...Array.from({ length: 4 }, () => ({ scenario: cleared, controlPlane: capped })),
    ]);
    expect(load(snapshots[5]!)).toBeGreaterThan(1.5);
    for (const s of snapshots.slice(7)) {
      expect(load(s)).toBeLessThan(0.6);
      expect(s.successRate).toBeGreaterThan(0.98);
    }
  });

  it('ends it too with a rate limit of two attempts per payment, and then lifting it stays calm', () => {
    const limited = plane({ rateLimit: 2 });
    const { snapshots } = run([
      ...Array.from({ length: 3 }, () => ({ scenario: outage })),
      ...Array.from({ length: 3 }, () => ({ scenario: cleared, controlPlane: limited })),
      ...Array.from({ length: 3 }, () => ({ scenario: cleared })),
    ]);
    expect(load(snapshots[5]!)).toBeLessThan(0.6);
    for (const s of snapshots.slice(6)) expect(load(s)).toBeLessThan(0.6);
  });

  it('carries the retries a window leaves waiting into the next one', () => {
    const { states, snapshots } = run([{ scenario: outage }, { scenario: cleared }]);
    const waiting = states[0]!.retryBacklog.reduce((a, b) => a + b, 0);
    // About a fifth of the storm's retries spill over: thousands of attempts, all on the primary.
    expect(waiting).toBeGreaterThan(2000);
    expect(states[0]!.retryBacklog.filter((_, path) => path % 2 === 1)).toEqual([0, 0, 0, 0]);
    expect(states[0]!.routeLoad[0]).toBeCloseTo(load(snapshots[0]!), 3);
    expect(states.map((s) => s.window)).toEqual([1, 2]);
  });

  it('ramps a route’s health down window by window and back, the issuer’s success following', () => {
    const ramp = [1, 0.97, 0.94, 0.91, 0.88, 0.91, 0.94, 0.97, 1];
    const { snapshots } = run(
      ramp.map((visa) => ({
        scenario: scenario({ issuerHealth: { ...scenario().issuerHealth, visa } }),
      })),
    );
    const visa = snapshots.map((s) => s.issuerMetrics[0]!.successRate);
    for (let t = 1; t <= 4; t++) expect(visa[t]!).toBeLessThan(visa[t - 1]!);
    for (let t = 5; t <= 8; t++) expect(visa[t]!).toBeGreaterThan(visa[t - 1]!);
    expect(visa[8]!).toBeGreaterThan(0.98);
  });
});

describe('stepWindow: determinism and its contract', () => {
  const windows = [
    { scenario: outage },
    { scenario: cleared },
    { scenario: cleared, controlPlane: capped },
  ];

  it('gives the same snapshots and states bit for bit for the same inputs', () => {
    const a = run(windows);
    const b = run(structuredClone(windows));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('hands on a state that parses and survives a JSON round trip unchanged', () => {
    const { states } = run(windows);
    for (const state of states) {
      expect(WorldStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    }
    const resumed = run(windows.slice(1), states[0]);
    expect(JSON.stringify(resumed.snapshots[1])).toBe(JSON.stringify(run(windows).snapshots[2]));
  });

  it('refuses a state with the wrong number of routes, naming the field', () => {
    const bad = { ...INITIAL_WORLD_STATE, routeLoad: [0] };
    expect(() =>
      stepWindow({
        scenario: cleared,
        controlPlane: DEFAULT_CONTROL_PLANE,
        state: bad,
        timestamp: T0,
      }),
    ).toThrow(/world state.*routeLoad/);
  });

  it('refuses a negative backlog and a bad scenario before simulating anything', () => {
    const negative = { ...INITIAL_WORLD_STATE, retryBacklog: [0, 0, -1, 0, 0, 0, 0, 0] };
    expect(() =>
      stepWindow({
        scenario: cleared,
        controlPlane: DEFAULT_CONTROL_PLANE,
        state: negative,
        timestamp: T0,
      }),
    ).toThrow(/retryBacklog\[2\]/);
    expect(() =>
      stepWindow({
        scenario: { ...cleared, processorHealth: 2 },
        controlPlane: DEFAULT_CONTROL_PLANE,
        state: INITIAL_WORLD_STATE,
        timestamp: T0,
      }),
    ).toThrow(/processorHealth/);
  });
});
