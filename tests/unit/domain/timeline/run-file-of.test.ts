import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE } from '../../../../src/contracts';
import { RunFileSchema } from '../../../../src/contracts/run-file';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { runFileOf } from '../../../../src/domain/timeline';

const clock = { script: presetScript('processor_outage')!, seed: 7, startTime: 1_700_000_000_000 };
const shifted = { ...DEFAULT_CONTROL_PLANE, disabledRoutes: [] };

describe('runFileOf', () => {
  it('keeps what was recorded of the windows played', () => {
    const run = runFileOf(clock, 6, DEFAULT_CONTROL_PLANE, {
      actions: [{ window: 5, controlPlane: shifted }],
      marks: [{ window: 5, kind: 'detected', detail: 'anomalies' }],
      conclusions: [],
    });
    expect(run.windows).toBe(6);
    expect(run.actions).toEqual([{ window: 5, controlPlane: shifted }]);
    expect(run.marks).toEqual([{ window: 5, kind: 'detected', detail: 'anomalies' }]);
    expect(RunFileSchema.safeParse(run).success).toBe(true);
  });

  it('leaves out what the record holds of the window in progress, so the file still parses', () => {
    // Window 5 is being played: its plane and detection are noted before it counts as played.
    const run = runFileOf(clock, 5, DEFAULT_CONTROL_PLANE, {
      actions: [
        { window: 2, controlPlane: shifted },
        { window: 5, controlPlane: DEFAULT_CONTROL_PLANE },
      ],
      marks: [
        { window: 4, kind: 'detected', detail: 'anomalies' },
        { window: 5, kind: 'executed', detail: 'failover_processor' },
      ],
    });
    expect(run.actions).toEqual([{ window: 2, controlPlane: shifted }]);
    expect(run.marks).toEqual([{ window: 4, kind: 'detected', detail: 'anomalies' }]);
    expect(run.conclusions).toBeUndefined();
    expect(RunFileSchema.safeParse(run).success).toBe(true);
  });
});
