import { describe, expect, it } from 'vitest';
import { IncidentScriptSchema, parseContract } from '../../../../src/contracts';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { applySliderMove, sliderEvent } from '../../../../src/domain/scenarios/slider-events';
import { SCENARIO_CONTROLS } from '../../../../src/domain/scenarios/controls';
import { scenarioAt } from '../../../../src/domain/simulation/script';

function moved(id: string, key: string, value: number, window: number) {
  const result = applySliderMove(presetScript(id)!, { key, value, window });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('a slider moved during a run', () => {
  it('becomes a set event at the current window, in the fault units the slider writes', () => {
    expect(sliderEvent({ key: 'visa', value: 60, window: 4 })).toEqual({
      at: 4,
      fault: 'issuerHealth.visa',
      kind: 'set',
      value: 0.6,
    });
    expect(sliderEvent({ key: 'latency', value: 2.5, window: 0 }).value).toBe(2.5);
    expect(sliderEvent({ key: 'volume', value: 20_000, window: 0 }).fault).toBe('trafficVolume');
  });

  it('writes the same value as the slider itself for every control', () => {
    const script = parseContract(
      IncidentScriptSchema,
      { id: 'empty', label: 'Empty', description: '', windows: 5, events: [] },
      'script',
    );
    for (const control of SCENARIO_CONTROLS) {
      const value = control.key === 'latency' ? 2.7 : control.key === 'volume' ? 9000 : 37;
      const result = applySliderMove(script, { key: control.key, value, window: 2 });
      if (!result.ok) throw new Error(result.message);
      const expected = control.write(scenarioAt(script, 2), value);
      expect(scenarioAt(result.value, 2)).toEqual(expected);
      expect(control.read(scenarioAt(result.value, 4))).toBe(value);
    }
  });

  it('cuts a running ramp: windows before the move keep their exact values, later events go', () => {
    const original = presetScript('issuer_degrades_then_clears')!;
    const script = moved('issuer_degrades_then_clears', 'visa', 90, 8);
    for (let w = 0; w < 8; w++) expect(scenarioAt(script, w)).toEqual(scenarioAt(original, w));
    expect(scenarioAt(script, 8).issuerHealth.visa).toBe(0.9);
    // The scheduled clear at window 20 was on the same fault: the person has taken it over.
    expect(scenarioAt(script, 25).issuerHealth.visa).toBe(0.9);
  });

  it('ends a running hold at the move and leaves other faults to the script', () => {
    const script = moved('processor_retry_storm', 'processor', 80, 8);
    expect(scenarioAt(script, 7).processorHealth).toBe(0.6);
    expect(scenarioAt(script, 9).processorHealth).toBe(0.8);
    expect(scenarioAt(script, 9).retryAggressiveness).toBe(0.95);
  });

  it('refuses a move past the end of the script and a key no slider has', () => {
    const late = applySliderMove(presetScript('slow_burn')!, {
      key: 'visa',
      value: 50,
      window: 30,
    });
    expect(late.ok || late.message).toContain('window 30 is past the end');
    expect(() => sliderEvent({ key: 'bogus', value: 1, window: 0 })).toThrow(/bogus/);
  });
});
