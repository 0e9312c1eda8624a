import { describe, expect, it } from 'vitest';
import {
  errorBarsData,
  issuerBarsData,
  timelineData,
} from '../../../src/components/metrics/metric-charts';
import type { CyclePoint } from '../../../src/state/lab.svelte';
import { makeSnapshot } from '../support/factories';

const point = (cycle: number, over: Partial<CyclePoint> = {}): CyclePoint => ({
  cycle,
  successRate: 0.9,
  p99: 600,
  action: 'do_nothing',
  executed: false,
  rolledBack: false,
  blocked: false,
  ...over,
});

describe('timelineData', () => {
  it('plots each cycle and the live window, with markers only where actions ran', () => {
    const data = timelineData(
      [point(1), point(2, { executed: true, successRate: 0.95 })],
      makeSnapshot({ successRate: 0.97, p99: 700 }),
    );
    expect(data.labels).toEqual(['#1', '#2', 'now']);
    const [success, p99, executed, rolledBack] = data.datasets;
    expect(success?.data).toEqual([90, 95, 97]);
    expect(p99?.data).toEqual([600, 600, 700]);
    expect(executed?.data).toEqual([null, 95]);
    expect(rolledBack?.data).toEqual([null, null]);
  });

  it('has no live point before the first window', () => {
    expect(timelineData([point(1)], null).labels).toEqual(['#1']);
  });
});

describe('issuerBarsData and errorBarsData', () => {
  it('put baseline beside current per issuer and per error code, in percent', () => {
    const current = makeSnapshot({ successRate: 0.9 });
    const baseline = makeSnapshot({ successRate: 0.99 });
    const issuers = issuerBarsData(current, baseline);
    expect(issuers.labels).toEqual(['Visa']);
    expect(issuers.datasets.map((d) => d.data)).toEqual([[99], [90]]);
    const errors = errorBarsData(current, baseline);
    expect(errors.labels).toEqual(['TIMEOUT']);
    expect(errors.datasets[0]?.data[0]).toBeCloseTo(1, 6);
    expect(errors.datasets[1]?.data[0]).toBeCloseTo(10, 6);
  });

  it('are empty without a window', () => {
    expect(issuerBarsData(null, null).labels).toEqual([]);
    expect(errorBarsData(null, null).labels).toEqual([]);
  });
});
