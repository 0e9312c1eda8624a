import {
  FAULT_RANGES,
  HEALTHY_SCENARIO,
  type IncidentScript,
  type Scenario,
  type ScriptEvent,
} from '../../contracts';
import { healthyValue, readFault, writeFault } from './script-faults';

export { healthyValue, readFault, writeFault } from './script-faults';

/** The world a script starts from: its base scenario, or the healthy one. */
export function scriptBase(script: IncidentScript): Scenario {
  return script.base ?? HEALTHY_SCENARIO;
}

/** A point between `from` and `to`, `step` of `steps` of the way; exact at both ends. */
function lerp(from: number, to: number, step: number, steps: number): number {
  return step >= steps ? to : from + (to - from) * (step / steps);
}

/**
 * The value of one fault at `window`, folding that fault's events (in order, never overlapping)
 * over its value in the base scenario. Pure: the same script and window give the same value.
 */
export function faultValueAt(
  base: Scenario,
  events: readonly ScriptEvent[],
  fault: string,
  window: number,
): number {
  let value = readFault(base, fault);
  for (const event of events) {
    if (event.fault !== fault || event.at > window) continue;
    const age = window - event.at;
    switch (event.kind) {
      case 'set':
        value = event.value;
        break;
      case 'clear':
        value = healthyValue(base, fault);
        break;
      case 'ramp':
        value = lerp(event.from ?? value, event.value, age, event.over);
        break;
      case 'hold':
        // After the hold the fault has what it had before, so `value` is left alone.
        if (window < event.until) value = event.value;
        break;
      case 'flap':
        if (window < event.until) value = event.values[Math.floor(age / event.every) % 2]!;
        break;
    }
  }
  // Whole-number faults (payments, the backoff switch) stay whole through a ramp.
  return FAULT_RANGES[fault]!.integer ? Math.round(value) : value;
}

/**
 * The scenario in force at `window` of a checked script: the base scenario with every fault an
 * event has reached by then moved to its value at that window. The seed is the base's; a runner
 * gives each window its own.
 */
export function scenarioAt(script: IncidentScript, window: number): Scenario {
  const base = scriptBase(script);
  let scenario: Scenario = { ...base, id: script.id };
  const touched = new Set<string>();
  for (const event of script.events) if (event.at <= window) touched.add(event.fault);
  for (const fault of touched) {
    scenario = writeFault(scenario, fault, faultValueAt(base, script.events, fault, window));
  }
  return scenario;
}
