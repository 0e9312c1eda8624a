import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG } from '../../../src/contracts';
import { metricTiles, type MetricTile } from '../../../src/components/metrics/metric-tiles';
import { makeSnapshot } from '../support/factories';

const baseline = makeSnapshot({ successRate: 0.99, p99: 550, totalRetries: 30 });

function tile(tiles: MetricTile[], label: string): MetricTile {
  const found = tiles.find((t) => t.label === label);
  if (!found) throw new Error(`no tile ${label}`);
  return found;
}

describe('metricTiles', () => {
  it('shows no tiles before there is a window and a baseline', () => {
    expect(metricTiles(null, baseline)).toEqual([]);
    expect(metricTiles(baseline, null)).toEqual([]);
  });

  it('marks nothing on a window that matches its baseline', () => {
    const tiles = metricTiles(makeSnapshot({ successRate: 0.99, totalRetries: 30 }), baseline);
    expect(tiles.map((t) => t.label)).toEqual([
      'Success rate',
      'p99 latency',
      'Retry ratio',
      'Payments',
    ]);
    expect(tiles.filter((t) => t.bad)).toEqual([]);
    expect(tile(tiles, 'Success rate').value).toBe('99.00 %');
    expect(tile(tiles, 'Payments').value).toBe('6,000');
  });

  it('marks the success tile when the engine finds a significant drop, with its severity', () => {
    // 0.99 → 0.93 is 6.1 % lower: over the 5 % threshold, under 2 × 5 %.
    const warning = metricTiles(makeSnapshot({ successRate: 0.93, totalRetries: 30 }), baseline);
    expect(tile(warning, 'Success rate')).toMatchObject({ bad: true, severity: 'warning' });
    expect(tile(warning, 'Success rate').delta).toBe('−6.00 pt vs baseline 99.00 %');
    // 0.99 → 0.85 is 14 % lower: critical.
    const critical = metricTiles(makeSnapshot({ successRate: 0.85, totalRetries: 30 }), baseline);
    expect(tile(critical, 'Success rate')).toMatchObject({ bad: true, severity: 'critical' });
  });

  it('does not mark a drop the engine calls noise: under the threshold, or too few payments', () => {
    // 1.5 points lower is 1.5 % relative: the old tile rule (over 1 point) marked it, the engine does not.
    const small = metricTiles(makeSnapshot({ successRate: 0.975, totalRetries: 30 }), baseline);
    expect(tile(small, 'Success rate').bad).toBe(false);
    // 9 % lower, but on 40 payments the drop is not significant.
    const few = metricTiles(
      makeSnapshot({ successRate: 0.9, totalTransactions: 40, totalRetries: 0 }),
      makeSnapshot({ successRate: 0.99, totalTransactions: 40, totalRetries: 0 }),
    );
    expect(tile(few, 'Success rate').bad).toBe(false);
  });

  it('marks the p99 tile above 25 % slower and not at 20 %', () => {
    const slow = metricTiles(makeSnapshot({ p99: 800, totalRetries: 30 }), baseline);
    expect(tile(slow, 'p99 latency')).toMatchObject({ bad: true, severity: 'warning' });
    const bit = metricTiles(makeSnapshot({ p99: 660, totalRetries: 30 }), baseline);
    expect(tile(bit, 'p99 latency').bad).toBe(false);
  });

  it('marks the retry tile on retry amplification', () => {
    const storm = metricTiles(makeSnapshot({ totalRetries: 3000 }), baseline);
    expect(tile(storm, 'Retry ratio').bad).toBe(true);
    expect(tile(storm, 'Payments').bad).toBe(false);
  });

  it('follows the thresholds of the config it is given', () => {
    const current = makeSnapshot({ successRate: 0.93, totalRetries: 30 });
    const lenient = { ...DEFAULT_REASONING_CONFIG, successRateDropThreshold: 0.1 };
    expect(tile(metricTiles(current, baseline, lenient), 'Success rate').bad).toBe(false);
  });

  it('writes the cost change against baseline, or a dash without costs', () => {
    const withCost = metricTiles(
      makeSnapshot({ costPerTransaction: 0.33 }),
      makeSnapshot({ costPerTransaction: 0.3 }),
    );
    expect(tile(withCost, 'Payments').delta).toBe('cost per payment +10.0 % vs baseline');
    expect(tile(metricTiles(baseline, baseline), 'Payments').delta).toBe('cost per payment –');
  });
});
