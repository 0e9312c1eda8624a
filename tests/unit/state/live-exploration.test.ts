import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTHY_SCENARIO, type ReasoningInput, type Scenario } from '../../../src/contracts';
import { liveExplorationSeed } from '../../../src/domain/reasoning/exploration';
import { memorySessionStore } from '../../../src/services/session-store';
import { LabState } from '../../../src/state/lab.svelte';
import { replayLab } from '../../../src/state/playback-hub.svelte';
import { replayRecord } from '../../../src/state/playback-record.svelte';
import type { ReasoningPort } from '../../../src/state/ports';
import { fakeLabDeps, fakeReasoning, fakeSettings, FakeHistory } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Visa's primary at 40 % and the primary processor at 80 %: shifting Visa and failing the
 * processor over score a hair apart, so the first cycle's draws try the runner-up.
 */
const nearTie: Scenario = {
  ...HEALTHY_SCENARIO,
  id: 'near_tie',
  issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.4 },
  processorHealth: 0.8,
};

/** The engine behind the port, keeping every input it was asked to reason on. */
function recordingReasoning(): ReasoningPort & { inputs: ReasoningInput[] } {
  const inputs: ReasoningInput[] = [];
  return {
    inputs,
    reason: (input) => {
      inputs.push(input);
      return fakeReasoning.reason(input);
    },
  };
}

/** A lab on `scenario` with exploration on or off, that ran one cycle, approved when asked. */
async function oneCycle(exploration: boolean, scenario = nearTie) {
  const history = new FakeHistory();
  const reasoning = recordingReasoning();
  const lab = new LabState(
    fakeLabDeps({ settings: fakeSettings({ exploration }), history, reasoning }).deps,
  );
  lab.live.setScenario(scenario);
  await lab.live.settled();
  const decided = lab.live.reasoning!.decision;
  if ((await lab.cycles.runCycle()) === 'needs-approval') await lab.cycles.approve();
  await lab.live.settled();
  return { lab, history, reasoning, decided };
}

describe('exploration in the live lab', () => {
  it('gives reason() the seed of the window and cycle when exploration is on', async () => {
    const { reasoning, lab } = await oneCycle(true);
    const [first] = reasoning.inputs;
    expect(first?.explorationSeed).toBe(liveExplorationSeed(nearTie.seed, 0));
    // The next cycle draws from its own seed: the window seed and the cycle both moved on.
    const last = reasoning.inputs.at(-1)!;
    expect(lab.live.cycle).toBe(1);
    expect(last.explorationSeed).toBe(liveExplorationSeed(lab.live.liveScenario.seed, 1));
    expect(last.explorationSeed).not.toBe(first?.explorationSeed);
  });

  it('gives reason() no seed when exploration is off', async () => {
    const { reasoning, decided, history } = await oneCycle(false);
    expect(reasoning.inputs.length).toBeGreaterThan(0);
    for (const input of reasoning.inputs) expect(input).not.toHaveProperty('explorationSeed');
    expect(decided.exploration).toBeUndefined();
    expect(history.records[0]?.inputs).toBeDefined();
    expect(history.records[0]?.inputs).not.toHaveProperty('explorationSeed');
  });

  it('explores the same way again in a second lab on the same session', async () => {
    const a = await oneCycle(true);
    const b = await oneCycle(true);
    expect(b.decided).toEqual(a.decided);
    expect(b.reasoning.inputs.map((i) => i.explorationSeed)).toEqual(
      a.reasoning.inputs.map((i) => i.explorationSeed),
    );
  });

  it('keeps the seed in the record, and a replay reproduces the explored pick', async () => {
    const on = await oneCycle(true);
    const off = await oneCycle(false);
    // The draws tried the runner-up, which the best score alone would not have picked.
    expect(on.decided.exploration?.insteadOfType).toBe(off.decided.selectedAction.type);
    expect(on.decided.selectedAction.type).not.toBe(off.decided.selectedAction.type);
    const record = on.history.records[0]!;
    expect(record.inputs?.explorationSeed).toBe(liveExplorationSeed(nearTie.seed, 0));
    expect(record.decision.exploration).toEqual(on.decided.exploration);

    const replayed = await replayRecord(replayLab()!, record, on.history.records);
    expect(replayed.ok).toBe(true);
    if (!replayed.ok) return;
    expect(replayed.replay.sameDecision).toBe(true);
    expect(replayed.replay.decision.selectedAction.type).toBe(on.decided.selectedAction.type);
    expect(replayed.replay.decision.exploration).toEqual(on.decided.exploration);
  });

  it('replays a record that kept no seed without exploring', async () => {
    const { history, decided } = await oneCycle(true);
    const record = history.records[0]!;
    const { explorationSeed: _seed, ...inputs } = record.inputs!;
    const older = { ...record, inputs };
    const replayed = await replayRecord(replayLab()!, older, [older]);
    expect(replayed.ok).toBe(true);
    if (!replayed.ok) return;
    expect(replayed.replay.decision.exploration).toBeUndefined();
    expect(replayed.replay.decision.selectedAction.type).toBe(decided.exploration?.insteadOfType);
    expect(replayed.replay.sameDecision).toBe(false);
  });

  it('keeps the seed of a decision waiting for approval across a reload', async () => {
    const store = memorySessionStore();
    const history = new FakeHistory();
    const deps = () => fakeLabDeps({ session: async () => store, history }).deps;
    const link = { scenario: nearTie, fromLink: true };
    const first = new LabState(deps());
    await first.start(link);
    await first.cycles.runCycle();
    const seed = first.cycles.pending?.explorationSeed;
    expect(seed).toBe(liveExplorationSeed(nearTie.seed, 0));

    const second = new LabState(deps());
    await second.start(link);
    expect(second.cycles.pending?.explorationSeed).toBe(seed);
    await second.cycles.approve();
    expect(history.records.map((r) => r.inputs?.explorationSeed)).toEqual([seed]);
  });
});
