import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO, type Scenario } from '../../contracts';
import { simulatePair, simulateWindow } from '../../domain/simulation';
import { collectGarbage, medianSeconds, type BenchFigure, type BenchSection } from './measure';

/** The seeds' example world: every issuer's primary route at 85 % health. */
function degraded(events: number): Scenario {
  return {
    ...HEALTHY_SCENARIO,
    id: 'bench-degradation-0.85',
    issuerHealth: { visa: 0.85, mastercard: 0.85, amex: 0.85, discover: 0.85 },
    trafficVolume: events,
  };
}

/** Events per second of a window of `events` payments that took `seconds`. */
function throughput(events: number, seconds: number, runs: number): BenchFigure {
  return {
    name: `simulator_events_per_second_${events}`,
    value: Math.round(events / seconds),
    unit: 'events/s',
    note: `window of ${events.toLocaleString('en')} events, median of ${runs} runs`,
  };
}

/**
 * Heap growth while a 10M-event window runs: heap used right after the window (before any
 * collection) minus heap used before it, after a full collection when --expose-gc allows one.
 */
function heapGrowth(): BenchFigure {
  const scenario = degraded(10_000_000);
  const collected = collectGarbage();
  const before = process.memoryUsage().heapUsed;
  simulateWindow(scenario, DEFAULT_CONTROL_PLANE, 0);
  const after = process.memoryUsage().heapUsed;
  return {
    name: 'simulator_heap_growth_10m_mb',
    value: Math.round(((after - before) / 2 ** 20) * 100) / 100,
    unit: 'MB',
    note: collected ? 'one 10M-event window, after gc' : 'one 10M-event window (no --expose-gc)',
  };
}

/** The simulator's figures: throughput, one window's and one pair's time, heap growth. */
export const simulatorSection: BenchSection = {
  name: 'simulator',
  run() {
    const smallRuns = 301;
    const largeRuns = 9;
    const small = degraded(6000);
    const large = degraded(1_000_000);
    // Generous warm-up: the figures describe the optimised steady state, as in the worker.
    const windowSeconds = medianSeconds(
      () => simulateWindow(small, DEFAULT_CONTROL_PLANE, 0),
      smallRuns,
      300,
    );
    const pairSeconds = medianSeconds(
      () => simulatePair(small, DEFAULT_CONTROL_PLANE, 0),
      smallRuns,
      100,
    );
    const largeSeconds = medianSeconds(
      () => simulateWindow(large, DEFAULT_CONTROL_PLANE, 0),
      largeRuns,
      2,
    );
    return [
      throughput(6000, windowSeconds, smallRuns),
      throughput(1_000_000, largeSeconds, largeRuns),
      {
        name: 'simulator_window_6000_ms',
        value: Math.round(windowSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: `one 6,000-event window, median of ${smallRuns} runs`,
      },
      {
        name: 'simulator_pair_6000_ms',
        value: Math.round(pairSeconds * 1e6) / 1e3,
        unit: 'ms',
        note: `one 6,000-event baseline + current pair, median of ${smallRuns} runs`,
      },
      heapGrowth(),
    ];
  },
};
