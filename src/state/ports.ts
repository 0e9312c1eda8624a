import type {
  LearningContext,
  LearningRecord,
  MetricsSnapshot,
  ReasoningInput,
  ReasoningResult,
  SimulationRequest,
} from '../contracts';
import type { LiveSession } from '../contracts/session';
import type { SnapshotPair } from '../contracts/worker-api';
import type { GeminiRequest, GeminiResult } from '../services/gemini-client';
import type { SessionRead } from '../services/session-store';

/** Wall-clock and monotonic time, passed in so tests can fix both. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A monotonic clock in ms, for durations. */
  elapsed(): number;
}

/** A handle returned by `Timers.set`. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/** One-shot timers, passed in so tests can drive them with vi.useFakeTimers. */
export interface Timers {
  set(callback: () => void, delayMs: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** What the state needs from the simulator worker. */
export interface SimulatorPort {
  simulatePair(request: SimulationRequest): Promise<SnapshotPair>;
  simulateMany(requests: SimulationRequest[]): Promise<MetricsSnapshot[]>;
}

/** What the state needs from the reasoning worker. */
export interface ReasoningPort {
  reason(input: ReasoningInput): Promise<ReasoningResult>;
}

/** What the lab needs from the learning history. */
export interface HistoryPort {
  readonly context: LearningContext;
  add(record: LearningRecord): Promise<void>;
}

/** Where the live session is kept between reloads. */
export interface SessionPort {
  read(): Promise<SessionRead>;
  save(session: LiveSession): Promise<void>;
}

/** Asks Gemini for hypotheses; never throws. */
export type GeminiPort = (request: GeminiRequest) => Promise<GeminiResult>;

/** The real timers of the page. */
export const browserTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle),
};

/** The real clocks of the page. */
export const browserClock: Clock = {
  now: () => Date.now(),
  elapsed: () => performance.now(),
};

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
