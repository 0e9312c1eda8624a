import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type ActionProposal,
  type ActionType,
  type ControlPlane,
  type Decision,
  type LearningContext,
  type LearningRecord,
  type MetricsSnapshot,
  type ReasoningResult,
  type Scenario,
  type SimulationRequest,
  type Violation,
} from '../contracts';
import { applyAction, assessDecision, type GuardrailAssessment } from '../domain/execution';
import { buildLlmFacts } from '../domain/reasoning/hypotheses';
import { matchingPreset } from '../domain/scenarios/presets';
import {
  executeDecision,
  rollbackAction,
  type ActiveAction,
  type ExecuteReport,
  type ExecutorDeps,
} from '../services/executor';
import { LatestOnly } from '../services/latest-only';
import { reasoningClient } from '../services/reasoning-client';
import { simulatorClient } from '../services/simulator-client';
import { writeScenarioToLocation } from '../services/url-state';
import type { SettingsState } from './settings.svelte';

/** One cycle on the time-series chart. */
export interface CyclePoint {
  cycle: number;
  successRate: number;
  p99: number;
  action: ActionType;
  /** The action changed the control plane and stayed. */
  executed: boolean;
  rolledBack: boolean;
  blocked: boolean;
}

/** One row of the what-if table: the agent's estimate beside the simulated effect. */
export interface WhatIfRow {
  proposal: ActionProposal;
  selected: boolean;
  /** Simulated on the same window (same seed) with the action applied; null when not applicable. */
  simulated: { successRateChange: number; latencyChangeMs: number; costChange: number } | null;
  problem: string | null;
}

/** A decision waiting for a human. */
export interface PendingApproval {
  decision: Decision;
  reasons: string[];
  violations: Violation[];
  /** The live window the decision was made on. */
  current: MetricsSnapshot;
  scenario: Scenario;
}

/** A message for the alert area. */
export interface LabAlert {
  id: number;
  message: string;
}

/** What the lab needs from the learning history. */
export interface HistoryPort {
  readonly context: LearningContext;
  add(record: LearningRecord): Promise<void>;
}

interface LiveRequest {
  scenario: Scenario;
  controlPlane: ControlPlane;
}

const WHAT_IF_LIMIT = 12;
/** How long the sliders must rest before Gemini is asked. */
const GEMINI_QUIET_MS = 1200;
const URL_WRITE_INTERVAL_MS = 300;

/**
 * The live lab: scenario and control plane, the latest windows and reasoning, the what-if table,
 * cycles, approvals, autopilot and active actions. Everything the UI shows about the loop.
 */
export class LabState {
  scenario = $state.raw<Scenario>(HEALTHY_SCENARIO);
  controlPlane = $state.raw<ControlPlane>(DEFAULT_CONTROL_PLANE);
  activeActions = $state.raw<ActiveAction[]>([]);
  /** Cycles run so far; the live window's seed advances with each, as time does. */
  cycle = $state(0);

  baseline = $state.raw<MetricsSnapshot | null>(null);
  current = $state.raw<MetricsSnapshot | null>(null);
  reasoning = $state.raw<ReasoningResult | null>(null);
  whatIf = $state.raw<WhatIfRow[]>([]);
  /** Milliseconds the last live update took (simulate + reason + what-if). */
  lastUpdateMs = $state<number | null>(null);
  updating = $state(false);

  series = $state.raw<CyclePoint[]>([]);
  lastReport = $state.raw<ExecuteReport | null>(null);
  pending = $state.raw<PendingApproval | null>(null);
  running = $state(false);
  autopilot = $state(false);
  autopilotNote = $state<string | null>(null);
  alerts = $state.raw<LabAlert[]>([]);
  /** What Gemini is doing, when a key is set: asking, answered, or why it failed. */
  llmStatus = $state<string | null>(null);

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
          limits: this.settings.limits,
        })
      : null,
  );

  private readonly settings: SettingsState;
  private readonly history: HistoryPort;
  private readonly live = new LatestOnly<LiveRequest>((request) => this.update(request));
  private alertId = 0;
  /** Gemini answers by pattern signature: a hypothesis is about the pattern, not the exact numbers. */
  // A plain cache, read inside async work only: nothing renders from it, so it need not be reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly llmAnswers = new Map<string, string>();
  private llmInFlight: string | null = null;
  private llmTimer: ReturnType<typeof setTimeout> | null = null;
  private urlTimer: ReturnType<typeof setTimeout> | null = null;
  private autopilotTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(settings: SettingsState, history: HistoryPort) {
    this.settings = settings;
    this.history = history;
  }

  /** Starts from a scenario (e.g. read from the link) and computes the first live window. */
  start(scenario: Scenario): Promise<void> {
    this.scenario = scenario;
    this.refresh();
    return this.live.idle();
  }

  /** Changes the scenario (a slider or preset); the live view follows, the link too. */
  setScenario(scenario: Scenario): void {
    this.scenario = scenario;
    this.scheduleUrlWrite();
    this.refresh();
  }

  /** Recomputes the live window, reasoning and what-if for the current inputs. */
  refresh(): void {
    this.live.request({ scenario: this.liveScenario, controlPlane: this.controlPlane });
  }

  /** Resolves once the live view reflects the latest inputs. */
  settled(): Promise<void> {
    return this.live.idle();
  }

  /** Shows a message in the alert area. */
  alert(message: string): void {
    this.alerts = [...this.alerts, { id: ++this.alertId, message }];
  }

  /** Removes one alert. */
  dismiss(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
  }

  /** Runs one cycle: the current decision goes through the guardrails and, if allowed, executes. */
  async runCycle(): Promise<void> {
    if (this.pending) {
      this.stopAutopilot('Autopilot stopped: a decision needs your approval.');
      return;
    }
    if (this.running) return;
    this.running = true;
    try {
      await this.live.idle();
      const reasoning = this.reasoning;
      const current = this.current;
      if (!reasoning || !current) throw new Error('There is no live window to act on yet.');
      const scenario = this.liveScenario;
      const report = await executeDecision(
        {
          decision: reasoning.decision,
          baselineMetrics: current,
          scenario,
          controlPlane: this.controlPlane,
          activeActions: this.activeActions,
          limits: this.settings.limits,
          cycle: this.cycle + 1,
          deferApproval: true,
        },
        this.deps(),
      );
      this.finishCycle(report, reasoning.decision, current, scenario);
    } catch (error) {
      this.alert(messageOf(error));
      this.stopAutopilot('Autopilot stopped: the last cycle failed.');
    } finally {
      this.running = false;
    }
  }

  /** Approves the pending decision; hard limits still apply. */
  approve(): Promise<void> {
    return this.answer(true);
  }

  /** Rejects the pending decision; it is stored as rejected. */
  reject(): Promise<void> {
    return this.answer(false);
  }

  /** Rolls one active action back by hand (irreversible ones only with `approved`). */
  async rollback(actionId: string, approved = false): Promise<void> {
    try {
      const report = await rollbackAction(
        actionId,
        { activeActions: this.activeActions, approved, cycle: this.cycle },
        this.deps(),
      );
      this.controlPlane = report.controlPlane;
      this.activeActions = report.activeActions;
      if (report.dropped.length > 0) {
        this.alert(
          `${report.dropped.length} later action(s) could not be re-applied without it and were dropped.`,
        );
      }
      this.refresh();
    } catch (error) {
      this.alert(messageOf(error));
    }
  }

  /** Turns autopilot on or off; it runs cycles at the settings' pace and stops at any approval. */
  setAutopilot(on: boolean): void {
    this.autopilot = on;
    if (on) {
      this.autopilotNote = null;
      this.scheduleAutopilot(0);
    } else if (this.autopilotTimer) {
      clearTimeout(this.autopilotTimer);
      this.autopilotTimer = null;
    }
  }

  private async answer(approved: boolean): Promise<void> {
    const pending = this.pending;
    if (!pending || this.running) return;
    this.running = true;
    try {
      const report = await executeDecision(
        {
          decision: pending.decision,
          baselineMetrics: pending.current,
          scenario: pending.scenario,
          controlPlane: this.controlPlane,
          activeActions: this.activeActions,
          limits: this.settings.limits,
          cycle: this.cycle,
          humanApproval: { approved, at: Date.now(), by: 'lab user' },
        },
        this.deps(),
      );
      this.pending = null;
      this.applyReport(report);
      const last = this.series.at(-1);
      if (last) this.series = [...this.series.slice(0, -1), pointFor(last, report)];
    } catch (error) {
      this.alert(messageOf(error));
    } finally {
      this.running = false;
    }
  }

  private finishCycle(
    report: ExecuteReport,
    decision: Decision,
    current: MetricsSnapshot,
    scenario: Scenario,
  ): void {
    this.cycle += 1;
    this.series = [
      ...this.series,
      pointFor(
        {
          cycle: this.cycle,
          successRate: current.successRate,
          p99: current.latency.p99,
          action: decision.selectedAction.type,
          executed: false,
          rolledBack: false,
          blocked: false,
        },
        report,
      ),
    ];
    if (!report.result.executed && report.approvable) {
      this.pending = {
        decision,
        reasons: decision.approvalReasons,
        violations: report.result.safetyCheck.violations,
        current,
        scenario,
      };
      this.stopAutopilot('Autopilot stopped: a decision needs your approval.');
      // The pending box stands for this decision; the last outcome stays the last real one.
      this.refresh();
      return;
    }
    this.applyReport(report);
  }

  private applyReport(report: ExecuteReport): void {
    this.lastReport = report;
    this.controlPlane = report.controlPlane;
    this.activeActions = report.activeActions;
    this.refresh();
  }

  private stopAutopilot(note: string): void {
    if (!this.autopilot) return;
    this.setAutopilot(false);
    this.autopilotNote = note;
  }

  private scheduleAutopilot(delayMs: number): void {
    if (this.autopilotTimer) clearTimeout(this.autopilotTimer);
    this.autopilotTimer = setTimeout(async () => {
      this.autopilotTimer = null;
      if (!this.autopilot) return;
      await this.runCycle();
      if (this.autopilot) this.scheduleAutopilot(this.settings.autopilotPaceMs);
    }, delayMs);
  }

  private scheduleUrlWrite(): void {
    // Browsers throttle history updates; a drag writes the link a few times a second at most.
    if (this.urlTimer) return;
    this.urlTimer = setTimeout(() => {
      this.urlTimer = null;
      writeScenarioToLocation(this.scenario);
    }, URL_WRITE_INTERVAL_MS);
  }

  private deps(): ExecutorDeps {
    return {
      simulateMany: (requests) => simulatorClient().call('simulateMany', [requests]),
      record: (record) => this.history.add(record),
      now: () => Date.now(),
      elapsed: () => performance.now(),
    };
  }

  private async update(request: LiveRequest): Promise<void> {
    this.updating = true;
    const started = performance.now();
    try {
      const now = Date.now();
      const pair = await simulatorClient().call('simulatePair', [
        { scenario: request.scenario, controlPlane: request.controlPlane, timestamp: now },
      ]);
      const input = {
        currentMetrics: pair.current,
        baselineMetrics: pair.baseline,
        learningContext: this.history.context,
        config: this.settings.reasoning.config,
        limits: this.settings.limits,
        now,
      };
      let reasoning = await reasoningClient().call('reason', [input]);
      const signature = patternSignature(reasoning);
      const answer = this.llmAnswers.get(signature);
      if (answer !== undefined) {
        reasoning = await reasoningClient().call('reason', [{ ...input, llmHypotheses: answer }]);
      } else if (this.settings.apiKey && reasoning.patterns.some((p) => p.type !== 'noise')) {
        this.scheduleGemini(signature, pair.current, pair.baseline, reasoning);
      }
      const whatIf = await this.simulateWhatIf(request, reasoning, pair.current, now);
      this.baseline = pair.baseline;
      this.current = pair.current;
      this.reasoning = reasoning;
      this.whatIf = whatIf;
      this.lastUpdateMs = performance.now() - started;
    } catch (error) {
      this.alert(messageOf(error));
    } finally {
      this.updating = false;
    }
  }

  /**
   * Asks Gemini for hypotheses in the background, once the sliders have been still for a moment;
   * the live loop never waits for it. Its answer is used from the next update on, for as long as
   * the same patterns are seen, and only after the engine has validated it.
   */
  private scheduleGemini(
    signature: string,
    current: MetricsSnapshot,
    baseline: MetricsSnapshot,
    reasoning: ReasoningResult,
  ): void {
    if (this.llmTimer) clearTimeout(this.llmTimer);
    this.llmTimer = setTimeout(async () => {
      this.llmTimer = null;
      if (this.llmInFlight !== null || this.llmAnswers.has(signature)) return;
      this.llmInFlight = signature;
      this.llmStatus = 'Asking Gemini for hypotheses…';
      try {
        const { requestLlmHypotheses } = await import('../services/gemini-client');
        const facts = buildLlmFacts(current, baseline, reasoning.anomalies, reasoning.patterns);
        const result = await requestLlmHypotheses({ apiKey: this.settings.apiKey, facts });
        if (result.ok) {
          this.llmAnswers.set(signature, result.raw);
          this.llmStatus = 'Gemini answered; its hypotheses are checked before use.';
          this.refresh();
        } else {
          this.llmStatus = `Gemini was not used: ${result.message} Template hypotheses apply.`;
        }
      } finally {
        this.llmInFlight = null;
      }
    }, GEMINI_QUIET_MS);
  }

  /** Simulates every proposal on the same window: the agent's estimate meets the world's answer. */
  private async simulateWhatIf(
    request: LiveRequest,
    reasoning: ReasoningResult,
    current: MetricsSnapshot,
    now: number,
  ): Promise<WhatIfRow[]> {
    const proposals = reasoning.proposals.slice(0, WHAT_IF_LIMIT);
    const rows: WhatIfRow[] = [];
    const requests: SimulationRequest[] = [];
    const rowOfRequest: number[] = [];
    for (const proposal of proposals) {
      const selected = proposal.id === reasoning.decision.selectedAction.id;
      try {
        const controlPlane = applyAction(request.controlPlane, proposal);
        rowOfRequest.push(rows.length);
        requests.push({ scenario: request.scenario, controlPlane, timestamp: now });
        rows.push({ proposal, selected, simulated: null, problem: null });
      } catch (error) {
        rows.push({ proposal, selected, simulated: null, problem: messageOf(error) });
      }
    }
    const snapshots = requests.length
      ? await simulatorClient().call('simulateMany', [requests])
      : [];
    snapshots.forEach((after, i) => {
      const row = rows[rowOfRequest[i]!]!;
      row.simulated = {
        successRateChange: after.successRate - current.successRate,
        latencyChangeMs: after.latency.p99 - current.latency.p99,
        costChange:
          current.costPerTransaction && after.costPerTransaction !== undefined
            ? after.costPerTransaction / current.costPerTransaction - 1
            : 0,
      };
    });
    return rows;
  }
}

function pointFor(base: CyclePoint, report: ExecuteReport): CyclePoint {
  const outcome = report.result.outcome;
  return {
    ...base,
    executed: report.result.executed && !(outcome?.rollbackTriggered ?? false),
    rolledBack: outcome?.rollbackTriggered ?? false,
    blocked: !report.result.executed,
  };
}

/** Identifies what the reasoning saw: pattern types with their issuers. */
function patternSignature(reasoning: ReasoningResult): string {
  return reasoning.patterns
    .map((p) => `${p.type}:${[...p.issuerIds].sort().join(',')}`)
    .sort()
    .join('|');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
