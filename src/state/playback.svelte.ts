import type { IncidentScript, RunFile, RunMark, Scenario } from '../contracts';
import type { AgentMemory } from './live-view.svelte';
import {
  foldScenarioChange,
  freeRunScript,
  windowRequests,
  type RunClock,
} from '../domain/timeline';
import type { Autopilot } from './autopilot.svelte';
import type { CycleRunner } from './cycle-runner.svelte';
import type { LiveView } from './live-view.svelte';
import { agentTurn } from './playback-agent.svelte';
import { RunLog } from './playback-log.svelte';
import { TickPacer } from './playback-pacer.svelte';
import type { SteppedWindowPort } from './playback-port.svelte';
import {
  headlessRun,
  pushFrame,
  replayRun,
  scriptOfLink,
  withConclusion,
  type HeadlessStart,
  type WindowFrame,
  type WorldPort,
} from './playback-replay.svelte';
import { RunWorld } from './playback-world.svelte';
import { ClockDialsState } from './clock-dials.svelte';
import { messageOf, type Clock, type Timers } from './ports';

export { SteppedWindowPort } from './playback-port.svelte';
export { FRAME_LIMIT, type WindowFrame, type WorldPort } from './playback-replay.svelte';

/** What the playback needs: the worker's world, the live loop it drives, timers and a clock. */
export interface PlaybackDeps {
  world: WorldPort;
  live: LiveView;
  cycles: CycleRunner;
  autopilot: Autopilot;
  timers: Timers;
  clock: Clock;
  alert: (message: string) => void;
  /** The live view's simulator, told which window the clock stepped. */
  stepped: SteppedWindowPort;
  /** Keeps the run for a reload: called when a run begins, opens or steps a window. */
  persist?: () => void;
}

/**
 * The lab's clock: Play, Pause and Step advance the world one window at a time on the simulator
 * worker (the world carries its state from window to window), the live view looks at each window,
 * and with the agent on it acts every window. It keeps the last windows for the timeline, records
 * every change of the plane and every slider move, and writes and reopens run files.
 */
export class Playback {
  playing = $state(false);
  script = $state.raw<IncidentScript | null>(null);
  /** The next window the clock will step. */
  window = $state(0);
  frames = $state.raw<WindowFrame[]>([]);
  /** The window being looked at; null follows the newest. */
  selected = $state<number | null>(null);
  busy = $state(false);
  /** The speed it plays at and the SLO the timeline burns against, kept for a reload. */
  readonly dials = new ClockDialsState(() => this.deps.persist?.());

  readonly selectedFrame: WindowFrame | null = $derived.by(() => {
    const frames = this.frames;
    if (this.selected === null) return frames.at(-1) ?? null;
    return frames.find((frame) => frame.window === this.selected) ?? frames.at(-1) ?? null;
  });

  private readonly deps: PlaybackDeps;
  /** The run's seed, start time and the state both worlds carry from window to window. */
  private readonly world: RunWorld;
  /** The scenario the clock last put into the live view: any other one came from a person. */
  private lastSet: Scenario | null = null;
  /** Runs the ticks one after another, timed to the speed while playing. */
  private readonly pacer: TickPacer;

  private readonly log: RunLog;

  constructor(deps: PlaybackDeps) {
    this.deps = deps;
    this.world = new RunWorld(deps.world);
    this.log = new RunLog(deps.cycles);
    this.pacer = new TickPacer({
      timers: deps.timers,
      clock: deps.clock,
      tick: () => this.tick(),
      playing: () => this.playing,
      perSecond: () => this.dials.speed,
    });
  }

  /** The marks of the run: detections, real actions, rollbacks and unwinds, by window. */
  get marks(): RunMark[] {
    return this.log.marks;
  }

  /** The clock of the run in progress, once one has begun. */
  get clock(): RunClock | null {
    return this.script ? this.world.clockOf(this.script) : null;
  }

  /** Starts an incident script from window 0 (paused); null starts a free run on the sliders. */
  begin(script: IncidentScript | null): void {
    this.pause();
    const picked = script ?? freeRunScript(this.deps.live.scenario);
    this.script = picked;
    this.world.begin(picked, this.deps.clock.now());
    this.window = 0;
    this.frames = [];
    this.selected = null;
    this.deps.stepped.hold(null);
    this.lastSet = null;
    this.log.reset();
    this.deps.live.setClockWindow(null);
    this.deps.persist?.();
  }

  /**
   * Whether a decision waits for a human: the clock does not move on then, because the next
   * window would supersede the decision before anyone answered it.
   */
  get waitsForHuman(): boolean {
    return this.deps.cycles.pending !== null;
  }

  /** Runs the clock at the chosen speed until paused or the script ends; not while one waits. */
  play(): void {
    if (this.playing || this.waitsForHuman) return;
    if (!this.script || this.window >= this.script.windows) this.begin(this.script);
    this.playing = true;
    this.deps.autopilot.holdForClock(true);
    this.pacer.start(0);
  }

  /** Stops the clock after the window in progress. */
  pause(): void {
    this.playing = false;
    this.pacer.stop();
    this.deps.autopilot.holdForClock(false);
  }

  /** Advances exactly one window (pausing the clock first); not while a decision waits. */
  step(): Promise<void> {
    this.pause();
    if (this.waitsForHuman) return Promise.resolve();
    if (!this.script || this.window >= this.script.windows) this.begin(this.script);
    // The clock paces the agent for this one window too, so it acts once, not twice.
    this.deps.autopilot.holdForClock(true);
    return this.pacer.enqueue().finally(() => {
      if (!this.playing) this.deps.autopilot.holdForClock(false);
    });
  }

  /**
   * Picks the script a shared link carries (`script`) and starts the clock paused at the link's
   * window (`at`): windows 0 to at − 1 are stepped first without the agent, so the world carries
   * the state it would have at that window. The page's link reader already puts the sliders at
   * that window and reports a refused script. Returns the refusal, or null.
   */
  openLink(search: string): string | null {
    const link = scriptOfLink(search);
    if (!link) return null;
    if (!link.ok) return link.problem;
    void this.openAt(link.value.script, link.value.window);
    return null;
  }

  /**
   * Begins `script` paused at window `at`, its windows before it stepped headless on the plane in
   * force (`options.plane`, the live one by default) from `options.seed` and `options.startTime`.
   */
  async openAt(script: IncidentScript, at: number, options: HeadlessStart = {}): Promise<void> {
    this.begin(script);
    if (options.seed !== undefined) this.world.seed = options.seed;
    if (options.startTime !== undefined) this.world.startTime = options.startTime;
    const plane = options.plane ?? this.deps.live.controlPlane;
    if (at > 0) await this.openRun(headlessRun(this.clock!, at, plane));
  }

  /** Looks at one kept window (null: follow the newest). */
  select(window: number | null): void {
    this.selected = window;
  }

  /** Moves the selection `delta` kept windows back (negative) or forward. */
  selectBy(delta: number): void {
    const frames = this.frames;
    if (frames.length === 0) return;
    const at = this.selectedFrame ? frames.indexOf(this.selectedFrame) : frames.length - 1;
    const next = Math.min(frames.length - 1, Math.max(0, at + delta));
    this.selected = frames[next]!.window;
  }

  /** Resolves once the window in progress (if any) is done. */
  settled(): Promise<void> {
    return this.pacer.settled();
  }

  /** The run so far as a file; null before the first window. */
  exportRun(): RunFile | null {
    return this.log.toFile(this.clock, this.window);
  }

  /**
   * Reopens a parsed run file: its windows are stepped again in the worker, paused at its end,
   * each beside the agent's conclusion the file kept. It waits for the window in progress.
   */
  openRun(run: RunFile): Promise<void> {
    this.pause();
    return this.pacer.after(() => this.restore(run));
  }

  /**
   * Takes up the run a reload interrupted: its windows stepped again, paused where it stood, the
   * live view on its last window as that window was stepped (and settled), with what the agent
   * remembered. False when the run could not be stepped again.
   */
  async resume(run: RunFile, memory: AgentMemory): Promise<boolean> {
    await this.openRun(run);
    const last = this.frames.at(-1);
    const clock = this.clock;
    if (!last || !clock || this.window !== run.windows) return false;
    const { live, stepped } = this.deps;
    const request = windowRequests(clock, last.window, last.controlPlane).actual;
    stepped.hold(request, last.snapshot, last.baseline);
    // What the clock set last: a slider moved after it becomes an event of the next window.
    this.lastSet = request.scenario;
    live.setClockWindow(last.window);
    live.remember(memory);
    live.refresh();
    await live.settled();
    // A stretch of anomalies the agent was in goes on: the next window of it is no new detection.
    this.log.recorder.goOnSeeing((live.reasoning?.anomalies.length ?? 0) > 0);
    return true;
  }

  private async restore(run: RunFile): Promise<void> {
    this.busy = true;
    try {
      const replayed = await replayRun(this.deps.world, run);
      this.begin(run.script);
      this.world.restore(run, replayed);
      this.log.reset(run, replayed.lastPlane);
      this.frames = replayed.frames;
      this.window = run.windows;
      // The agent reads those windows as its history, as if it had watched them go by.
      this.deps.live.rememberWindows(
        replayed.frames.map((f) => ({ window: f.window, metrics: f.snapshot })),
      );
      this.deps.persist?.();
    } catch (error) {
      this.deps.alert(`The run could not be replayed: ${messageOf(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private async tick(): Promise<void> {
    const script = this.script;
    if (!script) return;
    // A decision asked for by hand while the clock played waits for its answer like the agent's.
    if (this.window >= script.windows || this.waitsForHuman) {
      this.pause();
      return;
    }
    const { live } = this.deps;
    this.busy = true;
    try {
      const window = this.window;
      const generation = this.world.current;
      this.absorbWorldChange(window);
      this.noteApproval();
      this.log.recorder.noteOutsideChanges(window);
      const plane = live.controlPlane;
      this.log.notePlane(window, plane);
      // The script as folded above: a slider moved since the last window is an event of this one.
      const stepped = await this.world.step(this.script ?? script, window, plane);
      if (!stepped) return;
      // The what-if rows of this window are stepped from the state the window was stepped from.
      this.deps.stepped.hold(stepped.request, stepped.actual, stepped.twin, stepped.from);
      this.lastSet = stepped.request.scenario;
      live.setClockWindow(window);
      live.setScenario(stepped.request.scenario);
      await live.settled();
      if (generation !== this.world.current) return;
      this.log.recorder.noteDetection(window, (live.reasoning?.anomalies.length ?? 0) > 0);
      const { reasoning, whatIf, conclusion, waitsForHuman } = await agentTurn(this.deps, window);
      // A decision that waits for a human would be superseded by the next window and expire:
      // the clock stops for them, and Play goes on once they have answered.
      if (waitsForHuman) this.pause();
      if (generation !== this.world.current) return;
      this.log.noteConclusion(conclusion);
      this.log.recorder.noteOutsideChanges(window);
      this.frames = pushFrame(this.frames, {
        window,
        snapshot: stepped.actual,
        baseline: stepped.twin,
        controlPlane: plane,
        reasoning,
        whatIf,
        conclusion,
      });
      this.window = window + 1;
      this.deps.persist?.();
      if (this.window >= script.windows) this.pause();
    } catch (error) {
      this.pause();
      this.deps.alert(`The clock stopped: ${messageOf(error)}`);
    } finally {
      this.busy = false;
    }
  }

  /** A decision of the last window approved since then: its frame shows it carried out. */
  private noteApproval(): void {
    this.frames = withConclusion(this.frames, this.log.noteApprovalSince());
  }

  /** A scenario the clock did not set came from a person: it becomes events at this window. */
  private absorbWorldChange(window: number): void {
    const { live } = this.deps;
    if (!this.lastSet || live.scenario === this.lastSet || !this.script) return;
    this.script = foldScenarioChange(this.script, window, this.lastSet, live.scenario);
  }
}
