import { describe, expect, it } from 'vitest';
import type { NoticeView, ReasoningInput } from '../../../../src/contracts';
import { reason } from '../../../../src/domain/reasoning';
import { onTheProbe } from './lasting-outage';

describe('a notification already sent in the windows shown', () => {
  const told = (pattern: NoticeView['pattern'], window: number): NoticeView => ({
    pattern,
    channel: pattern === 'processor_outage' ? 'incident_channel' : 'on_call',
    severity: 'critical',
    window,
  });
  const notifications = (input: ReasoningInput) =>
    reason(input).proposals.filter((p) => p.type === 'send_notification');

  it('is proposed while nobody has been told', () => {
    expect(notifications(onTheProbe()).length).toBeGreaterThan(0);
  });

  it('is not proposed again for the same pattern and channel, and waiting says who was told', () => {
    const fresh = reason(onTheProbe());
    const lead = fresh.decision.pattern as NoticeView['pattern'];
    const first = fresh.proposals.find((p) => p.type === 'send_notification')!;
    const again = reason(onTheProbe([told(lead, 2)]));
    expect(again.proposals.map((p) => p.id)).not.toContain(first.id);
    const wait = again.proposals.find((p) => p.type === 'do_nothing');
    expect(wait?.rationale).toContain(`told of ${lead} in window 2`);
    expect(again.decision.selectedAction.type).not.toBe('adjust_timeout');
  });

  it('is proposed again once the notice has left the windows shown', () => {
    const lead = reason(onTheProbe()).decision.pattern as NoticeView['pattern'];
    // The windows shown are 0–3; a notice from a window after them belongs to another run.
    expect(notifications(onTheProbe([told(lead, 9)])).length).toBeGreaterThan(0);
  });

  it('holds back no other pattern’s notification', () => {
    const fresh = notifications(onTheProbe());
    const others = notifications(onTheProbe([told('retry_storm', 3)]));
    expect(others.map((p) => p.id)).toEqual(fresh.map((p) => p.id));
  });
});
