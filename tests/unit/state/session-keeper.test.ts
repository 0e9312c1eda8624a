import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import { memorySessionStore } from '../../../src/services/session-store';
import { LabState } from '../../../src/state/lab.svelte';
import { SESSION_WRITE_DELAY_MS } from '../../../src/state/session-keeper';
import {
  backoffInForce,
  fakeLabDeps,
  FakeHistory,
  FakeSessionStore,
  storedOutageSession,
  visaOutage,
  visaShiftPending,
} from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const outageLink = { scenario: visaOutage, fromLink: true };

describe('the live session across a reload', () => {
  it('a pending approval comes back after a reload, and so does the action approved later', async () => {
    const store = memorySessionStore();
    const history = new FakeHistory();
    const first = new LabState(fakeLabDeps({ session: async () => store, history }).deps);
    await first.start(outageLink);
    await first.cycles.runCycle();
    expect(first.cycles.pending).not.toBeNull();

    const second = new LabState(fakeLabDeps({ session: async () => store, history }).deps);
    await second.start(outageLink);
    expect(second.cycles.pending?.decision).toEqual(first.cycles.pending?.decision);
    expect(second.cycles.pending?.seenWindow).toBe(first.cycles.pending?.seenWindow);
    expect(first.cycles.pending?.seenWindow).toBeTypeOf('number');
    expect(second.live.cycle).toBe(1);
    await second.cycles.approve();
    expect(second.live.activeActions).toHaveLength(1);

    const third = new LabState(fakeLabDeps({ session: async () => store, history }).deps);
    await third.start(outageLink);
    expect(third.cycles.pending).toBeNull();
    expect(third.live.activeActions.map((a) => a.action.type)).toEqual(['shift_traffic']);
    expect(third.live.controlPlane).toEqual(second.live.controlPlane);
    expect(third.live.controlPlane.routing.visa.backup).toBeGreaterThan(0);
    expect(history.records.map((r) => r.status)).toEqual(['executed']);
  });

  it('a bare link resumes the stored scenario and puts it back into the link', async () => {
    const store = memorySessionStore();
    const first = new LabState(fakeLabDeps({ session: async () => store }).deps);
    await first.start(outageLink);
    const { deps, links } = fakeLabDeps({ session: async () => store });
    const second = new LabState(deps);
    await second.start({ scenario: HEALTHY_SCENARIO, fromLink: false });
    expect(second.live.scenario).toEqual(visaOutage);
    expect(links).toEqual([visaOutage]);
  });

  it('a link to another scenario wins, and the decision that waited is recorded as dropped', async () => {
    const session = new FakeSessionStore();
    const stored = storedOutageSession();
    const { active, plane } = stored;
    const { deps, history } = fakeLabDeps({ session: async () => session });
    session.next = { kind: 'ok', session: stored.session };
    const lab = new LabState(deps);
    await lab.start({ scenario: HEALTHY_SCENARIO, fromLink: true });
    expect(lab.live.scenario).toEqual(HEALTHY_SCENARIO);
    expect(lab.cycles.pending).toBeNull();
    // The control plane is the agent's, not the world's: it stays in force.
    expect(lab.live.activeActions).toEqual([active]);
    expect(lab.live.controlPlane).toEqual(plane);
    expect(lab.live.cycle).toBe(4);
    expect(history.records.map((r) => [r.status, r.actionType, r.note])).toEqual([
      [
        'expired',
        'shift_traffic',
        'Dropped on reload before anyone answered: the link opened another scenario.',
      ],
    ]);
    expect(lab.alerts.list.map((a) => a.message)).toEqual([
      'The decision that waited for approval was dropped: the link opened another scenario.',
    ]);
    expect(session.saved.at(-1)?.pending).toBeNull();
  });

  it('refuses a session that is not valid, says why and records what it dropped', async () => {
    const session = new FakeSessionStore();
    const { active, plane } = backoffInForce();
    session.next = {
      kind: 'invalid',
      message: 'Invalid stored session: controlPlane.timeoutMs: Too small',
      raw: {
        controlPlane: { timeoutMs: -1 },
        activeActions: [active, { action: 'not an action' }],
        pending: visaShiftPending(plane),
      },
    };
    const { deps, history } = fakeLabDeps({ session: async () => session });
    const lab = new LabState(deps);
    await lab.start(outageLink);
    expect(lab.alerts.list.map((a) => a.message)).toEqual([
      'The last session could not be restored and was dropped. Invalid stored session: controlPlane.timeoutMs: Too small',
    ]);
    expect(history.records.map((r) => [r.status, r.actionType])).toEqual([
      ['expired', 'shift_traffic'],
      ['rolled_back', 'implement_backoff'],
    ]);
    expect(history.records[1]?.note).toMatch(/the stored session was not valid/);
    expect(lab.live.controlPlane).toEqual(DEFAULT_CONTROL_PLANE);
    expect(lab.live.activeActions).toEqual([]);
    expect(lab.cycles.pending).toBeNull();
    expect(lab.live.scenario).toEqual(visaOutage);
    // The bad session is replaced at once, so the next reload does not refuse it again.
    expect(session.saved.at(-1)).toMatchObject({ scenario: visaOutage, pending: null });
  });

  it('keeps a slider drag once it rests, not at every step', async () => {
    const session = new FakeSessionStore();
    const lab = new LabState(fakeLabDeps({ session: async () => session }).deps);
    await lab.start({ scenario: HEALTHY_SCENARIO, fromLink: false });
    const before = session.saved.length;
    for (const visa of [0.9, 0.8, 0.7]) {
      lab.live.setScenario({ ...visaOutage, issuerHealth: { ...visaOutage.issuerHealth, visa } });
      await vi.advanceTimersByTimeAsync(SESSION_WRITE_DELAY_MS - 1);
    }
    expect(session.saved.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.saved.length).toBe(before + 1);
    expect(session.saved.at(-1)?.scenario.issuerHealth.visa).toBe(0.7);
  });

  it('says so when the session cannot be kept, and the lab goes on', async () => {
    const session = new FakeSessionStore();
    const lab = new LabState(fakeLabDeps({ session: async () => session }).deps);
    await lab.start(outageLink);
    session.failSave = 'QuotaExceededError';
    await expect(lab.cycles.runCycle()).resolves.toBe('needs-approval');
    expect(lab.alerts.list.map((a) => a.message)).toEqual([
      'The live session could not be kept for a reload: QuotaExceededError',
    ]);
  });
});
