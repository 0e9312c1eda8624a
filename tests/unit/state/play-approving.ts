import { presetScript } from '../../../src/domain/scenarios/preset-scripts';
import { LabState } from '../../../src/state/lab.svelte';
import { domainWorld, fakeLabDeps } from './fakes';

/**
 * Plays `windows` windows of the preset script `id` in a lab on the domain's world with the agent
 * on, as a user does: approving what the agent asks for, switching it back on, and letting it look
 * at the window again. Needs vitest's fake timers.
 */
export async function playApproving(id: string, windows: number) {
  const fakes = fakeLabDeps({ world: domainWorld });
  const lab = new LabState(fakes.deps);
  lab.live.refresh();
  await lab.live.settled();
  lab.playback.begin(presetScript(id)!);
  await stepApproving(lab, windows);
  return { lab, fakes };
}

/**
 * Steps `windows` windows of the run begun in `lab` with the agent on, approving what it asks
 * for, switching it back on and letting it look at the window again, as a user does.
 */
export async function stepApproving(lab: LabState, windows: number): Promise<void> {
  lab.autopilot.set(true);
  for (let i = 0; i < windows; i++) {
    await lab.playback.step();
    for (let asked = 0; lab.cycles.pending && asked < 5; asked++) {
      await lab.cycles.approve();
      lab.autopilot.set(true);
      await lab.cycles.runCycle();
    }
  }
}
