import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  MAX_OBSERVED_NOTICES,
  MAX_OBSERVED_WINDOWS,
  type Decision,
  type NoticeView,
} from '../../../../src/contracts';
import { buildObservation } from '../../../../src/domain/execution/observation';
import { logNotice, noticeOf, noticesInView } from '../../../../src/domain/execution/notices';
import { observedView } from '../../../../src/domain/reasoning/observed';
import { makeSnapshot } from '../reasoning/snapshots';
import { observe } from '../reasoning/observations';

function decisionOf(
  type: Decision['selectedAction']['type'],
  parameters = {},
  pattern = 'latency_spike',
): Decision {
  return {
    selectedAction: {
      id: `action_${type}`,
      category: type === 'send_notification' ? 'alerting' : 'none',
      type,
      description: type,
      parameters,
      estimatedImpact: { successRateChange: 0, latencyImpact: 0, costImpact: 0, riskLevel: 0.05 },
      prerequisites: [],
      reversible: true,
    },
    rejectedActions: [],
    score: 0.5,
    requiresHumanApproval: false,
    approvalReasons: [],
    confidenceInDecision: 0.9,
    decidedAt: 1,
    pattern,
  };
}

const notice = (window: number): NoticeView => ({
  pattern: 'latency_spike',
  channel: 'on_call',
  window,
});

describe('the paging log', () => {
  it('takes a notice from a notification, with its pattern, channel and window', () => {
    expect(noticeOf(decisionOf('send_notification', { channel: 'on_call' }), 7)).toEqual(notice(7));
    expect(
      noticeOf(decisionOf('send_notification', { channel: 'on_call', severity: 'critical' }), 7),
    ).toEqual({ ...notice(7), severity: 'critical' });
    // An unknown severity is not kept: the notice then counts as the least urgent.
    expect(
      noticeOf(decisionOf('send_notification', { channel: 'on_call', severity: 'loud' }), 7),
    ).toEqual(notice(7));
  });

  it('takes none from any other action, or from a notification without a known pattern', () => {
    expect(noticeOf(decisionOf('do_nothing'), 7)).toBeNull();
    // Only a notification pages anyone, whatever channel another action names.
    expect(noticeOf(decisionOf('do_nothing', { channel: 'on_call' }), 7)).toBeNull();
    expect(
      noticeOf(decisionOf('send_notification', { channel: 'on_call' }, 'made_up'), 7),
    ).toBeNull();
    expect(noticeOf(decisionOf('send_notification', { channel: 'fax' }), 7)).toBeNull();
  });

  it('keeps the notices of the windows from `from` to `to`, the newest at most', () => {
    const log = [1, 2, 3, 4, 5].map(notice);
    expect(noticesInView(log, 2, 4).map((n) => n.window)).toEqual([2, 3, 4]);
    const many = Array.from({ length: MAX_OBSERVED_NOTICES + 5 }, () => notice(3));
    expect(noticesInView(many, 0, 9)).toHaveLength(MAX_OBSERVED_NOTICES);
  });

  it('logs an executed notification, and forgets what the windows shown can no longer cover', () => {
    const sent = decisionOf('send_notification', { channel: 'on_call' });
    const log = [notice(1), notice(5)];
    expect(logNotice(log, sent, 6)).toEqual([notice(1), notice(5), notice(6)]);
    expect(logNotice(log, sent, MAX_OBSERVED_WINDOWS + 1)).toEqual([
      notice(1),
      notice(5),
      notice(MAX_OBSERVED_WINDOWS + 1),
    ]);
    expect(logNotice(log, sent, MAX_OBSERVED_WINDOWS + 2)).toEqual([
      notice(5),
      notice(MAX_OBSERVED_WINDOWS + 2),
    ]);
    // Anything else sends nothing: the log stays as it was.
    expect(logNotice(log, decisionOf('do_nothing'), 6)).toEqual(log);
  });

  it('shows a policy only the notices of the windows it is shown', () => {
    const windows = [4, 5, 6].map((window) => ({ window, metrics: makeSnapshot() }));
    const observation = buildObservation({
      windows,
      baselineMetrics: makeSnapshot(),
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActions: [],
      notices: [notice(3), notice(4), notice(6), notice(8)],
    });
    expect(observation.notices?.map((n) => n.window)).toEqual([4, 6]);
    const none = buildObservation({
      ...{ windows, baselineMetrics: makeSnapshot() },
      controlPlane: DEFAULT_CONTROL_PLANE,
      activeActions: [],
      notices: [notice(1)],
    });
    expect(none.notices).toBeUndefined();
  });

  it('is read in view by the reasoning engine, whoever built the observation', () => {
    const input = observe([makeSnapshot(), makeSnapshot()]);
    const seen = observedView({
      ...input,
      observation: { ...input.observation!, notices: [notice(0), notice(1), notice(2)] },
    });
    expect(seen.notices.map((n) => n.window)).toEqual([0, 1]);
    expect(
      observedView({
        ...input,
        observation: undefined,
        currentMetrics: makeSnapshot(),
        baselineMetrics: makeSnapshot(),
      }).notices,
    ).toEqual([]);
  });
});
