import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import { LabState } from '../../../src/state/lab.svelte';
import { replayLab } from '../../../src/state/playback-hub.svelte';
import { recordInputs, replayRecord } from '../../../src/state/playback-record.svelte';
import { makeRecord } from '../support/factories';
import { fakeLabDeps, visaOutage } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A lab on the Visa outage that ran `cycles` cycles, each decision approved when asked. */
async function labAfter(cycles: number) {
  const fakes = fakeLabDeps();
  const lab = new LabState(fakes.deps);
  lab.live.setScenario(visaOutage);
  await lab.live.settled();
  for (let i = 0; i < cycles; i++) {
    if ((await lab.cycles.runCycle()) === 'needs-approval') await lab.cycles.approve();
    await lab.live.settled();
  }
  return { lab, history: fakes.history };
}

describe('Replaying a history record', () => {
  it('re-runs an executed cycle to the same window and the same decision', async () => {
    const { lab, history } = await labAfter(1);
    const record = history.records.find((r) => r.status === 'executed')!;
    expect(record).toBeDefined();
    // The lab moves on; the replay reads the record, not the live lab.
    lab.live.setScenario({ ...HEALTHY_SCENARIO, seed: 7 });
    await lab.live.settled();
    const replayed = await replayRecord(replayLab()!, record, history.records);
    expect(replayed.ok).toBe(true);
    if (!replayed.ok) return;
    expect(replayed.replay.sameWindow).toBe(true);
    expect(replayed.replay.sameDecision).toBe(true);
    expect(replayed.replay.decision.selectedAction.type).toBe(record.actionType);
    expect(replayed.replay.message).toMatch(/^Replayed: the same decision, shift_traffic/);
    // The record's scenario is back on the sliders, its live window on the record's seed.
    await lab.live.settled();
    expect(lab.live.scenario.issuerHealth.visa).toBe(0.6);
    expect(lab.live.liveScenario.seed).toBe(record.outcome!.baselineMetrics.seed);
  });

  it('rebuilds the plane and context of later cycles from the records before them', async () => {
    const { history } = await labAfter(3);
    expect(history.records).toHaveLength(3);
    // The second cycle decided on Visa half on its backup, the third on a plane shifted twice.
    for (const record of history.records) {
      const replayed = await replayRecord(replayLab()!, record, history.records);
      expect(replayed.ok).toBe(true);
      if (!replayed.ok) return;
      expect(replayed.replay.sameWindow).toBe(true);
      expect(replayed.replay.sameDecision).toBe(true);
    }
    // The third record keeps the plane it ran on, so it replays to the same window on its own.
    const last = history.records.at(-1)!;
    expect(last.inputs?.controlPlane).not.toEqual(history.records[0]!.inputs?.controlPlane);
    const alone = await replayRecord(replayLab()!, last, [last]);
    expect(alone.ok && alone.replay.sameWindow).toBe(true);
    expect(alone.ok && alone.replay.inputs.assumed).toEqual([
      'the earlier windows the agent saw (only this one)',
    ]);
    // A record from before records kept their inputs: without the records before it, the third
    // cycle's plane cannot be rebuilt, and the window differs.
    const { inputs: _kept, ...older } = last;
    const rebuilt = await replayRecord(replayLab()!, older, [older]);
    expect(rebuilt.ok && rebuilt.replay.sameWindow).toBe(false);
    expect(rebuilt.ok && rebuilt.replay.message).toMatch(/differs from the stored one/);
  });

  it('says a different decision apart from the stored one', async () => {
    const { history } = await labAfter(1);
    const record = history.records.find((r) => r.status === 'executed')!;
    const altered = {
      ...record,
      actionType: 'implement_backoff' as const,
      decision: {
        ...record.decision,
        selectedAction: {
          ...record.decision.selectedAction,
          type: 'implement_backoff' as const,
          parameters: {},
        },
      },
    };
    const replayed = await replayRecord(replayLab()!, altered, history.records);
    expect(replayed.ok && replayed.replay.sameDecision).toBe(false);
    expect(replayed.ok && replayed.replay.message).toMatch(
      /a different decision, shift_traffic .* where the record has implement_backoff/,
    );
  });

  it('names what a record does not hold, and refuses one whose scenario is no preset', () => {
    const blocked = makeRecord({ recordStatus: 'blocked' });
    const custom = recordInputs({ ...blocked, scenarioId: 'custom' }, HEALTHY_SCENARIO);
    expect(custom).toEqual({
      ok: false,
      problem: expect.stringMatching(/"custom", which is no preset/),
    });
    const clocked = recordInputs({ ...blocked, scenarioId: 'slow_burn' }, HEALTHY_SCENARIO);
    expect(clocked).toEqual({
      ok: false,
      problem: expect.stringMatching(/incident script .* replay that run from its run file/),
    });
    const read = recordInputs(
      { ...blocked, scenarioId: 'issuer_outage', cycle: 4 },
      {
        ...HEALTHY_SCENARIO,
        seed: 10,
      },
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.inputs.scenario.seed).toBe(13);
    expect(read.inputs.window).toBe(3);
    expect(read.inputs.assumed.join('; ')).toMatch(/control plane.*seed.*traffic volume/);
  });

  it('replays a clock record from the inputs it kept, naming the carried state as assumed', () => {
    const blocked = makeRecord({ recordStatus: 'blocked' });
    const scenario = { ...HEALTHY_SCENARIO, id: 'slow_burn', processorHealth: 0.9, seed: 99 };
    const plane = {
      ...DEFAULT_CONTROL_PLANE,
      retryPolicy: { ...DEFAULT_CONTROL_PLANE.retryPolicy, maxRetries: 1 },
    };
    const read = recordInputs(
      { ...blocked, scenarioId: 'slow_burn', cycle: 6, inputs: { scenario, controlPlane: plane } },
      { ...HEALTHY_SCENARIO, seed: 10 },
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.inputs.scenario).toEqual(scenario);
    expect(read.inputs.controlPlane).toEqual(plane);
    expect(read.inputs.window).toBe(5);
    expect(read.inputs.assumed.join('; ')).toMatch(/carried from earlier windows on the clock/);
  });
});
