import { describe, expect, it } from 'vitest';
import {
  ActionTypeSchema,
  DEFAULT_CONTROL_PLANE,
  FaultLocationSchema,
  ISSUER_IDS,
  PatternTypeSchema,
  ScenarioSchema,
  type MetricsSnapshot,
} from '../../../../src/contracts';
import { CATALOG, situationById, situationScenario } from '../../../../src/domain/evaluation';
import { simulatePair } from '../../../../src/domain/simulation';

const SEED = 3;

function pair(id: string): { baseline: MetricsSnapshot; current: MetricsSnapshot } {
  return simulatePair(situationScenario(situationById(id), SEED), DEFAULT_CONTROL_PLANE, 0);
}

function issuer(snapshot: MetricsSnapshot, id: string) {
  return snapshot.issuerMetrics.find((m) => m.issuerId === id)!;
}

function errorShare(snapshot: MetricsSnapshot, codes: string[]): number {
  return snapshot.errorBreakdown
    .filter((e) => codes.includes(e.code))
    .reduce((s, e) => s + e.percentage, 0);
}

function primaryLoad(snapshot: MetricsSnapshot): number {
  return snapshot.routeMetrics!.find((r) => r.routeId === 'primary')!.load!;
}

describe('scenario catalog', () => {
  it('holds at least 12 situations with unique ids and valid labels', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CATALOG.map((s) => s.id)).size).toBe(CATALOG.length);
    for (const s of CATALOG) {
      expect(PatternTypeSchema.safeParse(s.truth.pattern).success).toBe(true);
      if (s.truth.faultLocation !== null)
        expect(FaultLocationSchema.safeParse(s.truth.faultLocation).success).toBe(true);
      for (const id of s.truth.issuerIds ?? []) expect(ISSUER_IDS).toContain(id);
      for (const id of s.remedy.issuerIds ?? []) expect(ISSUER_IDS).toContain(id);
      expect(s.remedy.actionTypes.length).toBeGreaterThan(0);
      for (const t of s.remedy.actionTypes)
        expect(ActionTypeSchema.safeParse(t).success).toBe(true);
      expect(s.truth.rootCause.length).toBeGreaterThan(10);
      expect(ScenarioSchema.safeParse(situationScenario(s, 7)).success).toBe(true);
      expect(s.kind === 'healthy').toBe(s.truth.pattern === 'noise');
    }
  });

  it('covers every issuer mild and severe, the outage, declines, latency, storms and a combination', () => {
    const ids = CATALOG.map((s) => s.id);
    for (const id of ISSUER_IDS)
      expect(ids).toEqual(expect.arrayContaining([`${id}-mild`, `${id}-severe`]));
    expect(ids).toEqual(
      expect.arrayContaining([
        'healthy',
        'processor-outage',
        'decline-surge',
        'latency-spike',
        'retry-storm',
        'latency-retry-storm',
        'two-issuers',
      ]),
    );
  });

  it('refuses an unknown situation id with the known ones', () => {
    expect(() => situationById('nope')).toThrow(/unknown situation "nope"; known: healthy/);
  });

  it('shows no fault in the healthy situation', () => {
    const { baseline, current } = pair('healthy');
    expect(current).toEqual(baseline);
  });

  it.each(ISSUER_IDS.map((id) => [id]))(
    'degrades only %s on its primary route, more when severe',
    (id) => {
      const mild = pair(`${id}-mild`);
      const severe = pair(`${id}-severe`);
      const drop = (p: typeof mild, who: string) =>
        issuer(p.baseline, who).successRate - issuer(p.current, who).successRate;
      expect(drop(mild, id)).toBeGreaterThan(0.04);
      expect(drop(severe, id)).toBeGreaterThan(drop(mild, id) + 0.1);
      for (const other of ISSUER_IDS.filter((o) => o !== id))
        expect(Math.abs(drop(severe, other))).toBeLessThan(0.03);
      expect(errorShare(severe.current, ['TIMEOUT', 'ISSUER_UNAVAILABLE'])).toBeGreaterThan(
        errorShare(severe.baseline, ['TIMEOUT', 'ISSUER_UNAVAILABLE']),
      );
    },
  );

  it('takes every issuer down in the processor outage', () => {
    const { baseline, current } = pair('processor-outage');
    for (const id of ISSUER_IDS)
      expect(issuer(baseline, id).successRate - issuer(current, id).successRate).toBeGreaterThan(
        0.1,
      );
  });

  it('shows the decline surge as issuer declines, not route errors', () => {
    const { baseline, current } = pair('decline-surge');
    const declines = ['INSUFFICIENT_FUNDS', 'DO_NOT_HONOR'];
    expect(errorShare(current, declines) - errorShare(baseline, declines)).toBeGreaterThan(0.08);
    expect(errorShare(current, ['TIMEOUT', 'ISSUER_UNAVAILABLE'])).toBeLessThan(0.01);
  });

  it('shows the latency spike as slow payments that still succeed', () => {
    const { baseline, current } = pair('latency-spike');
    expect(current.latency.p99).toBeGreaterThan(2 * baseline.latency.p99);
    expect(baseline.successRate - current.successRate).toBeLessThan(0.01);
  });

  it.each([['retry-storm'], ['latency-retry-storm']])(
    'shows %s as retries overloading the primary route',
    (id) => {
      const { baseline, current } = pair(id);
      expect(current.retryRatio).toBeGreaterThan(0.5);
      expect(baseline.retryRatio).toBeLessThan(0.05);
      expect(primaryLoad(current)).toBeGreaterThan(1.5);
      expect(errorShare(current, ['PAYMENT_FAILED'])).toBeGreaterThan(0.05);
    },
  );

  it('degrades visa and mastercard together in the combination', () => {
    const { baseline, current } = pair('two-issuers');
    for (const id of ['visa', 'mastercard'])
      expect(issuer(baseline, id).successRate - issuer(current, id).successRate).toBeGreaterThan(
        0.1,
      );
    for (const id of ['amex', 'discover'])
      expect(
        Math.abs(issuer(baseline, id).successRate - issuer(current, id).successRate),
      ).toBeLessThan(0.03);
  });
});
