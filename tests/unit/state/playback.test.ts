import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  INITIAL_WORLD_STATE,
  RunFileSchema,
  type IncidentScript,
} from '../../../src/contracts';
import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { stepWindow, stepWindows } from '../../../src/domain/simulation';
import { windowRequests } from '../../../src/domain/timeline';
import { LabState } from '../../../src/state/lab.svelte';
import type { WorldPort } from '../../../src/state/playback.svelte';
import { fakeLabDeps, fakeSettings } from './fakes';
import { liveExplorationSeed } from '../../../src/domain/reasoning/exploration';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The domain's stepped world behind the port, counting steps. */
function fakeWorld(): WorldPort & { steps: number } {
  const world = {
    steps: 0,
    step: (request: Parameters<WorldPort['step']>[0]) => {
      world.steps += 1;
      return Promise.resolve(stepWindow(request));
    },
    stepMany: (request: Parameters<WorldPort['stepMany']>[0]) =>
      Promise.resolve(stepWindows(request.state, request.windows)),
  };
  return world;
}

/** A lab with the first live window computed and a script begun on the clock. */
async function labWith(script: IncidentScript | null) {
  const world = fakeWorld();
  const fakes = fakeLabDeps({ world });
  const lab = new LabState(fakes.deps);
  lab.live.refresh();
  await lab.live.settled();
  lab.playback.begin(script);
  return { lab, world, ...fakes };
}

const visaScript = () => presetScript('issuer_degrades_then_clears')!;

describe('Playback', () => {
  it('steps one window of the carried world and shows the agent that window', async () => {
    const { lab } = await labWith(visaScript());
    await lab.playback.step();
    await lab.playback.step();
    expect(lab.playback.window).toBe(2);
    const clock = lab.playback.clock!;
    const first = windowRequests(clock, 0, DEFAULT_CONTROL_PLANE).actual;
    const second = windowRequests(clock, 1, DEFAULT_CONTROL_PLANE).actual;
    const w0 = stepWindow({ ...first, state: INITIAL_WORLD_STATE });
    const w1 = stepWindow({ ...second, state: w0.state });
    expect(lab.playback.frames.map((f) => f.snapshot)).toEqual([w0.snapshot, w1.snapshot]);
    // The live view (what the agent reasons on) is the stepped window, not a fresh one.
    expect(lab.live.current).toEqual(w1.snapshot);
    expect(lab.playback.frames[1]!.reasoning).not.toBeNull();
  });

  it('plays at the chosen speed and stops when paused', async () => {
    const { lab, world } = await labWith(visaScript());
    lab.playback.dials.setSpeed(4);
    lab.playback.play();
    await vi.advanceTimersByTimeAsync(1000);
    expect(lab.playback.window).toBeGreaterThanOrEqual(3);
    expect(lab.playback.window).toBeLessThanOrEqual(5);
    lab.playback.pause();
    await lab.playback.settled();
    const stopped = lab.playback.window;
    const steps = world.steps;
    await vi.advanceTimersByTimeAsync(3000);
    expect(lab.playback.window).toBe(stopped);
    expect(world.steps).toBe(steps);
  });

  it('pauses by itself at the end of the script', async () => {
    const short = { ...visaScript(), windows: 3, events: [] };
    const { lab } = await labWith(short);
    lab.playback.dials.setSpeed(8);
    lab.playback.play();
    await vi.advanceTimersByTimeAsync(3000);
    expect(lab.playback.window).toBe(3);
    expect(lab.playback.playing).toBe(false);
  });

  it('folds a slider moved between windows into the script at the next window', async () => {
    const { lab } = await labWith(null);
    await lab.playback.step();
    await lab.playback.step();
    const scenario = lab.live.scenario;
    lab.live.setScenario({ ...scenario, processorHealth: 0.5 });
    await lab.playback.step();
    expect(lab.playback.script!.events).toEqual([
      { at: 2, fault: 'processorHealth', kind: 'set', value: 0.5 },
    ]);
    expect(lab.live.scenario.processorHealth).toBe(0.5);
    // The world of window 2 had the slow processor: fewer payments succeeded than in window 1.
    const [, w1, w2] = lab.playback.frames;
    expect(w2!.snapshot.successRate).toBeLessThan(w1!.snapshot.successRate - 0.05);
  });

  it('shows the agent one window per clock step, with or without a cycle, and forgets them on a new run', async () => {
    const { lab } = await labWith(presetScript('flapping_route')!);
    // The agent is off: no cycle runs, the clock alone moves time on.
    for (let i = 0; i < 4; i++) await lab.playback.step();
    await lab.live.settled();
    expect(lab.live.cycle).toBe(0);
    expect(lab.live.observedWindows.map((w) => w.window)).toEqual([0, 1, 2, 3]);
    const frames = lab.playback.frames.map((f) => f.snapshot.successRate);
    expect(lab.live.observedWindows.map((w) => w.metrics.successRate)).toEqual(frames);
    lab.playback.begin(presetScript('flapping_route')!);
    expect(lab.live.observedWindows).toEqual([]);
    await lab.playback.step();
    await lab.live.settled();
    expect(lab.live.observedWindows.map((w) => w.window)).toEqual([0]);
  });

  it('keeps drawing each cycle’s exploration afresh while the clock holds one window', async () => {
    const world = fakeWorld();
    const lab = new LabState(
      fakeLabDeps({ world, settings: fakeSettings({ exploration: true }) }).deps,
    );
    lab.live.refresh();
    await lab.live.settled();
    lab.playback.begin(presetScript('flapping_route')!);
    await lab.playback.step();
    await lab.live.settled();
    const first = lab.live.explorationSeed;
    lab.live.cycle += 1;
    lab.live.refresh();
    await lab.live.settled();
    // One window of the clock, two cycles: one sight in the history, two draws.
    expect(lab.live.observedWindows.map((w) => w.window)).toEqual([0]);
    expect(lab.live.explorationSeed).not.toBe(first);
    expect(lab.live.explorationSeed).toBe(
      liveExplorationSeed(lab.live.liveScenario.seed, lab.live.cycle),
    );
  });

  it('gives the agent the windows a link stepped without it as its history', async () => {
    const { lab } = await labWith(null);
    await lab.playback.openAt(presetScript('flapping_route')!, 6);
    await lab.playback.settled();
    await lab.playback.step();
    await lab.live.settled();
    expect(lab.live.observedWindows.map((w) => w.window)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const frames = lab.playback.frames.map((f) => f.snapshot);
    expect(lab.live.observedWindows.map((w) => w.metrics)).toEqual(frames);
  });

  it('lets the agent act once per window, marking real actions and detections only', async () => {
    const { lab, history } = await labWith(presetScript('processor_retry_storm')!);
    lab.autopilot.set(true);
    for (let i = 0; i < 9; i++) await lab.playback.step();
    // One cycle a window, stopped early only if a decision asked for approval.
    const cycles = history.records.length + (lab.cycles.pending ? 1 : 0);
    expect(cycles).toBeGreaterThan(0);
    expect(cycles).toBeLessThanOrEqual(9);
    expect(lab.playback.marks.some((m) => m.kind === 'detected')).toBe(true);
    const doNothing = history.records.filter((r) => r.actionType === 'do_nothing');
    for (const record of doNothing) {
      expect(lab.playback.marks.some((m) => m.detail === record.actionType)).toBe(false);
    }
  });

  it('pauses the clock when the agent’s decision waits for a human, so it does not expire', async () => {
    const { lab } = await labWith(presetScript('processor_outage')!);
    lab.autopilot.set(true);
    lab.playback.dials.setSpeed(4);
    lab.playback.play();
    for (let i = 0; i < 200 && !lab.cycles.pending; i++) await vi.advanceTimersByTimeAsync(250);
    expect(lab.cycles.pending).not.toBeNull();
    const waitingAt = lab.playback.window;
    // It names the window the agent looked at, the newest stepped, not the count of cycles run.
    expect(lab.cycles.pending!.seenWindow).toBe(waitingAt - 1);
    expect(lab.cycles.pending!.seenWindow).toBe(lab.playback.frames.at(-1)!.window);
    expect(lab.playback.playing).toBe(false);
    // Time goes on, the clock does not: the decision still waits, unexpired.
    await vi.advanceTimersByTimeAsync(5000);
    expect(lab.playback.window).toBe(waitingAt);
    expect(lab.cycles.pending).not.toBeNull();
    expect(lab.autopilot.note).toMatch(/needs your approval/);
  });

  it('does not move on while a decision waits: Play and Step wait for the answer, then go on', async () => {
    const { lab } = await labWith(presetScript('processor_outage')!);
    lab.autopilot.set(true);
    while (!lab.cycles.pending && lab.playback.window < 12) await lab.playback.step();
    expect(lab.cycles.pending).not.toBeNull();
    expect(lab.playback.waitsForHuman).toBe(true);
    const waitingAt = lab.playback.window;
    lab.playback.play();
    expect(lab.playback.playing).toBe(false);
    await lab.playback.step();
    await vi.advanceTimersByTimeAsync(2000);
    expect(lab.playback.window).toBe(waitingAt);
    expect(lab.cycles.pending).not.toBeNull();
    // Answered, the clock goes on.
    await lab.cycles.reject();
    expect(lab.playback.waitsForHuman).toBe(false);
    await lab.playback.step();
    expect(lab.playback.window).toBe(waitingAt + 1);
  });

  it('stops playing when a decision asked for by hand waits, before the next window supersedes it', async () => {
    const { lab } = await labWith(presetScript('processor_outage')!);
    for (let i = 0; i < 7; i++) await lab.playback.step();
    lab.playback.dials.setSpeed(1);
    lab.playback.play();
    await vi.advanceTimersByTimeAsync(0);
    await lab.playback.settled();
    const at = lab.playback.window;
    await lab.cycles.runCycle();
    expect(lab.cycles.pending).not.toBeNull();
    await vi.advanceTimersByTimeAsync(3000);
    expect(lab.playback.playing).toBe(false);
    expect(lab.playback.window).toBe(at);
    expect(lab.cycles.pending).not.toBeNull();
  });

  it('exports a run that another lab replays to the same figures', async () => {
    const { lab } = await labWith(presetScript('processor_retry_storm')!);
    for (let i = 0; i < 6; i++) await lab.playback.step();
    const scenario = lab.live.scenario;
    lab.live.setScenario({ ...scenario, networkLatencyMultiplier: 2 });
    for (let i = 0; i < 3; i++) await lab.playback.step();
    const run = lab.playback.exportRun()!;
    expect(run.windows).toBe(9);
    expect(
      run.script.events.some((e) => e.fault === 'networkLatencyMultiplier' && e.at === 6),
    ).toBe(true);

    const other = await labWith(null);
    await other.lab.playback.openRun(JSON.parse(JSON.stringify(run)));
    expect(other.lab.playback.window).toBe(9);
    expect(other.lab.playback.frames.map((f) => f.snapshot)).toEqual(
      lab.playback.frames.map((f) => f.snapshot),
    );
    expect(other.lab.playback.frames.map((f) => f.baseline)).toEqual(
      lab.playback.frames.map((f) => f.baseline),
    );
    expect(other.lab.playback.marks).toEqual(lab.playback.marks);
  });

  it('has no run to export before the first window', async () => {
    const { lab } = await labWith(visaScript());
    expect(lab.playback.exportRun()).toBeNull();
  });

  it('keeps only the last windows for scrubbing and moves the selection by arrow steps', async () => {
    const { lab } = await labWith(visaScript());
    for (let i = 0; i < 4; i++) await lab.playback.step();
    expect(lab.playback.selectedFrame?.window).toBe(3);
    lab.playback.selectBy(-2);
    expect(lab.playback.selectedFrame?.window).toBe(1);
    lab.playback.selectBy(-5);
    expect(lab.playback.selectedFrame?.window).toBe(0);
    lab.playback.select(null);
    expect(lab.playback.selectedFrame?.window).toBe(3);
  });

  it('starts the clock of a link at its window, the windows before it stepped headless', async () => {
    const { lab } = await labWith(null);
    expect(lab.playback.openLink('?script=slow_burn&at=5')).toBeNull();
    await lab.playback.settled();
    expect(lab.playback.script?.id).toBe('slow_burn');
    expect(lab.playback.window).toBe(5);
    expect(lab.playback.playing).toBe(false);
    const clock = lab.playback.clock!;
    let state = INITIAL_WORLD_STATE;
    const expected = [];
    for (let w = 0; w < 6; w++) {
      const step = stepWindow({ ...windowRequests(clock, w, DEFAULT_CONTROL_PLANE).actual, state });
      expected.push(step.snapshot);
      state = step.state;
    }
    expect(lab.playback.frames.map((f) => f.window)).toEqual([0, 1, 2, 3, 4]);
    expect(lab.playback.frames.map((f) => f.snapshot)).toEqual(expected.slice(0, 5));
    // The next window steps from the state the first five left: the world carried on.
    await lab.playback.step();
    expect(lab.playback.window).toBe(6);
    expect(lab.playback.frames.at(-1)!.snapshot).toEqual(expected[5]);
    expect(lab.live.current).toEqual(expected[5]);
  });

  it('refuses an unknown script of a link and leaves the clock as it was', async () => {
    const { lab } = await labWith(null);
    expect(lab.playback.openLink('?script=slow_burn&at=0')).toBeNull();
    await lab.playback.settled();
    expect(lab.playback.window).toBe(0);
    expect(lab.playback.openLink('?script=nope')).toMatch(/not a preset script/);
    expect(lab.playback.script?.id).toBe('slow_burn');
    expect(lab.playback.openLink('?visa=40')).toBeNull();
  });

  it('writes what the agent concluded on each window into the run file and shows it again', async () => {
    const { lab } = await labWith(presetScript('processor_retry_storm')!);
    lab.autopilot.set(true);
    // Every decision that asks for a human is approved, so real actions are carried out.
    for (let i = 0; i < 20; i++) {
      await lab.playback.step();
      if (lab.cycles.pending) await lab.cycles.approve();
    }
    const run = RunFileSchema.parse(JSON.parse(JSON.stringify(lab.playback.exportRun())));
    const played = lab.playback.frames;
    expect(run.conclusions).toHaveLength(played.length);
    for (const frame of played) {
      const decision = frame.reasoning!.decision;
      expect(frame.conclusion).toMatchObject({
        window: frame.window,
        action: decision.selectedAction.type,
        confidence: decision.confidenceInDecision,
      });
    }
    // A real action carried out in a window, or approved before the next one, is marked executed.
    const acted = lab.playback.marks.filter((m) => m.kind !== 'detected');
    const executed = run.conclusions!.filter((c) => c.executed);
    expect(acted.length).toBeGreaterThan(0);
    expect(executed).toHaveLength(acted.length);
    for (const c of executed) {
      expect(acted.some((m) => m.detail.startsWith(c.action) && m.window - c.window <= 1)).toBe(
        true,
      );
    }
    expect(run.conclusions!.some((c) => c.verdict === 'needs_approval')).toBe(true);
    const other = await labWith(null);
    await other.lab.playback.openRun(run);
    expect(other.lab.playback.frames.map((f) => f.conclusion)).toEqual(
      played.map((f) => f.conclusion),
    );
    expect(other.lab.playback.frames.every((f) => f.reasoning === null)).toBe(true);
    // The reopened run goes on recording: its file still carries the first windows' conclusions.
    expect(other.lab.playback.exportRun()!.conclusions).toEqual(run.conclusions);
  });

  it('still opens a run file from before conclusions were kept', async () => {
    const { lab } = await labWith(visaScript());
    for (let i = 0; i < 3; i++) await lab.playback.step();
    const { conclusions: _dropped, ...old } = lab.playback.exportRun()!;
    const parsed = RunFileSchema.safeParse(JSON.parse(JSON.stringify(old)));
    expect(parsed.success).toBe(true);
    const other = await labWith(null);
    await other.lab.playback.openRun(parsed.data!);
    expect(other.lab.playback.window).toBe(3);
    expect(other.lab.playback.frames.map((f) => f.conclusion)).toEqual([null, null, null]);
  });
});
