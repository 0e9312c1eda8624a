import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import { LabState } from '../../../src/state/lab.svelte';
import { backoffInForce, fakeLabDeps, fakeSimulator, visaOutage, visaShiftPending } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A lab on the Visa outage with the first live window computed. */
async function labOn(scenario = visaOutage, overrides = {}) {
  const fakes = fakeLabDeps(overrides);
  const lab = new LabState(fakes.deps);
  lab.live.setScenario(scenario);
  await lab.live.settled();
  return { lab, ...fakes };
}

/** Backoff in force and a Visa shift waiting for approval; history writes take 500 ms each. */
async function raceSetup() {
  const setup = await labOn();
  const { active, plane } = backoffInForce();
  setup.lab.live.applyPlane(plane, [active]);
  setup.lab.cycles.restorePending(visaShiftPending(plane));
  await setup.lab.live.settled();
  setup.history.delayMs = 500;
  return setup;
}

describe('CycleRunner', () => {
  it('stops at a decision that needs a human, storing nothing until it is answered', async () => {
    const { lab, history } = await labOn();
    expect(lab.live.reasoning?.decision.selectedAction.type).toBe('shift_traffic');
    await expect(lab.cycles.runCycle()).resolves.toBe('needs-approval');
    expect(lab.cycles.pending?.decision.selectedAction.type).toBe('shift_traffic');
    expect(lab.cycles.pending?.reasons.join(' ')).toMatch(/Novel situation/);
    expect(history.records).toEqual([]);
    expect(lab.live.cycle).toBe(1);
    expect(lab.cycles.series.map((p) => [p.cycle, p.action, p.blocked])).toEqual([
      [1, 'shift_traffic', true],
    ]);
  });

  it('executes the pending decision on approval and puts its plane in force', async () => {
    const { lab, history } = await labOn();
    await lab.cycles.runCycle();
    await lab.cycles.approve();
    expect(lab.cycles.pending).toBeNull();
    expect(history.records.map((r) => r.status)).toEqual(['executed']);
    expect(lab.live.activeActions.map((a) => a.action.type)).toEqual(['shift_traffic']);
    expect(lab.live.controlPlane.routing.visa.backup).toBeGreaterThan(0);
    expect(lab.cycles.lastReport?.result.executed).toBe(true);
    expect(lab.cycles.series.at(-1)).toMatchObject({ executed: true, blocked: false });
  });

  it('stores a rejection as rejected and leaves the plane as it was', async () => {
    const { lab, history } = await labOn();
    await lab.cycles.runCycle();
    await lab.cycles.reject();
    expect(history.records.map((r) => r.status)).toEqual(['rejected']);
    expect(lab.live.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(lab.live.activeActions).toEqual([]);
    expect(lab.cycles.pending).toBeNull();
  });

  it('runs no cycle while a decision waits, and an answer without a pending decision does nothing', async () => {
    const { lab, history } = await labOn();
    await lab.cycles.approve();
    expect(history.records).toEqual([]);
    await lab.cycles.runCycle();
    await expect(lab.cycles.runCycle()).resolves.toBe('needs-approval');
    expect(lab.live.cycle).toBe(1);
    expect(history.records).toEqual([]);
  });

  it('on a healthy world a cycle is done at once and changes nothing', async () => {
    const { lab, history } = await labOn(HEALTHY_SCENARIO);
    await expect(lab.cycles.runCycle()).resolves.toBe('done');
    expect(lab.cycles.pending).toBeNull();
    expect(history.records.map((r) => r.actionType)).toEqual(['do_nothing']);
    expect(lab.live.activeActions).toEqual([]);
  });

  it('reports a failed live window and a cycle without a window in the alerts', async () => {
    const simulator = fakeSimulator();
    simulator.fail = 'simulator worker crashed';
    const { lab, history } = await labOn(visaOutage, { simulator });
    expect(lab.live.reasoning).toBeNull();
    await expect(lab.cycles.runCycle()).resolves.toBe('failed');
    expect(lab.alerts.list.map((a) => a.message)).toEqual([
      'simulator worker crashed',
      'There is no live window to act on yet.',
    ]);
    expect(history.records).toEqual([]);
    expect(lab.cycles.busy).toBe(false);
  });

  it('an approval in flight cannot undo a rollback asked for after it', async () => {
    const { lab, history } = await raceSetup();
    const approving = lab.cycles.approve();
    const rollingBack = lab.cycles.rollback('backoff-1');
    expect(lab.cycles.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    // One write done: the rollback has not started yet, it waits its turn.
    expect(history.records.map((r) => r.status)).toEqual(['executed']);
    expect(lab.cycles.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([approving, rollingBack]);
    expect(lab.cycles.busy).toBe(false);
    expect(history.records.map((r) => r.status)).toEqual(['executed', 'rolled_back']);
    expect(lab.live.activeActions.map((a) => a.action.id)).toEqual(['shift-visa-1']);
    expect(lab.live.controlPlane.retryPolicy.backoff).toBe(false);
    expect(lab.live.controlPlane.routing.visa).toEqual({ primary: 0.5, backup: 0.5 });
  });

  it('a rollback in flight cannot be undone by an approval asked for after it', async () => {
    const { lab, history } = await raceSetup();
    const rollingBack = lab.cycles.rollback('backoff-1');
    const approving = lab.cycles.approve();
    await vi.advanceTimersByTimeAsync(500);
    expect(history.records.map((r) => r.status)).toEqual(['rolled_back']);
    expect(lab.live.activeActions).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([rollingBack, approving]);
    expect(history.records.map((r) => r.status)).toEqual(['rolled_back', 'executed']);
    expect(lab.live.activeActions.map((a) => a.action.id)).toEqual(['shift-visa-1']);
    expect(lab.live.activeActions[0]?.planeBefore).toEqual(DEFAULT_CONTROL_PLANE);
    expect(lab.live.controlPlane.retryPolicy.backoff).toBe(false);
  });

  it('refuses to roll back an action that is not in force, with the reason', async () => {
    const { lab, history } = await labOn();
    await lab.cycles.rollback('nope');
    expect(history.records).toEqual([]);
    expect(lab.alerts.list.map((a) => a.message)).toEqual(['No active action nope to roll back.']);
  });
});
