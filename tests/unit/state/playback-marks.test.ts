import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTHY_SCENARIO } from '../../../src/contracts';
import { timelineView } from '../../../src/components/timeline/timeline-view';
import { LabState } from '../../../src/state/lab.svelte';
import { MarkRecorder } from '../../../src/state/playback-marks.svelte';
import { backoffInForce, fakeLabDeps } from './fakes';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A lab on a healthy window with a backoff in force whose term ends with the next cycle. */
async function labWithLapsingBackoff() {
  const lab = new LabState(fakeLabDeps().deps);
  lab.live.setScenario(HEALTHY_SCENARIO);
  await lab.live.settled();
  const { active, plane } = backoffInForce();
  lab.live.applyPlane(plane, [{ ...active, appliedWindow: 0, expiresWindow: 1 }]);
  await lab.live.settled();
  const recorder = new MarkRecorder(lab.cycles);
  recorder.reset();
  return { lab, recorder };
}

describe('the marks of actions that leave the plane', () => {
  it('marks an action whose term ran out as lapsed, not rolled back, and not as mitigation', async () => {
    const { lab, recorder } = await labWithLapsingBackoff();
    await lab.cycles.runCycle();
    expect(lab.live.activeActions).toEqual([]);
    recorder.noteOutsideChanges(3);
    expect(recorder.marks).toEqual([
      { window: 3, kind: 'unwound', detail: 'lapsed: implement_backoff' },
    ]);
    const view = timelineView([], recorder.marks, null, 0, 0.98);
    expect(view.markers.map((m) => m.label)).toEqual(['Lapsed']);
  });

  it('still marks an action taken back by hand as rolled back', async () => {
    const { lab, recorder } = await labWithLapsingBackoff();
    await lab.cycles.rollback(lab.live.activeActions[0]!.action.id);
    expect(lab.live.activeActions).toEqual([]);
    recorder.noteOutsideChanges(2);
    expect(recorder.marks).toEqual([
      { window: 2, kind: 'rolled_back', detail: 'an action in force was removed' },
    ]);
  });
});
