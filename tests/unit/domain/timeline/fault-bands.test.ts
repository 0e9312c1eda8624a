import { describe, expect, it } from 'vitest';
import { HEALTHY_SCENARIO } from '../../../../src/contracts';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import {
  faultBands,
  firstFaultWindow,
  foldScenarioChange,
  freeRunScript,
} from '../../../../src/domain/timeline';
import { scenarioAt } from '../../../../src/domain/simulation/script';

describe('faultBands', () => {
  it('bands a ramp and its hold from its first moved window to the clear, with the values', () => {
    const bands = faultBands(presetScript('issuer_degrades_then_clears')!);
    expect(bands).toEqual([
      { fault: 'issuerHealth.visa', from: 6, to: 19, label: 'Visa health 60–92 %' },
    ]);
    expect(firstFaultWindow(bands)).toBe(6);
  });

  it('bands each fault of a two-fault incident on its own', () => {
    const bands = faultBands(presetScript('latency_and_declines')!);
    expect(bands.map((b) => [b.label, b.from, b.to])).toEqual([
      ['Amex declines 15 %', 8, 21],
      ['Network latency 3×', 8, 21],
    ]);
  });

  it('cuts the bands at the windows played so far', () => {
    const bands = faultBands(presetScript('processor_retry_storm')!, 8);
    expect(bands.find((b) => b.fault === 'processorHealth')).toMatchObject({ from: 5, to: 7 });
  });

  it('has no band for a healthy free run', () => {
    expect(faultBands(freeRunScript(HEALTHY_SCENARIO))).toEqual([]);
    expect(firstFaultWindow([])).toBeNull();
  });
});

describe('foldScenarioChange', () => {
  it('turns a slider move into a set event at the window, so the band starts there', () => {
    const script = freeRunScript(HEALTHY_SCENARIO);
    const after = {
      ...HEALTHY_SCENARIO,
      issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.5 },
    };
    const folded = foldScenarioChange(script, 12, HEALTHY_SCENARIO, after);
    expect(folded.events).toEqual([
      { at: 12, fault: 'issuerHealth.visa', kind: 'set', value: 0.5 },
    ]);
    expect(faultBands(folded, 20)[0]).toMatchObject({
      from: 12,
      to: 19,
      label: 'Visa health 50 %',
    });
  });

  it('ends a running hold at the move and keeps what the script did before it', () => {
    const script = presetScript('processor_retry_storm')!;
    const before = scenarioAt(script, 7);
    const folded = foldScenarioChange(script, 7, before, { ...before, processorHealth: 1 });
    expect(scenarioAt(folded, 6).processorHealth).toBe(0.6);
    expect(scenarioAt(folded, 7).processorHealth).toBe(1);
    expect(folded.events.find((e) => e.kind === 'hold')).toMatchObject({ at: 5, until: 7 });
  });

  it('leaves the script as it was when nothing a script can move changed', () => {
    const script = freeRunScript(HEALTHY_SCENARIO);
    expect(foldScenarioChange(script, 3, HEALTHY_SCENARIO, { ...HEALTHY_SCENARIO, seed: 9 })).toBe(
      script,
    );
  });

  it('refuses a move past the end of the script, naming the window', () => {
    const script = presetScript('slow_burn')!;
    const after = { ...HEALTHY_SCENARIO, processorHealth: 0.5 };
    expect(() => foldScenarioChange(script, 30, HEALTHY_SCENARIO, after)).toThrow(/past the end/);
  });
});
