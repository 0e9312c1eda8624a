import type { Scenario } from '../contracts';
import { scenarioToQuery } from '../domain/scenarios/link';
import { reasoningClient } from '../services/reasoning-client';
import { openSessionStore } from '../services/session-store';
import { simulatorClient } from '../services/simulator-client';
import { writeScenarioToLocation } from '../services/url-state';
import { AlertsState } from './alerts.svelte';
import { ApprovalExpiry } from './approval-expiry.svelte';
import { Autopilot } from './autopilot.svelte';
import { ControlQueue } from './control-queue.svelte';
import { CycleRunner } from './cycle-runner.svelte';
import { GeminiAdvisor } from './gemini-advisor.svelte';
import { LiveView, type LabSettings } from './live-view.svelte';
import { connectReplay } from './playback-hub.svelte';
import { Playback, SteppedWindowPort, type WorldPort } from './playback.svelte';
import {
  browserClock,
  browserTimers,
  type Clock,
  type GeminiPort,
  type HistoryPort,
  type ReasoningPort,
  type SessionPort,
  type SimulatorPort,
  type Timers,
} from './ports';
import { SessionKeeper } from './session-keeper';

export type { LabAlert } from './alerts.svelte';
export type { CyclePoint, PendingApproval } from './cycle-runner.svelte';
export type { HistoryPort } from './ports';
export type { WhatIfRow } from './what-if';

/** Everything the lab is built from; `realLabDeps` gives the page's, tests pass fakes. */
export interface LabDeps {
  settings: LabSettings;
  history: HistoryPort;
  simulator: SimulatorPort;
  reasoning: ReasoningPort;
  gemini: GeminiPort;
  session: () => Promise<SessionPort>;
  clock: Clock;
  timers: Timers;
  writeLink: (scenario: Scenario) => void;
  /** The stepped world the clock plays; the simulator worker when absent. */
  world?: WorldPort;
}

/** The page's real services behind the lab's ports. */
export function realLabDeps(settings: LabSettings, history: HistoryPort): LabDeps {
  return {
    settings,
    history,
    simulator: {
      simulatePair: (request) => simulatorClient().call('simulatePair', [request]),
      simulateMany: (requests) => simulatorClient().call('simulateMany', [requests]),
    },
    reasoning: { reason: (input) => reasoningClient().call('reason', [input]) },
    // Loaded on first use: the Gemini SDK is only fetched once a key is set and something is seen.
    gemini: async (request) =>
      (await import('../services/gemini-client')).requestLlmHypotheses(request),
    session: () => openSessionStore(),
    clock: browserClock,
    timers: browserTimers,
    writeLink: writeScenarioToLocation,
  };
}

/**
 * The composition root of the live lab: builds the live view, the control queue, the cycle
 * runner, the autopilot, the Gemini advisor, the alerts and the session keeper, and wires them.
 */
export class LabState {
  readonly alerts = new AlertsState();
  readonly queue = new ControlQueue();
  readonly advisor: GeminiAdvisor;
  readonly live: LiveView;
  readonly cycles: CycleRunner;
  readonly autopilot: Autopilot;
  readonly expiry: ApprovalExpiry;
  readonly playback: Playback;
  private readonly deps: LabDeps;
  private keeper: SessionKeeper | null = null;

  constructor(deps: LabDeps) {
    this.deps = deps;
    const alert = (message: string) => void this.alerts.push(message);
    this.advisor = new GeminiAdvisor({
      timers: deps.timers,
      gemini: deps.gemini,
      apiKey: () => deps.settings.apiKey,
      onAnswer: () => this.live.refresh(),
    });
    const stepped = new SteppedWindowPort(deps.simulator);
    this.live = new LiveView({
      simulator: stepped,
      reasoning: deps.reasoning,
      history: deps.history,
      settings: deps.settings,
      clock: deps.clock,
      timers: deps.timers,
      advisor: this.advisor,
      alert,
      writeLink: deps.writeLink,
      onScenario: () => {
        this.keeper?.saveSoon();
        // A decision waiting for approval was made for the world before this change.
        if (this.cycles.pending) void this.expiry.supersede('the scenario changed');
      },
    });
    this.cycles = new CycleRunner({
      live: this.live,
      queue: this.queue,
      simulator: deps.simulator,
      history: deps.history,
      settings: deps.settings,
      clock: deps.clock,
      alert,
      persist: () => this.keeper?.save() ?? Promise.resolve(),
    });
    this.expiry = new ApprovalExpiry({
      queue: this.queue,
      runner: this.cycles,
      history: deps.history,
      clock: deps.clock,
      alert,
      persist: () => this.keeper?.save() ?? Promise.resolve(),
    });
    this.autopilot = new Autopilot({
      timers: deps.timers,
      paceMs: () => deps.settings.autopilotPaceMs,
      runCycle: () => this.cycles.runCycle(),
      awaitingHuman: () => this.cycles.pending !== null,
      changed: () => void this.keeper?.save(),
    });
    this.playback = new Playback({
      world: deps.world ?? {
        step: (request) => simulatorClient().call('step', [request]),
        stepMany: (request) => simulatorClient().call('stepMany', [request]),
      },
      live: this.live,
      cycles: this.cycles,
      autopilot: this.autopilot,
      timers: deps.timers,
      clock: deps.clock,
      alert,
      stepped,
      persist: () => void this.keeper?.save(),
    });
    const { live, playback, cycles } = this;
    connectReplay({ live, playback, cycles, ...deps });
  }

  /** Writes the live session now, e.g. before the page is opened afresh in another workspace. */
  persist(): Promise<void> {
    return this.keeper?.save() ?? Promise.resolve();
  }

  /**
   * Restores the last session where the link allows it, then computes the first live window.
   * `link.fromLink` says whether the page's link asked for a scenario of its own.
   */
  async start(link: { scenario: Scenario; fromLink: boolean }): Promise<void> {
    const store = await this.deps.session();
    const keeper = new SessionKeeper({
      store,
      live: this.live,
      runner: this.cycles,
      history: this.deps.history,
      run: () => this.playback.exportRun(),
      dials: () => this.playback.dials.kept,
      agentOn: () => this.autopilot.on,
      clock: this.deps.clock,
      timers: this.deps.timers,
      alert: (message) => void this.alerts.push(message),
    });
    const wanted = scenarioToQuery(link.scenario);
    const { scenario, run, memory, dials, agentWasOn } = await keeper.restore({
      scenario: link.scenario,
      accepts: (stored) => !link.fromLink || scenarioToQuery(stored) === wanted,
    });
    // The run a reload interrupted comes back paused where it stood, and the agent remembers
    // what it saw and whom it paged; a link that opened a run of its own starts afresh instead.
    if (dials) this.playback.dials.restore(dials);
    if (agentWasOn) this.autopilot.offAfterReload();
    let settled = false;
    if (!this.playback.script) {
      if (run) settled = await this.playback.resume(run, memory);
      else this.live.remember(memory);
    }
    // A session restored under a bare link puts its scenario back into the link; either way the
    // session written next knows what the link shows.
    if (scenarioToQuery(scenario) !== wanted) this.live.link.show(scenario);
    else if (link.fromLink) this.live.link.show(link.scenario, false);
    this.keeper = keeper;
    // Kept at once: the next reload resumes this start, and a refused session is replaced.
    await keeper.save();
    // A resumed run has already put the live view on its last window: no second look at it.
    if (settled) return;
    this.live.refresh();
    await this.live.settled();
  }
}
