import { z } from 'zod';
import { EpochMillis } from './common';
import type { CaseResult, EvaluationCase, LearningCurve, LearningCurveOptions } from './evaluation';
import type { MetricsSnapshot } from './metrics';
import type { ReasoningInput, ReasoningResult } from './reasoning';
import type { ScriptRunRequest } from './script';
import { ControlPlaneSchema, ScenarioSchema, WorldStateSchema, type WorldState } from './world';

/** What a worker says when asked whether it is alive. */
export interface WorkerHello {
  worker: 'simulator' | 'reasoning';
  ready: true;
  /** Names of the API's methods, so the UI can show what the worker offers. */
  methods: string[];
}

/** A request to simulate one window: the world's faults, the agent's control plane and the time. */
export const SimulationRequestSchema = z.object({
  scenario: ScenarioSchema,
  controlPlane: ControlPlaneSchema,
  /** Stamped on the snapshot; passed in so the model stays pure. */
  timestamp: EpochMillis,
});
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

/** A batch of simulation requests; bounded so one call cannot tie the worker up for minutes. */
export const SimulationBatchSchema = z.array(SimulationRequestSchema).max(64);

/** A request to step the world one window: a simulation request plus the state it carries in. */
export const WorldStepRequestSchema = SimulationRequestSchema.extend({ state: WorldStateSchema });
export type WorldStepRequest = z.infer<typeof WorldStepRequestSchema>;

/**
 * Successive windows of one world stepped in one round trip (a script's run): the state threads
 * from each window to the next. Bounded so one call cannot tie the worker up for minutes.
 */
export const WorldRunRequestSchema = z.object({
  state: WorldStateSchema,
  windows: z.array(SimulationRequestSchema).min(1).max(1000),
});
export type WorldRunRequest = z.infer<typeof WorldRunRequestSchema>;

/** One stepped window: its snapshot and the state it hands to the next window. */
export interface WorldStepResult {
  snapshot: MetricsSnapshot;
  state: WorldState;
}

/** A stepped run: one snapshot per window, in order, and the state after the last. */
export interface WorldRunResult {
  snapshots: MetricsSnapshot[];
  state: WorldState;
}

/** Baseline (the same window with every fault off) and current metrics of one scenario. */
export interface SnapshotPair {
  baseline: MetricsSnapshot;
  current: MetricsSnapshot;
}

/** The simulator worker's API, exposed through Comlink. Inputs are parsed inside the worker. */
export interface SimulatorApi {
  hello(): WorkerHello;
  /** Simulates one window. */
  simulate(request: SimulationRequest): MetricsSnapshot;
  /** Simulates the healthy baseline and the current window of a scenario on one control plane. */
  simulatePair(request: SimulationRequest): SnapshotPair;
  /** Simulates several windows in one round trip (what-if tables, paired counterfactuals). */
  simulateMany(requests: SimulationRequest[]): MetricsSnapshot[];
  /** Runs an incident script window by window (parsed inside); the same run as in Node. */
  runScript(request: ScriptRunRequest): MetricsSnapshot[];
  /** Steps the world one window from the state it carries in (a clocked run, one tick). */
  step(request: WorldStepRequest): WorldStepResult;
  /** Steps the world through successive windows, threading the state, in one round trip. */
  stepMany(request: WorldRunRequest): WorldRunResult;
  /** Scores evaluation cases (catalog situation × seed) against the truth and the oracle. */
  evaluateCases(cases: EvaluationCase[]): CaseResult[];
  /**
   * Runs one arm of the learning curve; `onProgress` (a Comlink proxy when called across a
   * worker) hears cycles done of the total every few cycles.
   */
  learningCurve(
    options: LearningCurveOptions,
    onProgress?: (done: number, total: number) => void,
  ): LearningCurve;
  /** Fault injection for the lab's own health check: the worker dies as if it had crashed. */
  crash(): void;
}

/** The reasoning worker's API, exposed through Comlink. Inputs are parsed inside the worker. */
export interface ReasoningApi {
  hello(): WorkerHello;
  /** Runs the reasoning engine on one pair of snapshots. */
  reason(input: ReasoningInput): ReasoningResult;
  /** Fault injection for the lab's own health check: the worker dies as if it had crashed. */
  crash(): void;
}
