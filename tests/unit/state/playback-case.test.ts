import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CATALOG, HELD_OUT, runUnit, startPlane, warmRun } from '../../../src/domain/evaluation';
import { stepWindow, stepWindows } from '../../../src/domain/simulation';
import { LabState } from '../../../src/state/lab.svelte';
import { caseSituation, openCaseInLab } from '../../../src/state/playback-case.svelte';
import { replayLab } from '../../../src/state/playback-hub.svelte';
import type { WorldPort } from '../../../src/state/playback.svelte';
import { fakeLabDeps, fakeSettings } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const world: WorldPort = {
  step: (request) => Promise.resolve(stepWindow(request)),
  stepMany: (request) => Promise.resolve(stepWindows(request.state, request.windows)),
};

async function lab(exploration = true) {
  const fakes = fakeLabDeps({ world, settings: fakeSettings({ exploration }) });
  const state = new LabState(fakes.deps);
  state.live.refresh();
  await state.live.settled();
  return state;
}

describe('Opening an evaluation case in the lab', () => {
  it('finds situations of both sets, and none that neither holds', () => {
    expect(caseSituation(CATALOG[0]!.id)).toBe(CATALOG[0]);
    expect(caseSituation(HELD_OUT[0]!.id)).toBe(HELD_OUT[0]);
    expect(caseSituation('from-a-file')).toBeNull();
  });

  it('steps a held-out case to its decision window on its plane and seed, and compares decisions', async () => {
    const situation = HELD_OUT.find((s) => s.id === 'ho-visa-backup-route')!;
    const [result] = runUnit({
      situation,
      set: 'held_out',
      seeds: [3],
      oracleSeeds: 2,
      policies: ['agent'],
    });
    const state = await lab();
    expect(replayLab()?.playback).toBe(state.playback);
    const opened = await openCaseInLab(replayLab()!, result!);
    expect(opened.ok).toBe(true);
    // The window the lab's agent reasons on is the evaluation's current window, figure for
    // figure; only its label is the script's id (a script id cannot hold a dash).
    const run = warmRun(situation, 3);
    const unlabelled = <T extends object>(snapshot: T) => ({ ...snapshot, scenarioId: null });
    expect(unlabelled(state.live.current!)).toEqual(unlabelled(run.windows.at(-1)!));
    expect(state.live.controlPlane).toEqual(startPlane(situation));
    expect(state.playback.window).toBe(run.windows.length);
    expect(state.playback.frames.map((f) => unlabelled(f.snapshot))).toEqual(
      run.windows.map(unlabelled),
    );
    if (!opened.ok) return;
    expect(opened.message).toContain(`Opened ${situation.id} (held-out) on seed 3 in the lab`);
    expect(opened.message).toContain(result!.agentAction.key);
    const chosen = state.live.reasoning!.decision.selectedAction;
    const same = opened.message.includes(`proposes ${result!.agentAction.key},`);
    expect(opened.agrees).toBe(same);
    if (opened.agrees) expect(chosen.type).toBe(result!.agentAction.type);
    const explored = state.live.reasoning!.decision.exploration;
    if (explored) expect(opened.message).toContain(`came from exploration: ${explored.note}`);
    else expect(opened.message).not.toContain('exploration');
  });

  it('says why a case from a situations file cannot be opened, and changes nothing', async () => {
    const state = await lab();
    const [result] = runUnit({
      situation: CATALOG[0]!,
      set: 'training',
      seeds: [1],
      oracleSeeds: 2,
      policies: ['agent'],
    });
    const opened = await openCaseInLab(replayLab()!, { ...result!, situationId: 'from-a-file' });
    expect(opened).toEqual({ ok: false, problem: expect.stringMatching(/from-a-file is neither/) });
    expect(state.playback.window).toBe(0);
  });

  it('says when the lab’s pick came from exploration, and with exploration off it does not', async () => {
    const situation = HELD_OUT.find((s) => s.id === 'ho-backup-saturation')!;
    const [result] = runUnit({
      situation,
      set: 'held_out',
      seeds: [1],
      oracleSeeds: 2,
      policies: ['agent'],
    });
    const exploring = await lab();
    const opened = await openCaseInLab(replayLab()!, result!);
    const explored = exploring.live.reasoning!.decision.exploration;
    expect(explored?.note).toMatch(/^Explored: /);
    expect(opened.ok && opened.message).toContain(
      `The lab's pick came from exploration: ${explored!.note}`,
    );

    const plain = await lab(false);
    const again = await openCaseInLab(replayLab()!, result!);
    expect(plain.live.reasoning!.decision.exploration).toBeUndefined();
    expect(plain.live.reasoning!.decision.selectedAction.id).toBe(explored!.insteadOfActionId);
    expect(again.ok && again.message).not.toContain('exploration');
  });
});
