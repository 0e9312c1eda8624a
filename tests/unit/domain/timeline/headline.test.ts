import { describe, expect, it } from 'vitest';
import { incidentHeadline, type HeadlineWindow } from '../../../../src/domain/timeline';

/** A window of 1,000 payments at `success`, a twin at 99 %, costing `cost` each. */
function w(window: number, success: number, cost = 1): HeadlineWindow {
  return {
    window,
    payments: 1000,
    successes: success * 1000,
    baselineSuccessRate: 0.99,
    costPerPayment: cost,
  };
}

const run = [w(0, 0.99), w(1, 0.99), w(2, 0.8, 1.2), w(3, 0.8, 1.2), w(4, 0.9, 1.1), w(5, 0.99)];

describe('incidentHeadline', () => {
  it('counts detect, mitigate and recover from the fault start in lab minutes', () => {
    const headline = incidentHeadline({
      windows: run,
      faultStart: 2,
      detectedAt: 3,
      mitigatedAt: 4,
      slo: 0.98,
      minutesPerWindow: 1,
    });
    expect(headline.timeToDetect).toBe(1);
    expect(headline.timeToMitigate).toBe(2);
    expect(headline.recoveredAt).toBe(5);
    expect(headline.timeToRecover).toBe(3);
    expect(headline.breached).toBe(true);
  });

  it('counts payments lost against the fault-free twin and cost per successful payment', () => {
    const headline = incidentHeadline({
      windows: run,
      faultStart: 2,
      detectedAt: null,
      mitigatedAt: null,
      slo: 0.98,
      minutesPerWindow: 1,
    });
    // 190 + 190 + 90 successes short of the twin's 990 a window.
    expect(headline.paymentsLost).toBe(470);
    const cost = 1000 * (1 + 1 + 1.2 + 1.2 + 1.1 + 1);
    expect(headline.costPerSuccess).toBeCloseTo(cost / (990 * 3 + 800 * 2 + 900), 10);
    expect(headline.timeToDetect).toBeNull();
  });

  it('reports no recovery while success is still below the SLO, and none needed without a breach', () => {
    const still = incidentHeadline({
      windows: run.slice(0, 4),
      faultStart: 2,
      detectedAt: 2,
      mitigatedAt: null,
      slo: 0.98,
      minutesPerWindow: 1,
    });
    expect(still.recoveredAt).toBeNull();
    expect(still.timeToRecover).toBeNull();
    expect(still.timeToDetect).toBe(0);
    const calm = incidentHeadline({
      windows: [w(0, 0.99), w(1, 0.99)],
      faultStart: null,
      detectedAt: 1,
      mitigatedAt: null,
      slo: 0.98,
      minutesPerWindow: 1,
    });
    expect(calm.breached).toBe(false);
    expect(calm.timeToDetect).toBeNull();
    expect(calm.paymentsLost).toBe(0);
  });

  it('never counts a detection from before the fault as the time to detect', () => {
    const early = incidentHeadline({
      windows: run,
      faultStart: 2,
      detectedAt: 1,
      mitigatedAt: null,
      slo: 0.98,
      minutesPerWindow: 2,
    });
    expect(early.timeToDetect).toBeNull();
    expect(early.timeToRecover).toBe(6);
  });
});
