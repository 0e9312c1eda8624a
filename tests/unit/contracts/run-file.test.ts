import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, RUN_FILE_FORMAT, parseRunFile } from '../../../src/contracts';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';

/** A valid run of the Visa preset: 12 windows, one plane change at window 7, two marks. */
function run(overrides: Record<string, unknown> = {}) {
  return {
    format: RUN_FILE_FORMAT,
    version: 1,
    script: presetScript('issuer_degrades_then_clears'),
    seed: 42,
    startTime: 1_700_000_000_000,
    windows: 12,
    initialPlane: DEFAULT_CONTROL_PLANE,
    actions: [{ window: 7, controlPlane: { ...DEFAULT_CONTROL_PLANE, timeoutMs: 2000 } }],
    marks: [
      { window: 6, kind: 'detected', detail: 'anomalies' },
      { window: 7, kind: 'executed', detail: 'adjust_timeout' },
    ],
    ...overrides,
  };
}

describe('parseRunFile', () => {
  it('accepts a run file and gives back its script, seed and actions', () => {
    const parsed = parseRunFile(JSON.stringify(run()));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.script.id).toBe('issuer_degrades_then_clears');
    expect(parsed.value.actions[0]!.window).toBe(7);
  });

  it('refuses text that is not JSON, saying so', () => {
    const parsed = parseRunFile('{ not json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toBe('Run file refused: it is not JSON text.');
  });

  it('refuses another kind of file by its format field', () => {
    const parsed = parseRunFile(JSON.stringify(run({ format: 'agent-payment-lab-history' })));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(/^Run file refused: .*format/);
  });

  it('names the field of a bad seed and of a bad script event', () => {
    const bad = parseRunFile(JSON.stringify(run({ seed: -3 })));
    expect(!bad.ok && bad.message).toMatch(/seed/);
    const script = {
      ...presetScript('slow_burn')!,
      events: [{ at: 5, fault: 'nope', kind: 'clear' }],
    };
    const badScript = parseRunFile(JSON.stringify(run({ script })));
    expect(!badScript.ok && badScript.message).toMatch(/script\.events\[0\]\.fault: unknown fault/);
  });

  it('refuses actions out of order or past the windows played, and more windows than the script', () => {
    const plane = DEFAULT_CONTROL_PLANE;
    const unordered = parseRunFile(
      JSON.stringify(
        run({
          actions: [
            { window: 5, controlPlane: plane },
            { window: 5, controlPlane: plane },
          ],
        }),
      ),
    );
    expect(!unordered.ok && unordered.message).toMatch(/actions\[1\]\.window: .*increasing/);
    const late = parseRunFile(
      JSON.stringify(run({ actions: [{ window: 12, controlPlane: plane }] })),
    );
    expect(!late.ok && late.message).toMatch(
      /actions\[0\]\.window: .*past the run's last window \(11\)/,
    );
    const long = parseRunFile(JSON.stringify(run({ windows: 31 })));
    expect(!long.ok && long.message).toMatch(
      /windows: the run played 31 windows but its script has only 30/,
    );
    const mark = parseRunFile(
      JSON.stringify(run({ marks: [{ window: 20, kind: 'detected', detail: '' }] })),
    );
    expect(!mark.ok && mark.message).toMatch(/marks\[0\]\.window/);
  });

  it('reads the conclusions per window and names a bad one by its field', () => {
    const conclusion = {
      window: 6,
      pattern: 'issuer_degradation',
      action: 'shift_traffic',
      confidence: 0.8,
      verdict: 'needs_approval',
      reason: 'Novel situation',
      executed: false,
    };
    const good = parseRunFile(JSON.stringify(run({ conclusions: [conclusion] })));
    expect(good.ok && good.value.conclusions).toEqual([conclusion]);
    const past = parseRunFile(
      JSON.stringify(run({ conclusions: [{ ...conclusion, window: 12 }] })),
    );
    expect(!past.ok && past.message).toMatch(/conclusions\[0\]\.window/);
    const twice = parseRunFile(JSON.stringify(run({ conclusions: [conclusion, conclusion] })));
    expect(!twice.ok && twice.message).toMatch(/conclusions\[1\]\.window/);
    const verdict = parseRunFile(
      JSON.stringify(run({ conclusions: [{ ...conclusion, verdict: 'maybe' }] })),
    );
    expect(!verdict.ok && verdict.message).toMatch(/conclusions\[0\]\.verdict/);
    const sure = parseRunFile(
      JSON.stringify(run({ conclusions: [{ ...conclusion, confidence: 1 }] })),
    );
    expect(!sure.ok && sure.message).toMatch(/conclusions\[0\]\.confidence/);
  });
});
