import type { CaseResult, IncidentScript, Situation } from '../contracts';
import {
  CATALOG,
  EVALUATION_EPOCH,
  HELD_OUT,
  actionKey,
  startPlane,
  warmupWindows,
} from '../domain/evaluation';
import type { ReplayLab } from './playback-hub.svelte';

/** The situation of a case from the training catalog or the held-out set, or null. */
export function caseSituation(id: string): Situation | null {
  return CATALOG.find((s) => s.id === id) ?? HELD_OUT.find((s) => s.id === id) ?? null;
}

/**
 * A situation as an incident script for the lab's clock: its faults, volume and events over its
 * warm-up windows and the decision window. On the case's seed and the evaluation's epoch, the
 * clock steps the very windows the evaluation stepped (the clock and the case seed windows alike).
 */
export function situationScript(situation: Situation, seed: number): IncidentScript {
  return {
    id: situation.id.replace(/[^a-z0-9_]/g, '_').slice(0, 40),
    label: situation.label,
    description: `Evaluation case ${situation.id}: ${situation.truth.rootCause}`.slice(0, 1000),
    windows: warmupWindows(situation) + 1,
    base: {
      ...situation.faults,
      issuerHealth: { ...situation.faults.issuerHealth },
      id: situation.id,
      trafficVolume: situation.trafficVolume,
      seed,
    },
    events: situation.events ?? [],
  };
}

/** How opening a case went: what the lab's agent decided beside the evaluation's, or why not. */
export type CaseOpened =
  { ok: true; message: string; agrees: boolean } | { ok: false; problem: string };

/**
 * Opens a case in the live lab: its plane is put in force, its warm-up windows are stepped on the
 * clock from its seed (all but the last headless), and the agent reasons on the last one, the
 * window the evaluation's agent decided on. Says whether the lab's decision equals the case's.
 */
export async function openCaseInLab(lab: ReplayLab, result: CaseResult): Promise<CaseOpened> {
  const situation = caseSituation(result.situationId);
  if (!situation) {
    return {
      ok: false,
      problem: `The situation ${result.situationId} is neither in the catalog nor in the held-out set (a situations file stays with the command line), so it cannot be opened here.`,
    };
  }
  const plane = startPlane(situation);
  lab.live.applyPlane(plane, []);
  const script = situationScript(situation, result.seed);
  await lab.playback.openAt(script, warmupWindows(situation) - 1, {
    seed: result.seed,
    startTime: EVALUATION_EPOCH,
    plane,
  });
  await lab.playback.step();
  await lab.live.settled();
  const decision = lab.live.reasoning?.decision;
  if (!decision) return { ok: false, problem: 'The lab reached no decision on the case window.' };
  const key = actionKey({
    type: decision.selectedAction.type,
    parameters: decision.selectedAction.parameters,
  });
  const agrees = key === result.agentAction.key;
  const set = result.set === 'held_out' ? ' (held-out)' : '';
  // A pick the lab's draws chose is no disagreement about what is best: say so beside it.
  const explored = decision.exploration
    ? ` The lab's pick came from exploration: ${decision.exploration.note}`
    : '';
  return {
    ok: true,
    agrees,
    message:
      `Opened ${result.situationId}${set} on seed ${result.seed} in the lab at its decision window: ` +
      `the lab's agent proposes ${key}, ${agrees ? 'as' : 'where'} the evaluation's agent ${agrees ? 'did' : `proposed ${result.agentAction.key}`}.${explored}`,
  };
}
