import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  type ControlPlane,
  type ScriptRunRequest,
} from '../../../../src/contracts';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { scenarioAt } from '../../../../src/domain/simulation/script';
import { runScript } from '../../../../src/domain/simulation/script-runner';
import { stepWindow, windowSeed } from '../../../../src/domain/simulation/step';

const script = presetScript('issuer_degrades_then_clears')!;
const shortScript = { ...script, windows: 14, events: script.events.slice(0, 1) };

/** Half of Visa's traffic on the backup route. */
const shifted: ControlPlane = {
  ...DEFAULT_CONTROL_PLANE,
  routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
};

describe('running a script', () => {
  it('gives the same windows bit for bit for the same script, actions and seed', () => {
    const request: ScriptRunRequest = {
      script: shortScript,
      seed: 7,
      actions: [{ window: 9, controlPlane: shifted }],
    };
    const first = runScript(request);
    const second = runScript(structuredClone(request));
    expect(first).toHaveLength(14);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('steps the world window by window on windowSeed(seed, t), carrying its state', () => {
    const windows = runScript({ script: shortScript, seed: 7, startTime: 1_000 });
    let state = INITIAL_WORLD_STATE;
    for (let t = 0; t < shortScript.windows; t++) {
      const step = stepWindow({
        scenario: { ...scenarioAt(shortScript, t), seed: windowSeed(7, t) },
        controlPlane: DEFAULT_CONTROL_PLANE,
        state,
        timestamp: 1_000 + t * 60_000,
      });
      expect(windows[t]).toEqual(step.snapshot);
      state = step.state;
    }
    expect(windows[3]!.timestamp).toBe(1_000 + 3 * 60_000);
    expect(new Set(windows.map((w) => w.seed)).size).toBe(shortScript.windows);
  });

  it('follows the fault: Visa degrades during the ramp and recovers after the clear', () => {
    const windows = runScript({ script, seed: 42 });
    const visa = (t: number) => windows[t]!.issuerMetrics.find((m) => m.issuerId === 'visa')!;
    expect(visa(2).successRate).toBeGreaterThan(0.97);
    expect(visa(15).successRate).toBeLessThan(visa(2).successRate - 0.2);
    expect(visa(25).successRate).toBeGreaterThan(0.97);
  });

  it('applies an action from its window on and leaves the windows before it alone', () => {
    const plain = runScript({ script: shortScript, seed: 3 });
    const acted = runScript({
      script: shortScript,
      seed: 3,
      actions: [{ window: 11, controlPlane: shifted }],
    });
    expect(acted.slice(0, 11)).toEqual(plain.slice(0, 11));
    const visaBackup = (t: number) =>
      acted[t]!.issuerMetrics.find((m) => m.issuerId === 'visa')!.routes!.find(
        (r) => r.routeId === 'backup',
      )!.transactionCount;
    expect(visaBackup(10)).toBe(0);
    expect(visaBackup(11)).toBeGreaterThan(1000);
    expect(acted[12]!.successRate).toBeGreaterThan(plain[12]!.successRate);
  });

  it('gives different windows for a different seed', () => {
    const a = runScript({ script: shortScript, seed: 1 });
    const b = runScript({ script: shortScript, seed: 2 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('refuses a bad request before simulating anything, naming the field', () => {
    expect(() => runScript({ script: { ...shortScript, windows: 0 }, seed: 1 })).toThrow(
      /Invalid script run: script\.windows/,
    );
    expect(() =>
      runScript({ script: shortScript, actions: [{ window: 99, controlPlane: shifted }] }),
    ).toThrow(/actions\[0\]\.window: window 99 is past the end/);
  });
});
