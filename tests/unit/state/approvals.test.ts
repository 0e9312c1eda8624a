import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SAFETY_LIMITS, HEALTHY_SCENARIO } from '../../../src/contracts';
import { expiredRecord } from '../../../src/state/approval-expiry.svelte';
import {
  approvableShareRange,
  approvedShareBounds,
  withApprovedShare,
} from '../../../src/state/approved-share';
import { LabState } from '../../../src/state/lab.svelte';
import { fakeLabDeps, visaOutage, visaShiftPending } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A lab on the Visa outage with a Visa shift waiting for approval after one cycle. */
async function pendingShift() {
  const fakes = fakeLabDeps();
  const lab = new LabState(fakes.deps);
  lab.live.setScenario(visaOutage);
  await lab.live.settled();
  await expect(lab.cycles.runCycle()).resolves.toBe('needs-approval');
  return { lab, ...fakes };
}

describe('an approval of a smaller share', () => {
  it('executes the shift at the share the approver chose and records it so', async () => {
    const { lab, history } = await pendingShift();
    const proposed = lab.cycles.pending!.decision.selectedAction.parameters.percentage;
    expect(proposed).toBe(0.5);
    await lab.cycles.approve(0.2);
    expect(lab.cycles.pending).toBeNull();
    expect(lab.live.controlPlane.routing.visa.backup).toBeCloseTo(0.2, 12);
    const record = history.records.at(-1)!;
    expect(record.status).toBe('executed');
    expect(record.decision.selectedAction.parameters.percentage).toBe(0.2);
    expect(record.decision.selectedAction.description).toMatch(/Approved at 20 % instead of 50 %/);
  });

  it('refuses a share above the proposal, says which field, and leaves the approval waiting', async () => {
    const { lab, history } = await pendingShift();
    await lab.cycles.approve(0.6);
    expect(lab.cycles.pending).not.toBeNull();
    expect(history.records).toEqual([]);
    expect(lab.alerts.list.at(-1)?.message).toMatch(
      /percentage: the approved share must be between 1 % and 50 %, got 60 %/,
    );
  });

  it('bounds the share by the proposal and the traffic-shift limit', () => {
    const action = visaShiftPending().decision.selectedAction;
    expect(approvedShareBounds(action, DEFAULT_SAFETY_LIMITS)).toEqual({
      min: 0.01,
      max: 0.5,
      proposed: 0.5,
    });
    expect(
      approvedShareBounds(action, { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 })?.max,
    ).toBe(0.3);
    const backoff = { ...action, type: 'implement_backoff' as const, parameters: {} };
    expect(approvedShareBounds(backoff, DEFAULT_SAFETY_LIMITS)).toBeNull();
  });

  it('names a fractional bound as the check uses it: 42 % is refused above a 41.5 % top', () => {
    const decision = visaShiftPending().decision;
    const bounds = { min: 0.01, max: 0.415, proposed: 0.5 };
    expect(approvableShareRange(bounds)).toBe('between 1 % and 41.5 %');
    expect(() => withApprovedShare(decision, 0.42, bounds)).toThrow(
      'percentage: the approved share must be between 1 % and 41.5 %, got 42 %',
    );
    expect(withApprovedShare(decision, 0.415, bounds).selectedAction.parameters.percentage).toBe(
      0.415,
    );
  });

  it('scales the promised impact with the share and refuses NaN', () => {
    const decision = visaShiftPending().decision;
    const bounds = { min: 0.01, max: 0.5, proposed: 0.5 };
    const smaller = withApprovedShare(decision, 0.25, bounds);
    expect(smaller.selectedAction.estimatedImpact.successRateChange).toBeCloseTo(
      decision.selectedAction.estimatedImpact.successRateChange / 2,
      12,
    );
    expect(withApprovedShare(decision, 0.5, bounds)).toBe(decision);
    expect(() => withApprovedShare(decision, Number.NaN, bounds)).toThrow(/percentage/);
  });
});

describe('an approval that expires', () => {
  it('expires when the scenario changes, and is stored in the history as expired', async () => {
    const { lab, history } = await pendingShift();
    lab.live.setScenario(HEALTHY_SCENARIO);
    await lab.queue.idle();
    expect(lab.cycles.pending).toBeNull();
    expect(history.records.map((r) => [r.status, r.actionType, r.cycle])).toEqual([
      ['expired', 'shift_traffic', 1],
    ]);
    expect(lab.expiry.notice).toMatch(/approval of shift_traffic of window 1 expired/);
    // Nothing was executed: the control plane is untouched.
    expect(lab.live.activeActions).toEqual([]);
  });

  it('expires when a newer window arrives, not while its own window is current', async () => {
    const { lab, history } = await pendingShift();
    await lab.expiry.windowAdvanced(1);
    expect(lab.cycles.pending).not.toBeNull();
    await lab.expiry.windowAdvanced(2);
    expect(lab.cycles.pending).toBeNull();
    expect(history.records.at(-1)?.note).toBe(
      'Expired before anyone answered: window 2 superseded it.',
    );
  });

  it('an approval asked for before the change is answered first and does not expire', async () => {
    const { lab, history } = await pendingShift();
    const approving = lab.cycles.approve();
    lab.live.setScenario(HEALTHY_SCENARIO);
    await approving;
    await lab.queue.idle();
    expect(history.records.map((r) => r.status)).toEqual(['executed']);
  });

  it('keeps the window the pending decision was made in, so a restored one can expire', () => {
    const pending = { ...visaShiftPending(), window: 3 };
    const record = expiredRecord(pending, 1234.6, 'the link opened another scenario');
    expect(record).toMatchObject({
      status: 'expired',
      cycle: 3,
      recordedAt: 1235,
      id: 'shift-visa-1@1235:expired',
    });
  });
});
