import {
  IncidentScriptSchema,
  checkContract,
  eventEnd,
  type IncidentScript,
  type ParseResult,
  type ScriptEvent,
  type SetEvent,
} from '../../contracts';
import { faultValueAt, scriptBase } from '../simulation/script';

/** The fault each slider moves, and how a slider value becomes the fault's value. */
const SLIDER_FAULTS: Readonly<Record<string, { fault: string; scale: number }>> = {
  visa: { fault: 'issuerHealth.visa', scale: 0.01 },
  mastercard: { fault: 'issuerHealth.mastercard', scale: 0.01 },
  amex: { fault: 'issuerHealth.amex', scale: 0.01 },
  discover: { fault: 'issuerHealth.discover', scale: 0.01 },
  processor: { fault: 'processorHealth', scale: 0.01 },
  declines: { fault: 'issuerDeclineRate', scale: 0.01 },
  latency: { fault: 'networkLatencyMultiplier', scale: 1 },
  retry: { fault: 'retryAggressiveness', scale: 0.01 },
  volume: { fault: 'trafficVolume', scale: 1 },
};

/** A slider moved to `value` (in slider units) at window `window` of a run. */
export interface SliderMove {
  /** The slider's link key, e.g. `visa` or `latency`. */
  key: string;
  value: number;
  window: number;
}

/** The script event a slider move is: its fault set to the slider's value from that window on. */
export function sliderEvent(move: SliderMove): SetEvent {
  const target = SLIDER_FAULTS[move.key];
  if (!target) throw new Error(`no slider has the key ${JSON.stringify(move.key)}`);
  // Divide rather than multiply by 0.01 so 60 becomes exactly 0.6, as the slider's own write does.
  const value = target.scale === 1 ? move.value : move.value / (1 / target.scale);
  return { at: move.window, fault: target.fault, kind: 'set', value };
}

/**
 * The script with a slider move folded in: the person takes the fault over from that window on.
 * Later events on that fault are dropped, a hold or flap running then ends there, and a ramp
 * running then is kept window by window up to the move; every other fault is untouched. The
 * result is checked against the script contract (a move past the end is refused).
 */
export function applySliderMove(
  script: IncidentScript,
  move: SliderMove,
): ParseResult<IncidentScript> {
  const moved = sliderEvent(move);
  const base = scriptBase(script);
  const events: ScriptEvent[] = [];
  for (const event of script.events) {
    if (event.fault !== moved.fault || eventEnd(event) <= move.window) {
      events.push(event);
    } else if (event.at >= move.window) {
      continue;
    } else if (event.kind === 'hold' || event.kind === 'flap') {
      events.push({ ...event, until: move.window });
    } else {
      // A ramp cut short: the windows it already ran keep their exact values as sets.
      for (let w = event.at; w < move.window; w++) {
        const value = faultValueAt(base, script.events, moved.fault, w);
        events.push({ at: w, fault: moved.fault, kind: 'set', value });
      }
    }
  }
  const after = events.findIndex((event) => event.at > move.window);
  events.splice(after === -1 ? events.length : after, 0, moved);
  return checkContract(IncidentScriptSchema, { ...script, events }, 'script');
}
