import { describe, expect, it } from 'vitest';
import {
  HEALTHY_SCENARIO,
  IncidentScriptSchema,
  parseContract,
  type ScriptEvent,
} from '../../../../src/contracts';
import { faultValueAt, scenarioAt } from '../../../../src/domain/simulation/script';

function script(events: ScriptEvent[], windows = 30, base = HEALTHY_SCENARIO) {
  return parseContract(
    IncidentScriptSchema,
    { id: 'test', label: 'Test', description: '', windows, base, events },
    'script',
  );
}

const series = (s: ReturnType<typeof script>, fault: string, windows: number[]) =>
  windows.map((w) => faultValueAt(s.base!, s.events, fault, w));

describe('the scenario in force at a window', () => {
  it('is the base scenario before the first event, labelled with the script', () => {
    const s = script([{ at: 5, fault: 'processorHealth', kind: 'set', value: 0.5 }]);
    expect(scenarioAt(s, 4)).toEqual({ ...HEALTHY_SCENARIO, id: 'test' });
    expect(scenarioAt(s, 5).processorHealth).toBe(0.5);
    expect(scenarioAt(s, 29).processorHealth).toBe(0.5);
  });

  it('ramps in a straight line from the value before, exact at both ends, then holds it', () => {
    const s = script([{ at: 2, fault: 'issuerHealth.visa', kind: 'ramp', value: 0.6, over: 4 }]);
    expect(series(s, 'issuerHealth.visa', [1, 2, 3, 4, 5, 6, 7])).toEqual([
      1,
      1,
      1 - 0.4 * 0.25,
      1 - 0.4 * 0.5,
      1 - 0.4 * 0.75,
      0.6,
      0.6,
    ]);
  });

  it('starts a ramp at its own `from` value: a slow burn from 0.97 to 0.90 over 20 windows', () => {
    const s = script([
      { at: 5, fault: 'issuerHealth.mastercard', kind: 'ramp', value: 0.9, from: 0.97, over: 20 },
    ]);
    const [before, first, middle, last, after] = series(
      s,
      'issuerHealth.mastercard',
      [4, 5, 15, 25, 29],
    );
    expect(before).toBe(1);
    expect(first).toBe(0.97);
    expect(middle).toBeCloseTo(0.935, 12);
    expect(last).toBe(0.9);
    expect(after).toBe(0.9);
  });

  it('holds a value for a span and then returns to what the fault had before', () => {
    const s = script([
      { at: 1, fault: 'processorHealth', kind: 'set', value: 0.9 },
      { at: 3, fault: 'processorHealth', kind: 'hold', value: 0.4, until: 6 },
    ]);
    expect(series(s, 'processorHealth', [0, 1, 3, 5, 6, 20])).toEqual([1, 0.9, 0.4, 0.4, 0.9, 0.9]);
  });

  it('clears a fault back to its healthy value, not to the value before the event', () => {
    const base = { ...HEALTHY_SCENARIO, retryAggressiveness: 0.9, trafficVolume: 12_000 };
    const s = script(
      [
        { at: 2, fault: 'retryAggressiveness', kind: 'set', value: 1 },
        { at: 2, fault: 'trafficVolume', kind: 'set', value: 40_000 },
        { at: 4, fault: 'retryAggressiveness', kind: 'clear' },
        { at: 4, fault: 'trafficVolume', kind: 'clear' },
      ],
      30,
      base,
    );
    expect(scenarioAt(s, 3).retryAggressiveness).toBe(1);
    expect(scenarioAt(s, 4).retryAggressiveness).toBe(0.2);
    // Volume is load, not a fault: clearing it goes back to the base scenario's traffic.
    expect(scenarioAt(s, 3).trafficVolume).toBe(40_000);
    expect(scenarioAt(s, 4).trafficVolume).toBe(12_000);
  });

  it('flaps between two values every N windows until its end, then restores the value before', () => {
    const s = script([
      {
        at: 2,
        fault: 'routeHealth.visa.backup',
        kind: 'flap',
        values: [0.5, 1],
        every: 2,
        until: 9,
      },
    ]);
    expect(series(s, 'routeHealth.visa.backup', [1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([
      1, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1,
    ]);
    expect(scenarioAt(s, 2).routeHealth).toEqual({ visa: { backup: 0.5 } });
    expect(scenarioAt(s, 1).routeHealth).toBeUndefined();
  });

  it('writes optional faults without disturbing the others', () => {
    const s = script([
      { at: 0, fault: 'routeHealth.visa.primary', kind: 'set', value: 0.7 },
      { at: 0, fault: 'routeHealth.visa.backup', kind: 'set', value: 0.8 },
      { at: 0, fault: 'backupProcessorHealth', kind: 'set', value: 0.6 },
      { at: 0, fault: 'issuerDeclineRates.amex', kind: 'set', value: 0.15 },
      { at: 0, fault: 'clientBackoff', kind: 'set', value: 0 },
    ]);
    const scenario = scenarioAt(s, 0);
    expect(scenario.routeHealth).toEqual({ visa: { primary: 0.7, backup: 0.8 } });
    expect(scenario.backupProcessorHealth).toBe(0.6);
    expect(scenario.issuerDeclineRates).toEqual({ amex: 0.15 });
    expect(scenario.clientBackoff).toBe(false);
    expect(scenario.issuerHealth).toEqual(HEALTHY_SCENARIO.issuerHealth);
  });

  it('keeps whole-number faults whole through a ramp', () => {
    const s = script([{ at: 0, fault: 'trafficVolume', kind: 'ramp', value: 6001, over: 3 }]);
    const volumes = series(s, 'trafficVolume', [0, 1, 2, 3]);
    expect(volumes).toEqual([6000, 6000, 6001, 6001]);
    expect(volumes.every(Number.isInteger)).toBe(true);
  });
});
