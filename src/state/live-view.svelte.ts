import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  MAX_OBSERVED_WINDOWS,
  type ControlPlane,
  type Decision,
  type MetricsSnapshot,
  type NoticeView,
  type ObservedWindow,
  type ReasoningConfig,
  type ReasoningResult,
  type SafetyLimits,
  type Scenario,
} from '../contracts';
import {
  assessDecision,
  buildObservation,
  effectiveLimits,
  logNotice,
  observeWindow,
  type GuardrailAssessment,
} from '../domain/execution';
import { liveExplorationSeed } from '../domain/reasoning/exploration';
import { matchingPreset } from '../domain/scenarios/presets';
import type { ActiveAction } from '../services/executor';
import { LatestOnly } from '../services/latest-only';
import type { GeminiAdvisor } from './gemini-advisor.svelte';
import {
  messageOf,
  type Clock,
  type HistoryPort,
  type ReasoningPort,
  type SimulatorPort,
  type Timers,
} from './ports';
import { PageLink } from './page-link';
import { simulateWhatIf, type WhatIfRow } from './what-if';

/** The settings the live loop reads; SettingsState provides them. */
export interface LabSettings {
  readonly limits: SafetyLimits;
  readonly reasoning: { readonly config: ReasoningConfig };
  readonly apiKey: string;
  readonly autopilotPaceMs: number;
  /** Whether the agent now and then tries a near-best safe alternative to the best-scored one. */
  readonly exploration: boolean;
}

/** What the live view needs from the outside. */
export interface LiveViewDeps {
  simulator: SimulatorPort;
  reasoning: ReasoningPort;
  history: Pick<HistoryPort, 'context'>;
  settings: LabSettings;
  clock: Clock;
  timers: Timers;
  advisor: GeminiAdvisor;
  alert: (message: string) => void;
  /** Writes the scenario into the page's link. */
  writeLink: (scenario: Scenario) => void;
  /** Called after the scenario changed, so the session can be kept. */
  onScenario: () => void;
}

interface LiveRequest {
  scenario: Scenario;
  controlPlane: ControlPlane;
  activeActions: ActiveAction[];
  /** The window the agent's history files this sight under: the clock's, else the cycles run. */
  window: number;
  /** The cycles run so far: each cycle explores with draws of its own. */
  cycle: number;
}

export { URL_WRITE_INTERVAL_MS } from './page-link';

/** What the agent remembers of a run: the windows it saw last and whom it paged. */
export interface AgentMemory {
  windows: readonly ObservedWindow[];
  notices: readonly NoticeView[];
}

/**
 * The live view: the scenario, the control plane and actions in force, and the latest window with
 * its reasoning and what-if table. Updates run latest-only, so a drag never queues stale work.
 */
export class LiveView {
  scenario = $state.raw<Scenario>(HEALTHY_SCENARIO);
  controlPlane = $state.raw<ControlPlane>(DEFAULT_CONTROL_PLANE);
  activeActions = $state.raw<ActiveAction[]>([]);
  /** Cycles run so far; the live window's seed advances with each, as time does. */
  cycle = $state(0);

  baseline = $state.raw<MetricsSnapshot | null>(null);
  current = $state.raw<MetricsSnapshot | null>(null);
  reasoning = $state.raw<ReasoningResult | null>(null);
  /** The seed the current reasoning explored with; undefined when exploration was off. */
  explorationSeed = $state<number | undefined>(undefined);
  /** The last few windows as the agent sees them, oldest first; the last is the current one. */
  observedWindows = $state.raw<ObservedWindow[]>([]);
  /** The notifications the agent sent in this run, by window: its paging log. */
  notices = $state.raw<NoticeView[]>([]);
  whatIf = $state.raw<WhatIfRow[]>([]);
  /** Milliseconds the last live update took (simulate + reason + what-if). */
  lastUpdateMs = $state<number | null>(null);
  updating = $state(false);

  /** The live window: the scenario with its seed advanced by the cycles run. */
  readonly liveScenario: Scenario = $derived({
    ...this.scenario,
    seed: (this.scenario.seed + this.cycle) % 0x1_0000_0000,
  });
  readonly presetId = $derived(matchingPreset(this.scenario)?.id ?? 'custom');
  /** The guardrails' verdict on the current decision, before anything runs. */
  readonly verdict: GuardrailAssessment | null = $derived.by(() =>
    this.reasoning
      ? assessDecision({
          decision: this.reasoning.decision,
          controlPlane: this.controlPlane,
          activeActionCount: this.activeActions.length,
          activeActions: this.activeActions,
          limits: this.deps.settings.limits,
        })
      : null,
  );

  /** The window the lab's clock stepped last, or null before it steps: see setClockWindow. */
  private clockWindow: number | null = null;
  private readonly deps: LiveViewDeps;
  private readonly live = new LatestOnly<LiveRequest>((request) => this.update(request));
  /** The page's link, which follows the scenario and lags it (the session keeps what it shows). */
  readonly link: PageLink;

  constructor(deps: LiveViewDeps) {
    this.deps = deps;
    this.link = new PageLink(deps.writeLink, deps.timers);
  }

  /** Changes the scenario (a slider or preset); the live view follows, the link too. */
  setScenario(scenario: Scenario): void {
    this.scenario = scenario;
    this.link.follow(() => this.scenario);
    this.deps.onScenario();
    this.refresh();
  }

  /** Puts a new control plane and its active actions in force (after an execution or rollback). */
  applyPlane(controlPlane: ControlPlane, activeActions: ActiveAction[]): void {
    this.controlPlane = controlPlane;
    this.activeActions = activeActions;
    this.refresh();
  }

  /**
   * Puts the live view on the window the clock stepped to, so the agent's observed windows follow
   * the clock: a window stepped while no cycle ran (the agent off, or stopped for an approval) is
   * a window of its own, not a new sight of the last cycle's. Null starts a new run: the windows
   * of the one before are another world's, and until the clock steps, cycles count the windows.
   */
  setClockWindow(window: number | null): void {
    if (window === null) {
      this.observedWindows = [];
      this.notices = [];
    }
    this.clockWindow = window;
  }

  /** Logs the notification an executed decision sent, in the window the agent looked at. */
  noteNotice(decision: Decision): void {
    this.notices = logNotice(this.notices, decision, this.seenWindow);
  }

  /** The window the agent looks at now: the clock's when it has stepped, else the cycles run. */
  get seenWindow(): number {
    return this.clockWindow ?? this.cycle;
  }

  /**
   * The clock's window an action taken now is first in force in (the one after the clock's), or
   * null before the clock steps: terms then run by cycles, each of which is a window of its own.
   */
  get nextClockWindow(): number | null {
    return this.clockWindow === null ? null : this.clockWindow + 1;
  }

  /**
   * Takes windows stepped without the live view (a run reopened, a link opened at a later window)
   * as the agent's history, oldest first: the next window the clock steps follows them.
   */
  rememberWindows(windows: readonly ObservedWindow[]): void {
    this.observedWindows = windows.slice(-MAX_OBSERVED_WINDOWS);
  }

  /**
   * Puts back what the agent remembered before a reload: the windows it saw, as it saw them, and
   * its paging log. Nothing stored (an older session) leaves what it has.
   */
  remember({ windows, notices }: AgentMemory): void {
    if (windows.length > 0) this.rememberWindows(windows);
    if (notices.length > 0) this.notices = [...notices];
  }

  /** Recomputes the live window, reasoning and what-if for the current inputs. */
  refresh(): void {
    this.live.request({
      scenario: this.liveScenario,
      controlPlane: this.controlPlane,
      activeActions: this.activeActions,
      window: this.seenWindow,
      cycle: this.cycle,
    });
  }

  /** Resolves once the live view reflects the latest inputs. */
  settled(): Promise<void> {
    return this.live.idle();
  }

  /**
   * The exploration seed of a request's cycle when exploration is on: derived from the window's
   * seed and the cycle, never drawn, so the same session explores the same way again.
   */
  private explorationSeedFor(request: LiveRequest): number | undefined {
    if (!this.deps.settings.exploration) return undefined;
    return liveExplorationSeed(request.scenario.seed, request.cycle);
  }

  private async update(request: LiveRequest): Promise<void> {
    const { simulator, reasoning: engine, clock, advisor } = this.deps;
    this.updating = true;
    const started = clock.elapsed();
    try {
      const now = clock.now();
      const pair = await simulator.simulatePair({
        scenario: request.scenario,
        controlPlane: request.controlPlane,
        timestamp: now,
      });
      const windows = observeWindow(this.observedWindows, request.window, pair.current);
      const explorationSeed = this.explorationSeedFor(request);
      const input = {
        currentMetrics: pair.current,
        baselineMetrics: pair.baseline,
        learningContext: this.deps.history.context,
        config: this.deps.settings.reasoning.config,
        limits: this.deps.settings.limits,
        now,
        // What a production router sees: never the scenario behind the windows.
        observation: buildObservation({
          windows,
          baselineMetrics: pair.baseline,
          controlPlane: request.controlPlane,
          activeActions: request.activeActions,
          notices: this.notices,
        }),
        ...(explorationSeed === undefined ? {} : { explorationSeed }),
      };
      let reasoning = await engine.reason(input);
      const answer = advisor.answerFor(reasoning);
      if (answer !== undefined)
        reasoning = await engine.reason({ ...input, llmHypotheses: answer });
      else advisor.consider(reasoning, pair.current, pair.baseline);
      const whatIf = await simulateWhatIf(
        simulator,
        { ...request, probeShare: effectiveLimits(this.deps.settings.limits).probeShare },
        reasoning,
        pair.current,
        now,
      );
      this.baseline = pair.baseline;
      this.current = pair.current;
      this.reasoning = reasoning;
      this.explorationSeed = explorationSeed;
      this.observedWindows = windows;
      this.whatIf = whatIf;
      this.lastUpdateMs = clock.elapsed() - started;
    } catch (error) {
      this.deps.alert(messageOf(error));
    } finally {
      this.updating = false;
    }
  }
}
