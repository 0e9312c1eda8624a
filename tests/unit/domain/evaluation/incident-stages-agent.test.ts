import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTROL_PLANE,
  HEALTHY_SCENARIO,
  type IncidentScript,
} from '../../../../src/contracts';
import {
  incidentReferences,
  paymentsLost,
  scoreScript,
  type StagedPolicy,
} from '../../../../src/domain/evaluation/incident-stages';
import { runFixed, runIncident } from '../../../../src/domain/evaluation/incident-stages-run';
import { mitigationDebt } from '../../../../src/domain/exposition/mitigation-debt';
import { paymentLoad } from '../../../../src/domain/reasoning/headroom';
import { presetScript } from '../../../../src/domain/scenarios/preset-scripts';
import { makePolicy } from '../../../../src/domain/policies';

/** Off-peak, the primary processor at 85 % for windows 3–9, then healthy again. */
const OUTAGE: IncidentScript = {
  id: 'short_processor_outage',
  label: 'Short processor outage',
  description: 'Primary processor at 85 % for windows 3–9 at 3,000 payments per window.',
  windows: 16,
  base: { ...HEALTHY_SCENARIO, trafficVolume: 3000 },
  events: [{ at: 3, fault: 'processorHealth', kind: 'hold', value: 0.85, until: 10 }],
};

const DAMPERS = ['adjust_retry_policy', 'implement_backoff', 'rate_limit'];

const AGENT: StagedPolicy = { id: 'agent', factory: () => makePolicy('agent') };
const SEED = 1;

describe('the agent through a processor outage, window by window', () => {
  const [row] = scoreScript(OUTAGE, [AGENT], SEED);
  const run = runIncident(
    { script: OUTAGE, seed: SEED, baselines: incidentReferences(OUTAGE, SEED).baseline },
    AGENT.factory,
  );
  const types = run.windows.map((w) => (w.applied ? w.decision.selectedAction.type : null));

  it('detects, localises and classifies the outage in its first window', () => {
    expect(row!.detectedAt).toBe(3);
    expect(row!.localisedAt).toBe(3);
    expect(row!.classifiedAt).toBe(3);
  });

  it('fails over in two steps and brings success back within 1 pt of the no-fault run', () => {
    const failovers = run.windows.filter(
      (w) => w.applied && w.decision.selectedAction.type === 'failover_processor',
    );
    expect(failovers.map((w) => w.decision.selectedAction.parameters.percentage)).toEqual([
      0.5, 0.45,
    ]);
    expect(row!.mitigatedAt).not.toBeNull();
    expect(row!.timeToMitigate).toBeLessThanOrEqual(3);
    expect(row!.lostVsDoNothing).toBeLessThan(0);
  });

  it('unwinds after the fault clears, half then the rest, back to the default plane', () => {
    const steps = new Map<string, number[]>();
    for (const w of run.windows) {
      const { type, parameters } = w.decision.selectedAction;
      if (!w.applied || type !== 'unwind_action') continue;
      const id = String(parameters.actionRecordId);
      steps.set(id, [...(steps.get(id) ?? []), parameters.fraction as number]);
    }
    // Each failover goes back in two steps: half, then the rest.
    expect([...steps.values()]).toEqual([
      [0.5, 1],
      [0.5, 1],
    ]);
    expect(types.slice(0, OUTAGE.events[0]!.at)).toEqual([null, null, null]);
    expect(row!.recoveredAt).not.toBeNull();
    expect(row!.timeToRecover).toBeLessThanOrEqual(5);
    expect(row!.mitigationDebt).toBe(0);
    expect(row!.actionsBlocked).toBe(0);
  });
});

/** The agent's run of a preset script beside doing nothing, without the staged table's oracle. */
function agentOn(id: string) {
  const script = presetScript(id)!;
  const baseline = runFixed({ ...script, events: [] }, SEED, DEFAULT_CONTROL_PLANE);
  const run = runIncident({ script, seed: SEED, baselines: baseline }, AGENT.factory);
  const nothing = runFixed(script, SEED, DEFAULT_CONTROL_PLANE);
  const last = run.windows[run.windows.length - 1]!;
  return {
    run,
    baseline,
    applied: run.windows.flatMap((w) => (w.applied ? [w.decision.selectedAction.type] : [])),
    lostVsNothing:
      paymentsLost(
        run.windows.map((w) => w.snapshot),
        baseline,
      ) - paymentsLost(nothing, baseline),
    debt: mitigationDebt(last.planeAfter, last.snapshot).debt,
  };
}

describe('the agent on the preset storm and surge', () => {
  it('ends the storm by failing over, and unwinds everything once it is over', () => {
    const { run, baseline, applied, debt, lostVsNothing } = agentOn('processor_retry_storm');
    expect(applied).toContain('failover_processor');
    // Once the processor is back the storm does not outlive it: the last windows are healthy.
    for (const [i, w] of run.windows.entries())
      if (i >= run.windows.length - 5)
        expect(w.snapshot.successRate).toBeGreaterThan(baseline[i]!.successRate - 0.01);
    expect(applied[applied.length - 1]).toBe('unwind_action');
    expect(debt).toBe(0);
    expect(lostVsNothing).toBeLessThan(-100_000);
  });

  it('damps retries under a surge only where the payments alone leave the route room', () => {
    const { run, baseline, debt, lostVsNothing } = agentOn('peak_traffic_surge');
    const damped = run.windows.flatMap((w, i) =>
      w.applied && DAMPERS.includes(w.decision.selectedAction.type) ? [i] : [],
    );
    for (const i of damped)
      expect(paymentLoad(run.windows[i]!.snapshot, baseline[i]!, 'primary')).toBeLessThan(1);
    expect(
      run.windows.some((w) => w.applied && w.decision.selectedAction.type === 'failover_processor'),
    ).toBe(true);
    expect(lostVsNothing).toBeLessThan(0);
    expect(debt).toBe(0);
  });
});
