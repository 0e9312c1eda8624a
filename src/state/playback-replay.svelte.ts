import {
  INITIAL_WORLD_STATE,
  type ControlPlane,
  type MetricsSnapshot,
  type ReasoningResult,
  type RunConclusion,
  type RunFile,
  type RunMark,
  type SimulationRequest,
  type WorldRunRequest,
  type WorldRunResult,
  type WorldState,
  type WorldStepRequest,
  type WorldStepResult,
} from '../contracts';
import { scriptFromParams, type ScriptFromLink } from '../domain/scenarios/script-link';
import { planesByWindow, runFileOf, windowRequests, type RunClock } from '../domain/timeline';
import { conclusionsByWindow } from './playback-conclusion.svelte';
import type { WhatIfRow } from './what-if';

/** Most past windows the playback keeps for the timeline and scrubbing. */
export const FRAME_LIMIT = 500;

/** Windows per stepMany call: small enough that no call nears the worker's timeout. */
const STEP_BATCH = 100;

/** What the playback needs from the simulator worker: stepping a world that carries state. */
export interface WorldPort {
  step(request: WorldStepRequest): Promise<WorldStepResult>;
  stepMany(request: WorldRunRequest): Promise<WorldRunResult>;
}

/** One played window as it was: the world's figures, the twin's, and what the agent made of it. */
export interface WindowFrame {
  window: number;
  /** The stepped world's window. */
  snapshot: MetricsSnapshot;
  /** The same window in the fault-free twin world (what payments lost are counted against). */
  baseline: MetricsSnapshot;
  controlPlane: ControlPlane;
  /** What the agent concluded on this window; null for windows re-stepped from a run file. */
  reasoning: ReasoningResult | null;
  whatIf: WhatIfRow[];
  /** The agent's conclusion in short: recorded as played, or read back from a run file. */
  conclusion?: RunConclusion | null;
}

/** Appends a frame, dropping the oldest beyond FRAME_LIMIT. */
export function pushFrame(frames: readonly WindowFrame[], frame: WindowFrame): WindowFrame[] {
  const next =
    frames.length >= FRAME_LIMIT ? frames.slice(frames.length - FRAME_LIMIT + 1) : [...frames];
  next.push(frame);
  return next;
}

/** A run re-stepped from its file: its last frames and the states it leaves both worlds in. */
export interface ReplayedRun {
  frames: WindowFrame[];
  state: WorldState;
  twinState: WorldState;
  lastPlane: ControlPlane;
}

/** Steps a batch of windows of one world, in chunks the worker accepts, threading the state. */
async function stepAll(world: WorldPort, windows: SimulationRequest[]): Promise<WorldRunResult> {
  let state = INITIAL_WORLD_STATE;
  const snapshots: MetricsSnapshot[] = [];
  for (let i = 0; i < windows.length; i += STEP_BATCH) {
    const result = await world.stepMany({ state, windows: windows.slice(i, i + STEP_BATCH) });
    snapshots.push(...result.snapshots);
    state = result.state;
  }
  return { snapshots, state };
}

/**
 * Steps a run file's windows again in the worker, the world and its twin, on the same requests
 * a played tick builds: the same file gives the same figures in any browser.
 */
export async function replayRun(world: WorldPort, run: RunFile): Promise<ReplayedRun> {
  const clock: RunClock = { script: run.script, seed: run.seed, startTime: run.startTime };
  const planes = planesByWindow(run.initialPlane, run.actions, run.windows);
  const requests = planes.map((plane, window) => windowRequests(clock, window, plane));
  const [actual, twin] = await Promise.all([
    stepAll(
      world,
      requests.map((r) => r.actual),
    ),
    stepAll(
      world,
      requests.map((r) => r.twin),
    ),
  ]);
  const first = Math.max(0, run.windows - FRAME_LIMIT);
  const conclusions = conclusionsByWindow(run.conclusions);
  const frames: WindowFrame[] = [];
  for (let window = first; window < run.windows; window++) {
    frames.push({
      window,
      snapshot: actual.snapshots[window]!,
      baseline: twin.snapshots[window]!,
      controlPlane: planes[window]!,
      reasoning: null,
      whatIf: [],
      conclusion: conclusions.get(window) ?? null,
    });
  }
  return { frames, state: actual.state, twinState: twin.state, lastPlane: planes.at(-1)! };
}

/** The marks of a run that fall inside the frames kept. */
export function marksInView(marks: readonly RunMark[], frames: readonly WindowFrame[]): RunMark[] {
  const first = frames[0]?.window ?? 0;
  return marks.filter((mark) => mark.window >= first);
}

/** Where a clock opened at a later window starts: its seed, the time of window 0, its plane. */
export interface HeadlessStart {
  seed?: number;
  startTime?: number;
  plane?: ControlPlane;
}

/** The run of windows 0 to at − 1 of `clock` on one plane, to be stepped without the agent. */
export function headlessRun(clock: RunClock, at: number, plane: ControlPlane): RunFile {
  return runFileOf(clock, Math.min(at, clock.script.windows), plane);
}

/** The script and window a page's link carries, its refusal, or null when it carries none. */
export function scriptOfLink(
  search: string,
): { ok: true; value: ScriptFromLink } | { ok: false; problem: string } | null {
  // Read once when the page opens; nothing reacts to it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const params = new URLSearchParams(search);
  const raw = params.get('script');
  return raw === null ? null : scriptFromParams(raw, params.get('at'));
}

/** The frames with the newest one's conclusion replaced, when `conclusion` is of that window. */
export function withConclusion(
  frames: WindowFrame[],
  conclusion: RunConclusion | null,
): WindowFrame[] {
  const last = frames.at(-1);
  if (!conclusion || last?.window !== conclusion.window) return frames;
  return [...frames.slice(0, -1), { ...last, conclusion }];
}
