import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE } from '../../../../src/contracts';
import { simulateWindow } from '../../../../src/domain/simulation';
import { T0, allIssuers, issuer, onBackup, plane, scenario } from './fixtures';

const run = (s = scenario(), p = DEFAULT_CONTROL_PLANE) => simulateWindow(s, p, T0);

describe('faults on every route', () => {
  it('means what it meant before when the optional fault fields are absent or neutral', () => {
    const bare = scenario({ issuerHealth: allIssuers(0.85) });
    const neutral = {
      ...bare,
      routeHealth: { visa: {}, amex: { primary: 1, backup: 1 } },
      backupProcessorHealth: 1,
      issuerDeclineRates: { mastercard: 0 },
    };
    expect(JSON.stringify(run(neutral, onBackup('visa')))).toBe(
      JSON.stringify(run(bare, onBackup('visa'))),
    );
  });

  it('makes moving traffic to a failing backup the wrong call', () => {
    const backupDown = scenario({
      issuerHealth: { ...allIssuers(1), visa: 0.85 },
      routeHealth: { visa: { backup: 0.5 } },
    });
    const stay = issuer(run(backupDown), 'visa');
    const move = issuer(run(backupDown, onBackup('visa')), 'visa');
    expect(move.successRate).toBeLessThan(stay.successRate - 0.1);
    // With a healthy backup the same move is the right call.
    const healthyBackup = scenario({ issuerHealth: { ...allIssuers(1), visa: 0.85 } });
    expect(issuer(run(healthyBackup, onBackup('visa')), 'visa').successRate).toBeGreaterThan(
      stay.successRate + 0.05,
    );
  });

  it('degrades every issuer on the backup at once when the backup processor is sick', () => {
    const all = onBackup('visa', 'mastercard', 'amex', 'discover');
    const sick = run(scenario({ backupProcessorHealth: 0.7, trafficVolume: 3000 }), all);
    const well = run(scenario({ trafficVolume: 3000 }), all);
    for (const m of sick.issuerMetrics) {
      expect(m.successRate).toBeLessThan(issuer(well, m.issuerId as 'visa').successRate - 0.1);
    }
    // …and leaves traffic on the primary untouched: the same payments, the same fates.
    const onPrimary = run(scenario({ backupProcessorHealth: 0.7 }));
    expect(onPrimary.successRate).toBe(run().successRate);
  });

  it('puts a per-route fault on one issuer’s primary only, on top of its issuer health', () => {
    const s = run(scenario({ routeHealth: { amex: { primary: 0.7 } } }));
    expect(issuer(s, 'amex').successRate).toBeLessThan(0.8);
    for (const id of ['visa', 'mastercard', 'discover'] as const) {
      expect(issuer(s, id).successRate).toBeGreaterThan(0.98);
    }
  });

  it('surges one issuer’s declines, which no route fixes', () => {
    const surge = scenario({ issuerDeclineRates: { discover: 0.3 } });
    const stay = run(surge);
    const move = run(surge, onBackup('discover'));
    const discover = issuer(stay, 'discover');
    expect(discover.successRate).toBeLessThan(0.72);
    expect(discover.successRate).toBeGreaterThan(0.66);
    const codes = discover.errorBreakdown!.map((e) => e.code).slice(0, 2);
    expect(codes.sort()).toEqual(['DO_NOT_HONOR', 'INSUFFICIENT_FUNDS']);
    expect(Math.abs(issuer(move, 'discover').successRate - discover.successRate)).toBeLessThan(
      0.01,
    );
    expect(issuer(stay, 'visa').successRate).toBeGreaterThan(0.98);
  });

  it('refuses a route health out of range, naming the issuer and route', () => {
    expect(() => run(scenario({ routeHealth: { visa: { backup: 1.5 } } }))).toThrow(
      /routeHealth\.visa\.backup/,
    );
    expect(() => run(scenario({ backupProcessorHealth: -0.1 }))).toThrow(/backupProcessorHealth/);
  });

  it('keeps the half of a shifted issuer on a sick primary failing while the rest recovers', () => {
    const visaDown = scenario({ issuerHealth: { ...allIssuers(1), visa: 0.6 } });
    const half = plane({
      routing: { ...DEFAULT_CONTROL_PLANE.routing, visa: { primary: 0.5, backup: 0.5 } },
    });
    const routes = issuer(run(visaDown, half), 'visa').routes!;
    expect(routes[0]!.successRate).toBeLessThan(0.75);
    expect(routes[1]!.successRate).toBeGreaterThan(0.95);
  });
});
