import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, type MetricsSnapshot, type RunMark } from '../../../src/contracts';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { timelineView } from '../../../src/components/timeline/timeline-view';
import type { WindowFrame } from '../../../src/state/playback.svelte';

/** A frame of 1,000 payments at `success`, its twin at 99 %. */
function frame(window: number, success: number): WindowFrame {
  const snapshot = {
    successRate: success,
    totalTransactions: 1000,
    costPerTransaction: 1,
  } as MetricsSnapshot;
  const baseline = { successRate: 0.99, totalTransactions: 1000 } as MetricsSnapshot;
  return {
    window,
    snapshot,
    baseline,
    controlPlane: DEFAULT_CONTROL_PLANE,
    reasoning: null,
    whatIf: [],
  };
}

describe('timelineView', () => {
  const script = presetScript('issuer_degrades_then_clears')!;
  const frames = Array.from({ length: 24 }, (_, w) => frame(w, w >= 6 && w < 20 ? 0.85 : 0.99));
  const marks: RunMark[] = [
    { window: 7, kind: 'detected', detail: 'anomalies' },
    { window: 9, kind: 'executed', detail: 'shift_traffic' },
  ];

  it('adds the computed recovery to the recorded marks and times the incident from its band', () => {
    const view = timelineView(frames, marks, script, 24, 0.98);
    expect(view.faultStart).toBe(6);
    expect(view.markers.map((m) => [m.kind, m.window, m.label])).toEqual([
      ['detected', 7, 'Detected'],
      ['executed', 9, 'Executed shift_traffic'],
      ['recovered', 20, 'Recovered'],
    ]);
    expect(view.headline.timeToDetect).toBe(1);
    expect(view.headline.timeToMitigate).toBe(3);
    expect(view.headline.timeToRecover).toBe(14);
  });

  it('counts a change of the plane as mitigation, not a notification', () => {
    const notified: RunMark[] = [
      { window: 7, kind: 'detected', detail: 'anomalies' },
      { window: 7, kind: 'executed', detail: 'send_notification' },
      { window: 8, kind: 'executed', detail: 'send_notification' },
      { window: 11, kind: 'executed', detail: 'shift_traffic' },
    ];
    const view = timelineView(frames, notified, script, 24, 0.98);
    expect(view.headline.timeToMitigate).toBe(5);
    const alone = timelineView(frames, notified.slice(0, 3), script, 24, 0.98);
    expect(alone.headline.timeToMitigate).toBeNull();
    // A lapse is the term running out, no mitigation either; an unwind by the agent is one.
    const lapsed = [
      ...notified.slice(0, 3),
      { window: 9, kind: 'unwound', detail: 'lapsed: implement_backoff' },
    ] as RunMark[];
    expect(timelineView(frames, lapsed, script, 24, 0.98).headline.timeToMitigate).toBeNull();
    const unwound = [
      ...notified.slice(0, 3),
      { window: 9, kind: 'unwound', detail: 'unwind_action' },
    ] as RunMark[];
    expect(timelineView(frames, unwound, script, 24, 0.98).headline.timeToMitigate).toBe(3);
  });

  it('labels a run of the same marker once, keeping every line', () => {
    const run: RunMark[] = [
      { window: 6, kind: 'executed', detail: 'send_notification' },
      { window: 8, kind: 'executed', detail: 'send_notification' },
      { window: 7, kind: 'executed', detail: 'send_notification' },
      { window: 8, kind: 'executed', detail: 'shift_traffic' },
      { window: 12, kind: 'executed', detail: 'send_notification' },
    ];
    const view = timelineView(frames, run, script, 24, 0.98);
    expect(view.markers.map((m) => [m.window, m.label, m.labelled])).toEqual([
      [6, 'Notified', true],
      [7, 'Notified', false],
      [8, 'Notified', false],
      [8, 'Executed shift_traffic', true],
      // Four windows after the last one: a new notification, written again.
      [12, 'Notified', true],
      [20, 'Recovered', true],
    ]);
  });

  it('reports the peak 1 h burn and when each alert first fired', () => {
    const view = timelineView(frames, marks, script, 24, 0.99);
    // 15 % errors against a 1 % budget burn 15×: the fast alert fires once its 5 windows are bad;
    // the slow one once its 30-window span (the 10 there are) burns 6× — at window 9, 4 bad of 10.
    expect(view.peakBurn).toBeCloseTo(15, 6);
    expect(view.fastFiredAt).toBe(10);
    expect(view.slowFiredAt).toBe(9);
  });

  it('has neither bands nor a recovery before any window is played', () => {
    const view = timelineView([], [], script, 0, 0.98);
    expect(view.bands).toEqual([]);
    expect(view.markers).toEqual([]);
    expect(view.peakBurn).toBeNull();
  });
});
