import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTROL_PLANE } from '../../../src/contracts';
import { playApproving } from './play-approving';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a processor outage played in the page with a human approving', () => {
  it('fails over in two approved steps and, once the processor is back, unwinds both to default', async () => {
    const { lab, fakes } = await playApproving('processor_outage', 30);
    const executed = fakes.history.records.filter((r) => r.status === 'executed');
    const failovers = executed.filter((r) => r.actionType === 'failover_processor');
    const unwinds = executed.filter((r) => r.actionType === 'unwind_action');
    // The second failover moves the rest on the same window, leaving the probe share.
    expect(failovers).toHaveLength(2);
    const undone = new Set(unwinds.map((r) => r.decision.selectedAction.parameters.actionRecordId));
    expect(undone).toEqual(new Set(failovers.map((r) => r.id)));
    // Both routes were healthy by then: an unwind promised no gain from their noise, and met it.
    for (const u of unwinds) {
      expect(u.decision.selectedAction.estimatedImpact.successRateChange).toBe(0);
      expect(u.outcome?.metExpectations).toBe(true);
    }
    // The timeline marks each of them, though both failovers came on one window, each after an
    // approval and before the cycle that followed it.
    const marks = lab.playback.marks;
    expect(
      marks.filter((m) => m.kind === 'executed' && m.detail === 'failover_processor'),
    ).toHaveLength(2);
    expect(marks.filter((m) => m.kind === 'unwound')).toHaveLength(unwinds.length);
    // Unwound to the last share, the actions left the plane: no rollback happened.
    expect(marks.filter((m) => m.kind === 'rolled_back')).toEqual([]);
    expect(lab.live.activeActions).toEqual([]);
    expect(lab.live.controlPlane.routing).toEqual(DEFAULT_CONTROL_PLANE.routing);
  });
});
