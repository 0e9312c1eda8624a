import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTHY_SCENARIO, type Scenario } from '../../../src/contracts';
import type { LiveSession } from '../../../src/contracts/session';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { windowScenario } from '../../../src/domain/timeline';
import { memorySessionStore, type SessionStore } from '../../../src/services/session-store';
import { LabState } from '../../../src/state/lab.svelte';
import { URL_WRITE_INTERVAL_MS } from '../../../src/state/live-view.svelte';
import {
  domainWorld,
  fakeLabDeps,
  FakeHistory,
  FakeSessionStore,
  storedOutageSession,
  visaOutage,
} from './fakes';
import { stepApproving } from './play-approving';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const bareLink = { scenario: HEALTHY_SCENARIO, fromLink: false };

/** A page on the domain's world, its session in `store`, started as the page starts. */
async function openPage(store: SessionStore, history: FakeHistory) {
  const lab = new LabState(
    fakeLabDeps({ world: domainWorld, session: async () => store, history }).deps,
  );
  await lab.start(bareLink);
  return lab;
}

/** A page on the domain's world, its session in `store`, opened on a link to `scenario`. */
async function openUnderLink(store: SessionStore, scenario: Scenario) {
  const lab = new LabState(fakeLabDeps({ world: domainWorld, session: async () => store }).deps);
  await lab.start({ scenario, fromLink: true });
  return lab;
}

/** Steps `windows` windows as a user does, then lets the page's own writes land. */
async function playApproving(lab: LabState, windows: number) {
  await stepApproving(lab, windows);
  // No explicit write: what the page keeps on its own is what a reload finds.
  await vi.advanceTimersByTimeAsync(0);
}

/** What the timeline and the agent show of a run: figures, plane, conclusions, marks, pages. */
function shown(lab: LabState) {
  return {
    window: lab.playback.window,
    figures: lab.playback.frames.map((f) => [f.window, f.snapshot.successRate, f.controlPlane]),
    conclusions: lab.playback.frames.map((f) => f.conclusion),
    marks: lab.playback.marks,
    plane: lab.live.controlPlane,
    inForce: lab.live.activeActions.map((a) => [a.recordId, a.remaining, a.expiresWindow]),
    notices: lab.live.notices,
    seen: lab.live.observedWindows.map((w) => [w.window, w.metrics.successRate]),
  };
}

describe('a run in progress across a reload', () => {
  it('comes back paused where it stood, and goes on as if the page had never reloaded', async () => {
    const script = presetScript('lasting_processor_outage')!;
    const store = memorySessionStore();
    const history = new FakeHistory();
    const page = await openPage(store, history);
    page.playback.begin(script);
    await playApproving(page, 12);
    expect(page.live.notices.length).toBeGreaterThan(0);
    expect(page.live.activeActions.length).toBeGreaterThan(0);

    // The reloaded page reads the same history; the first page goes on with its own copy of it.
    const kept = new FakeHistory();
    kept.records = [...history.records];
    const reloaded = await openPage(store, kept);
    expect(reloaded.playback.playing).toBe(false);
    expect(reloaded.playback.script?.id).toBe(script.id);
    expect(shown(reloaded)).toEqual(shown(page));
    // The live view is back on the last window as it was stepped, not a fresh sample of it.
    expect(reloaded.live.current).toEqual(page.live.current);

    // The same windows played on in both pages: the reloaded one shows what the other shows.
    await playApproving(reloaded, 10);
    await playApproving(page, 10);
    expect(shown(reloaded)).toEqual(shown(page));
    expect([...page.alerts.list, ...reloaded.alerts.list]).toEqual([]);
    expect(kept.records.map((r) => [r.status, r.actionType])).toEqual(
      history.records.map((r) => [r.status, r.actionType]),
    );
  });

  it('keeps a decision that waits for a human; approved after the reload, it is marked as it would have been', async () => {
    const store = memorySessionStore();
    const history = new FakeHistory();
    const page = await openPage(store, history);
    page.playback.begin(presetScript('processor_outage')!);
    page.autopilot.set(true);
    // The clock stops for the first decision that asks a human (the failover).
    while (!page.cycles.pending && page.playback.window < 12) await page.playback.step();
    expect(page.cycles.pending).not.toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    // The agent's cycle writes the session in the middle of a window: that write keeps the run.
    expect(page.alerts.list).toEqual([]);

    const kept = new FakeHistory();
    kept.records = [...history.records];
    const reloaded = await openPage(store, kept);
    expect(reloaded.cycles.pending?.decision).toEqual(page.cycles.pending?.decision);
    expect(shown(reloaded)).toEqual(shown(page));
    for (const lab of [page, reloaded]) {
      await lab.cycles.approve();
      await stepApproving(lab, 3);
    }
    expect(shown(reloaded)).toEqual(shown(page));
    expect(reloaded.playback.marks.some((m) => m.kind === 'executed')).toBe(true);
  });

  it('is forgotten when a new run begins, so a reload does not bring the old one back', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.playback.begin(presetScript('processor_outage')!);
    await playApproving(page, 3);
    expect((await storedSession(store)).run?.windows).toBe(3);
    // Beginning is enough: a reload straight after it must not bring the old run back.
    page.playback.begin(presetScript('slow_burn')!);
    await vi.advanceTimersByTimeAsync(0);
    expect((await storedSession(store)).run).toBeUndefined();
    const reloaded = await openPage(store, new FakeHistory());
    expect(reloaded.playback.script).toBeNull();
    expect(reloaded.playback.frames).toEqual([]);
  });

  it('gives way to a run the link opens, and to a link to another scenario', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.playback.begin(presetScript('processor_outage')!);
    await playApproving(page, 3);

    // The link's run begins as the page mounts, before the stored session is read.
    const linked = new LabState(
      fakeLabDeps({ world: domainWorld, session: async () => store }).deps,
    );
    linked.playback.begin(presetScript('slow_burn')!);
    await linked.start(bareLink);
    expect(linked.playback.script?.id).toBe('slow_burn');
    expect(linked.playback.window).toBe(0);
    // What the agent saw of the stored run is not put into the link's: only the live window.
    expect(linked.live.observedWindows).toHaveLength(1);

    const elsewhere = await openUnderLink(store, visaOutage);
    expect(elsewhere.playback.script).toBeNull();
    expect(elsewhere.live.observedWindows).toHaveLength(1);
  });

  it('comes back under a link a window behind the run, as a reload while playing finds it', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.playback.begin(presetScript('issuer_degrades_then_clears')!);
    await playApproving(page, 9);
    // The page rewrites its link at most every 300 ms: it may still show window 7.
    const behind = windowScenario(page.playback.clock!, 7);
    expect(behind).not.toEqual(page.live.scenario);
    const { deps, links } = fakeLabDeps({ world: domainWorld, session: async () => store });
    const reloaded = new LabState(deps);
    await reloaded.start({ scenario: behind, fromLink: true });
    expect(reloaded.playback.window).toBe(9);
    expect(reloaded.live.scenario).toEqual(page.live.scenario);
    // The link is put on the window the run stands at.
    expect(links).toEqual([page.live.scenario]);
  });

  it('comes back under a link that caught the window in progress before the session was written', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.playback.begin(presetScript('issuer_degrades_then_clears')!);
    await playApproving(page, 9);
    // Window 9 was being played: the link showed it, the session still ends at window 8.
    const ahead = windowScenario(page.playback.clock!, 9);
    const reloaded = await openUnderLink(store, ahead);
    expect(reloaded.playback.window).toBe(9);
    expect(reloaded.live.scenario).toEqual(page.live.scenario);
    // Two windows ahead is no window this run played or was playing: another world.
    const further = await openUnderLink(store, windowScenario(page.playback.clock!, 10));
    expect(further.playback.script).toBeNull();
  });

  it('comes back under the link the page last wrote, though it shows the run before this one', async () => {
    const store = memorySessionStore();
    const { deps, links } = fakeLabDeps({ world: domainWorld, session: async () => store });
    const page = new LabState(deps);
    await page.start(bareLink);
    const script = presetScript('processor_outage')!;
    page.playback.begin(script);
    await playApproving(page, script.windows);
    await vi.advanceTimersByTimeAsync(URL_WRITE_INTERVAL_MS);
    const shown = links.at(-1)!;
    // Play again: two windows of the new run go by before the link is rewritten.
    page.playback.begin(script);
    await page.playback.step();
    await page.playback.step();
    await vi.advanceTimersByTimeAsync(0);
    expect(links.at(-1)).toBe(shown);
    expect(windowScenario(page.playback.clock!, 0)).not.toEqual(shown);

    const reloaded = await openUnderLink(store, shown);
    expect(reloaded.playback.window).toBe(2);
    expect(reloaded.live.scenario).toEqual(page.live.scenario);

    // A link the page never wrote still opens its own world.
    const other = await openUnderLink(store, { ...shown, seed: shown.seed + 1 });
    expect(other.playback.script).toBeNull();
  });

  it('comes back under the link the page was opened with, before the page rewrote it', async () => {
    const store = memorySessionStore();
    const page = await openUnderLink(store, visaOutage);
    page.playback.begin(presetScript('slow_burn')!);
    await page.playback.step();
    await vi.advanceTimersByTimeAsync(0);
    const reloaded = await openUnderLink(store, visaOutage);
    expect(reloaded.playback.script?.id).toBe('slow_burn');
    expect(reloaded.playback.window).toBe(1);
  });

  it("keeps the clock's speed and SLO, whatever world the link opens", async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.playback.dials.setSpeed(8);
    expect(page.playback.dials.setSlo(0.995)).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    const reloaded = await openPage(store, new FakeHistory());
    expect(reloaded.playback.dials.kept).toEqual({ speed: 8, slo: 0.995 });
    const elsewhere = await openUnderLink(store, visaOutage);
    expect(elsewhere.playback.dials.kept).toEqual({ speed: 8, slo: 0.995 });
  });

  it('says the agent was on, and leaves it off until switched on again', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.autopilot.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(page.autopilot.on).toBe(true);
    const reloaded = await openPage(store, new FakeHistory());
    expect(reloaded.autopilot.on).toBe(false);
    expect(reloaded.autopilot.note).toMatch(/^Autopilot is off after the reload/);
    // Switched off by hand before the next reload: nothing to say then.
    reloaded.autopilot.set(true);
    reloaded.autopilot.set(false);
    await vi.advanceTimersByTimeAsync(0);
    const again = await openPage(store, new FakeHistory());
    expect(again.autopilot.note).toBeNull();
    page.autopilot.set(false);
  });

  it('drops a spoilt run with a message, and the plane, the actions and the approval come back', async () => {
    const session = new FakeSessionStore();
    const { session: kept, active, plane, pending } = storedOutageSession();
    session.next = {
      kind: 'invalid',
      message: 'Invalid stored session: run.windows: Too small',
      raw: { ...kept, run: { format: 'agent-payment-lab-run', windows: 0 }, dials: { speed: 3 } },
    };
    const { deps, history } = fakeLabDeps({ world: domainWorld, session: async () => session });
    const lab = new LabState(deps);
    await lab.start({ scenario: visaOutage, fromLink: true });
    expect(lab.alerts.list.map((a) => a.message)).toEqual([
      'The run in progress could not be resumed and was dropped. Invalid stored session: run.windows: Too small',
    ]);
    expect(lab.playback.script).toBeNull();
    expect(lab.live.controlPlane).toEqual(plane);
    expect(lab.live.activeActions).toEqual([active]);
    expect(lab.cycles.pending?.decision).toEqual(pending.decision);
    expect(history.records).toEqual([]);
    expect(session.saved.at(-1)?.run).toBeUndefined();
    expect(lab.playback.dials.kept).toEqual({ speed: 4, slo: 0.98 });
  });
});

describe("the agent's memory across a reload, without the clock", () => {
  it('keeps the windows it saw and whom it paged', async () => {
    const store = memorySessionStore();
    const page = await openPage(store, new FakeHistory());
    page.live.setScenario(visaOutage);
    for (let i = 0; i < 4; i++) {
      await page.cycles.runCycle();
      if (page.cycles.pending) await page.cycles.approve();
    }
    await page.live.settled();
    await vi.advanceTimersByTimeAsync(0);
    expect(page.live.observedWindows.length).toBeGreaterThanOrEqual(4);

    const reloaded = await openPage(store, new FakeHistory());
    expect(reloaded.live.observedWindows).toEqual(page.live.observedWindows);
    expect(reloaded.live.notices).toEqual(page.live.notices);
    expect(reloaded.live.cycle).toBe(page.live.cycle);
  });
});

async function storedSession(store: SessionStore): Promise<LiveSession> {
  const read = await store.read();
  if (read.kind !== 'ok') throw new Error(`no session stored: ${read.kind}`);
  return read.session;
}
