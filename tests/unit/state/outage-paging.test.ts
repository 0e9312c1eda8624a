import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_OBSERVED_WINDOWS } from '../../../src/contracts';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { playApproving } from './play-approving';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a processor outage that lasts, played in the page with a human approving', () => {
  it('pages a human once per pattern while the notice is in view, and proposes nothing it cannot run', async () => {
    const windows = 30;
    const { lab, fakes } = await playApproving('lasting_processor_outage', windows);
    const records = fakes.history.records;
    const notices = records.filter((r) => r.actionType === 'send_notification');
    const patterns = new Set(notices.map((r) => r.pattern));
    // Each pattern at most once per stretch of windows the agent is shown (it was every window).
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(
      patterns.size * Math.ceil(windows / MAX_OBSERVED_WINDOWS),
    );
    // Waiting instead of paging is a choice with a reason: it says who was told.
    const waits = records.filter((r) => r.actionType === 'do_nothing' && r.pattern !== 'noise');
    expect(
      waits.some((r) =>
        /told of \w+ in window \d+/.test(r.decision.selectedAction.rationale ?? ''),
      ),
    ).toBe(true);
    // Nothing it proposed was blocked: no longer timeout for the probe's timeouts, no switch-off.
    expect(records.filter((r) => r.status === 'blocked')).toEqual([]);
    expect(records.some((r) => r.actionType === 'disable_route')).toBe(false);
    expect(lab.live.notices.length).toBeGreaterThan(0);
    // A new run is another incident: its paging log starts empty.
    lab.playback.begin(presetScript('lasting_processor_outage')!);
    expect(lab.live.notices).toEqual([]);
  });
});
