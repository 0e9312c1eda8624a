import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTHY_SCENARIO, type Scenario } from '../../../src/contracts';
import { GEMINI_QUIET_MS } from '../../../src/state/gemini-advisor.svelte';
import { LabState } from '../../../src/state/lab.svelte';
import { URL_WRITE_INTERVAL_MS } from '../../../src/state/live-view.svelte';
import { fakeLabDeps, fakeSettings, fakeSimulator, visaOutage } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const visaAt = (health: number): Scenario => ({
  ...visaOutage,
  issuerHealth: { ...visaOutage.issuerHealth, visa: health },
});

const GEMINI_ANSWER = JSON.stringify([
  {
    pattern: 'issuer_degradation',
    rootCause: "Visa's primary processor route is failing: timeouts and unavailable errors.",
    evidence: ['visa success rate fell well below its baseline on the primary route'],
    suggestedActions: ['shift_traffic', 'send_notification'],
    confidence: 0.8,
  },
]);

describe('LiveView', () => {
  it('follows a scenario change with a new window, reasoning, verdict and what-if table', async () => {
    const { deps } = fakeLabDeps();
    const lab = new LabState(deps);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    const visa = lab.live.current?.issuerMetrics.find((i) => i.issuerId === 'visa');
    expect(visa!.successRate).toBeLessThan(0.9);
    expect(lab.live.baseline!.successRate).toBeGreaterThan(lab.live.current!.successRate);
    expect(lab.live.reasoning?.decision.selectedAction.type).toBe('shift_traffic');
    expect(lab.live.verdict?.approvable).toBe(true);
    expect(lab.live.presetId).toBe('issuer_outage');
    const selected = lab.live.whatIf.find((row) => row.selected);
    expect(selected?.proposal.type).toBe('shift_traffic');
    expect(selected?.simulated?.successRateChange).toBeGreaterThan(0);
    expect(lab.live.updating).toBe(false);
    expect(lab.live.lastUpdateMs).toBeGreaterThan(0);
  });

  it('advances the live seed with each cycle and wraps it at 2^32', () => {
    const lab = new LabState(fakeLabDeps().deps);
    lab.live.scenario = { ...HEALTHY_SCENARIO, seed: 0xffff_ffff };
    lab.live.cycle = 2;
    expect(lab.live.liveScenario.seed).toBe(1);
  });

  it('computes only the newest of many quick changes, not every step of a drag', async () => {
    const simulator = fakeSimulator();
    const lab = new LabState(fakeLabDeps({ simulator }).deps);
    for (const health of [0.9, 0.8, 0.7, 0.6, 0.5]) lab.live.setScenario(visaAt(health));
    await lab.live.settled();
    // The first step runs at once; the three overtaken while it ran are dropped.
    expect(simulator.pairs).toBe(2);
    const visa = lab.live.current?.issuerMetrics.find((i) => i.issuerId === 'visa');
    const expected = new LabState(fakeLabDeps().deps);
    expected.live.setScenario(visaAt(0.5));
    await expected.live.settled();
    expect(visa).toEqual(expected.live.current?.issuerMetrics.find((i) => i.issuerId === 'visa'));
  });

  it('writes the link once per interval during a drag, with the latest scenario', async () => {
    const { deps, links } = fakeLabDeps();
    const lab = new LabState(deps);
    lab.live.setScenario(visaAt(0.9));
    lab.live.setScenario(visaAt(0.7));
    await vi.advanceTimersByTimeAsync(URL_WRITE_INTERVAL_MS - 1);
    expect(links).toEqual([]);
    lab.live.setScenario(visaAt(0.6));
    await vi.advanceTimersByTimeAsync(1);
    expect(links.map((s) => s.issuerHealth.visa)).toEqual([0.6]);
  });

  it('uses a Gemini answer from the next update on, once the sliders rested', async () => {
    let asked = 0;
    const { deps } = fakeLabDeps({
      settings: fakeSettings({ apiKey: 'key-1' }),
      gemini: () => {
        asked += 1;
        return Promise.resolve({ ok: true, raw: GEMINI_ANSWER });
      },
    });
    const lab = new LabState(deps);
    lab.live.setScenario(visaOutage);
    await lab.live.settled();
    expect(lab.live.reasoning?.hypotheses.map((h) => h.source)).not.toContain('llm');
    await vi.advanceTimersByTimeAsync(GEMINI_QUIET_MS);
    await lab.live.settled();
    expect(asked).toBe(1);
    expect(lab.live.reasoning?.hypotheses.map((h) => h.source)).toContain('llm');
    expect(lab.advisor.status).toBe('Gemini answered; its hypotheses are checked before use.');
  });
});
