import { describe, expect, it } from 'vitest';
import {
  FAULT_NAMES,
  IncidentScriptSchema,
  ScriptRunRequestSchema,
  checkContract,
  DEFAULT_CONTROL_PLANE,
  type ScriptEvent,
} from '../../../src/contracts';

function script(events: unknown[], windows = 30) {
  return { id: 'test', label: 'Test', description: '', windows, events };
}

function refusal(events: unknown[], windows = 30): string {
  const result = checkContract(IncidentScriptSchema, script(events, windows), 'script');
  if (result.ok) throw new Error('the script was accepted');
  return result.message;
}

describe('the incident script contract', () => {
  it('accepts every kind of event on a well-formed timeline', () => {
    const events: ScriptEvent[] = [
      { at: 0, fault: 'retryAggressiveness', kind: 'set', value: 0.9 },
      { at: 2, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 4 },
      {
        at: 3,
        fault: 'routeHealth.visa.backup',
        kind: 'flap',
        values: [0.5, 1],
        every: 2,
        until: 9,
      },
      { at: 7, fault: 'issuerHealth.visa', kind: 'hold', value: 0.3, until: 10 },
      { at: 10, fault: 'issuerHealth.visa', kind: 'clear' },
      { at: 12, fault: 'trafficVolume', kind: 'set', value: 20_000 },
    ];
    const result = checkContract(IncidentScriptSchema, script(events), 'script');
    expect(result.ok).toBe(true);
  });

  it('names every issuer route, processor and decline surge as a fault', () => {
    expect(FAULT_NAMES).toContain('routeHealth.discover.backup');
    expect(FAULT_NAMES).toContain('issuerDeclineRates.amex');
    expect(FAULT_NAMES).toContain('backupProcessorHealth');
    expect(FAULT_NAMES).toHaveLength(4 + 3 + 4 + 8 + 4);
  });

  it('refuses events out of window order, naming the event', () => {
    const message = refusal([
      { at: 5, fault: 'processorHealth', kind: 'set', value: 0.5 },
      { at: 3, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 },
    ]);
    expect(message).toContain('events[1].at: events must be in window order');
  });

  it('refuses an event that starts while a ramp on the same fault is still running', () => {
    const message = refusal([
      { at: 2, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 4 },
      { at: 6, fault: 'issuerHealth.visa', kind: 'clear' },
    ]);
    expect(message).toContain('events[1].at: overlaps event 0 on issuerHealth.visa');
  });

  it('lets the next event start the window after a ramp ends, and on other faults at once', () => {
    const result = checkContract(
      IncidentScriptSchema,
      script([
        { at: 2, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 4 },
        { at: 3, fault: 'processorHealth', kind: 'set', value: 0.6 },
        { at: 7, fault: 'issuerHealth.visa', kind: 'clear' },
      ]),
      'script',
    );
    expect(result.ok).toBe(true);
  });

  it('refuses two events on one fault in the same window and a flap overlapped by a set', () => {
    expect(
      refusal([
        { at: 4, fault: 'trafficVolume', kind: 'set', value: 100 },
        { at: 4, fault: 'trafficVolume', kind: 'set', value: 200 },
      ]),
    ).toContain('events[1].at: overlaps event 0');
    expect(
      refusal([
        { at: 1, fault: 'processorHealth', kind: 'flap', values: [0.4, 1], every: 1, until: 6 },
        { at: 5, fault: 'processorHealth', kind: 'set', value: 1 },
      ]),
    ).toContain('events[1].at: overlaps event 0 on processorHealth, which runs to window 5');
  });

  it.each([
    [
      { at: 1, fault: 'issuerHealth.visa', kind: 'set', value: 1.2 },
      'events[0].value: issuerHealth.visa must be a number from 0 to 1, got 1.2',
    ],
    [
      { at: 1, fault: 'networkLatencyMultiplier', kind: 'set', value: 0.5 },
      'events[0].value: networkLatencyMultiplier must be a number from 1 to 10',
    ],
    [
      { at: 1, fault: 'trafficVolume', kind: 'set', value: 10.5 },
      'events[0].value: trafficVolume must be a whole number',
    ],
    [
      { at: 1, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.5, from: -1, over: 3 },
      'events[0].from: issuerHealth.visa must be a number from 0 to 1, got -1',
    ],
    [
      { at: 1, fault: 'processorHealth', kind: 'flap', values: [0.5, 2], every: 1, until: 4 },
      'events[0].values[1]: processorHealth must be a number from 0 to 1, got 2',
    ],
    [
      { at: 1, fault: 'clientBackoff', kind: 'ramp', value: 0, over: 2 },
      'events[0].kind: clientBackoff is a switch',
    ],
  ])('refuses a value out of its fault range: %j', (event, message) => {
    expect(refusal([event])).toContain(message);
  });

  it('refuses an unknown fault name, saying which faults exist', () => {
    const message = refusal([{ at: 1, fault: 'issuerHealth.jcb', kind: 'set', value: 0.5 }]);
    expect(message).toContain(
      'events[0].fault: unknown fault "issuerHealth.jcb"; known faults: issuerHealth.visa',
    );
  });

  it.each([
    [
      { at: 30, fault: 'processorHealth', kind: 'set', value: 0.5 },
      'events[0].at: window 30 is past the end (the script has windows 0–29)',
    ],
    [
      { at: 20, fault: 'processorHealth', kind: 'ramp', value: 0.5, over: 10 },
      'events[0].over: the event runs to window 30, past the end',
    ],
    [
      { at: 20, fault: 'processorHealth', kind: 'hold', value: 0.5, until: 31 },
      'events[0].until: the event runs to window 30, past the end',
    ],
    [
      { at: 20, fault: 'processorHealth', kind: 'hold', value: 0.5, until: 20 },
      'events[0].until: must come after window 20',
    ],
  ])('refuses an event that reaches past the last window: %j', (event, message) => {
    expect(refusal([event])).toContain(message);
  });

  it('refuses an unknown event kind and stray fields', () => {
    expect(refusal([{ at: 1, fault: 'processorHealth', kind: 'wobble', value: 1 }])).toContain(
      'events[0].kind',
    );
    expect(
      refusal([{ at: 1, fault: 'processorHealth', kind: 'set', value: 1, extra: true }]),
    ).toContain('events[0]');
  });

  it('refuses run actions out of order or past the end', () => {
    const run = (windows: number[]) =>
      checkContract(
        ScriptRunRequestSchema,
        {
          script: script([], 10),
          actions: windows.map((window) => ({ window, controlPlane: DEFAULT_CONTROL_PLANE })),
        },
        'script run',
      );
    expect(run([1, 4]).ok).toBe(true);
    const disorder = run([4, 4]);
    expect(disorder.ok || disorder.message).toContain(
      'actions[1].window: actions must be in strictly increasing window order',
    );
    const late = run([10]);
    expect(late.ok || late.message).toContain('actions[0].window: window 10 is past the end');
  });
});
