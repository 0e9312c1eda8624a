import {
  FAULT_NAMES,
  IncidentScriptSchema,
  MAX_SCRIPT_WINDOWS,
  eventEnd,
  parseContract,
  type IncidentScript,
  type Scenario,
  type ScriptEvent,
} from '../../contracts';
import { faultValueAt, readFault, scriptBase } from '../simulation/script';

/** A script with no events on `scenario`: the clock simply runs (a day of windows at most). */
export function freeRunScript(scenario: Scenario): IncidentScript {
  return parseContract(
    IncidentScriptSchema,
    {
      id: 'free_run',
      label: 'Free run',
      description: 'The clock runs on the scenario of the sliders; slider moves become events.',
      windows: MAX_SCRIPT_WINDOWS,
      base: scenario,
      events: [],
    },
    'free-run script',
  );
}

/**
 * The events of a script with `fault` set to `value` from `window` on: later events on that
 * fault are dropped, a hold or flap running then ends there, a ramp running then is kept window
 * by window up to the change; other faults are untouched.
 */
function withSet(
  script: IncidentScript,
  fault: string,
  value: number,
  window: number,
): ScriptEvent[] {
  const base = scriptBase(script);
  const events: ScriptEvent[] = [];
  for (const event of script.events) {
    if (event.fault !== fault || eventEnd(event) <= window) events.push(event);
    else if (event.at >= window) continue;
    else if (event.kind === 'hold' || event.kind === 'flap')
      events.push({ ...event, until: window });
    else {
      for (let w = event.at; w < window; w++) {
        events.push({
          at: w,
          fault,
          kind: 'set',
          value: faultValueAt(base, script.events, fault, w),
        });
      }
    }
  }
  const moved: ScriptEvent = { at: window, fault, kind: 'set', value };
  const after = events.findIndex((event) => event.at > window);
  events.splice(after === -1 ? events.length : after, 0, moved);
  return events;
}

/**
 * The script with a change of the world folded in at `window`: every fault whose value differs
 * between `before` and `after` (a slider moved, a preset picked) is set to its new value from
 * that window on. The result is checked against the script contract; a ContractError names the
 * event when the change does not fit (e.g. past the script's end).
 */
export function foldScenarioChange(
  script: IncidentScript,
  window: number,
  before: Scenario,
  after: Scenario,
): IncidentScript {
  let events = script.events;
  for (const fault of FAULT_NAMES) {
    const value = readFault(after, fault);
    if (value === readFault(before, fault)) continue;
    events = withSet({ ...script, events }, fault, value, window);
  }
  if (events === script.events) return script;
  return parseContract(IncidentScriptSchema, { ...script, events }, 'script');
}
