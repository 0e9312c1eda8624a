import type { CycleRunner } from './cycle-runner.svelte';
import type { LabSettings, LiveView } from './live-view.svelte';
import type { Playback } from './playback.svelte';
import type { ReasoningPort, SimulatorPort } from './ports';

/** What reopening a history record or an evaluation case needs of the live lab. */
export interface ReplayLab {
  live: LiveView;
  playback: Playback;
  cycles: CycleRunner;
  simulator: SimulatorPort;
  reasoning: ReasoningPort;
  settings: LabSettings;
}

let connected: ReplayLab | null = null;

/**
 * Connects the page's live lab, so a history row or an evaluation case far from the clock in the
 * component tree can reopen its inputs there; the lab built last is the one reopened into.
 */
export function connectReplay(lab: ReplayLab): void {
  connected = lab;
}

/** The live lab a replay opens into, or null before one is built. */
export function replayLab(): ReplayLab | null {
  return connected;
}
