import {
  DEFAULT_CONTROL_PLANE,
  DEFAULT_REASONING_CONFIG,
  EMPTY_LEARNING_CONTEXT,
  HEALTHY_SCENARIO,
  type ReasoningInput,
  type Scenario,
} from '../../contracts';
import { reason } from '../../domain/reasoning';
import { simulatePair } from '../../domain/simulation';
import { medianSeconds, type BenchFigure, type BenchSection, BENCH_VISA_SCENARIO } from './measure';

const SCENARIO = BENCH_VISA_SCENARIO;

function input(scenario: Scenario): ReasoningInput {
  const { baseline, current } = simulatePair(scenario, DEFAULT_CONTROL_PLANE, 0);
  return {
    currentMetrics: current,
    baselineMetrics: baseline,
    learningContext: EMPTY_LEARNING_CONTEXT,
    config: DEFAULT_REASONING_CONFIG,
    now: 0,
  };
}

const ms = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

/** The reasoning engine's figures: one reason() call, and one simulate + reason cycle. */
export const reasoningSection: BenchSection = {
  name: 'reasoning',
  run(): BenchFigure[] {
    const runs = 501;
    const degraded = input(SCENARIO);
    const healthy = input(HEALTHY_SCENARIO);
    // Generous warm-up: the figures describe the optimised steady state, as in the worker.
    const reasonSeconds = medianSeconds(() => reason(degraded), runs, 500);
    const healthySeconds = medianSeconds(() => reason(healthy), runs, 500);
    const cycleSeconds = medianSeconds(
      () => {
        const { baseline, current } = simulatePair(SCENARIO, DEFAULT_CONTROL_PLANE, 0);
        return reason({ ...degraded, currentMetrics: current, baselineMetrics: baseline });
      },
      101,
      50,
    );
    return [
      {
        name: 'reasoning_reason_ms_6000',
        value: ms(reasonSeconds),
        unit: 'ms',
        note: `one reason() on 6,000-event snapshots (visa at 0.85), median of ${runs}; target < 1 ms`,
      },
      {
        name: 'reasoning_reason_healthy_ms_6000',
        value: ms(healthySeconds),
        unit: 'ms',
        note: `one reason() on a healthy 6,000-event pair, median of ${runs}`,
      },
      {
        name: 'reasoning_cycle_ms_6000',
        value: ms(cycleSeconds),
        unit: 'ms',
        note: 'simulatePair + reason on 6,000 events, median of 101',
      },
    ];
  },
};
