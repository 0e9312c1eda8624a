import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, SituationSchema } from '../../../../src/contracts';
import {
  CATALOG,
  FIRST_SEED,
  ORACLE_SEED_BASE,
  agreement,
  halfOnBackup,
  isTied,
  multiSeedCandidates,
  oracleSeeds,
  pairedGap,
  rankingOf,
  runMultiSeedOracle,
  situationById,
} from '../../../../src/domain/evaluation';
import { windowSeed } from '../../../../src/domain/simulation';

describe('paired ties', () => {
  it('ties a candidate whose paired gap to the best is within noise', () => {
    const best = [1.0, 1.4, 0.8, 1.2, 1.1, 0.9];
    // Slightly below on average, but up on some seeds and down on others: the interval holds 0.
    const close = [1.1, 1.3, 0.7, 1.25, 1.0, 0.85];
    const gap = pairedGap(close, best);
    expect(gap.mean).toBeLessThan(0);
    expect(gap.low).toBeLessThan(0);
    expect(gap.high).toBeGreaterThan(0);
    expect(isTied(gap)).toBe(true);
  });

  it('does not tie a candidate that is worse on every seed by more than the noise', () => {
    const best = [1.0, 1.4, 0.8, 1.2, 1.1, 0.9];
    const worse = best.map((v, k) => v - 0.5 - 0.01 * k);
    const gap = pairedGap(worse, best);
    expect(gap.high).toBeLessThan(0);
    expect(isTied(gap)).toBe(false);
  });

  it('ties the best with itself', () => {
    expect(isTied(pairedGap([1, 2, 3], [1, 2, 3]))).toBe(true);
  });
});

describe('multi-seed oracle', () => {
  it('averages every candidate over K seeds apart from the decision seeds', () => {
    const seeds = oracleSeeds(20);
    expect(seeds).toHaveLength(20);
    const decision = new Set(
      Array.from({ length: 1000 }, (_, k) => FIRST_SEED + k).flatMap((s) =>
        [0, 1, 2, 3, 4, 5].map((w) => windowSeed(s, w)),
      ),
    );
    for (const seed of seeds) {
      expect(seed).toBeGreaterThanOrEqual(ORACLE_SEED_BASE);
      for (let w = 0; w < 6; w++) expect(decision.has(windowSeed(seed, w))).toBe(false);
    }
    const oracle = runMultiSeedOracle(situationById('visa-severe'), 4);
    expect(oracle.runs.map((r) => r.runSeed)).toEqual(oracleSeeds(4));
    for (const c of oracle.candidates) expect(c.objectives).toHaveLength(4);
  });

  it('names a clear best on a severe fault and ties only what is within noise of it', () => {
    const oracle = runMultiSeedOracle(situationById('visa-severe'), 6);
    expect(oracle.best.exact).toBe('shift_traffic:visa:primary:50');
    const doNothing = oracle.candidates.find((c) => c.exact === 'do_nothing')!;
    expect(doNothing.mean).toBeCloseTo(0, 12);
    expect(doNothing.tied).toBe(false);
    expect(doNothing.high).toBeLessThan(0);
    // Moving Mastercard does nothing for a Visa fault and costs risk and money: clearly worse.
    const wrong = oracle.candidates.find((c) => c.exact === 'shift_traffic:mastercard:primary:25')!;
    expect(wrong.tied).toBe(false);
    const ranking = rankingOf(oracle);
    expect(ranking[0]).toMatchObject({
      label: 'shift_traffic:visa:primary:50',
      low: 0,
      high: 0,
      tied: true,
    });
    expect(ranking.length).toBeLessThanOrEqual(10);
    for (let k = 1; k < ranking.length; k++)
      expect(ranking[k]!.objective).toBeLessThanOrEqual(ranking[k - 1]!.objective);
  });

  it('ties doing nothing and notifying on a healthy window, and prefers doing nothing', () => {
    const oracle = runMultiSeedOracle(situationById('healthy'), 5);
    expect(oracle.best.exact).toBe('do_nothing');
    const tied = oracle.candidates.filter((c) => c.tied).map((c) => c.exact);
    expect(tied).toEqual(['do_nothing', 'send_notification']);
  });

  it('judges exact agreement by type, target and share, family agreement by remedy and target', () => {
    const oracle = runMultiSeedOracle(situationById('visa-severe'), 6);
    const shift = (issuerId: string, percentage: number) => ({
      type: 'shift_traffic' as const,
      parameters: { issuerId, fromRoute: 'primary', toRoute: 'backup', percentage },
    });
    expect(agreement(oracle, shift('visa', 0.5))).toEqual({ exact: true, family: true });
    expect(oracle.candidates.find((c) => c.exact === 'shift_traffic:visa:primary:25')!.tied).toBe(
      false,
    );
    expect(agreement(oracle, shift('visa', 0.25))).toEqual({ exact: false, family: true });
    expect(
      agreement(oracle, {
        type: 'disable_route',
        parameters: { issuerId: 'visa', routeId: 'primary' },
      }),
    ).toEqual({ exact: false, family: true });
    expect(agreement(oracle, shift('mastercard', 0.5))).toEqual({ exact: false, family: false });
    expect(agreement(oracle, { type: 'do_nothing', parameters: {} })).toEqual({
      exact: false,
      family: false,
    });
  });

  it('offers the moves back from a plane with traffic on the backup', () => {
    const plane = halfOnBackup(['visa']);
    const keys = multiSeedCandidates(plane).map((a) => `${a.type}:${JSON.stringify(a.parameters)}`);
    expect(keys).toContain(
      'shift_traffic:{"issuerId":"visa","fromRoute":"backup","toRoute":"primary","percentage":0.5}',
    );
    expect(
      keys.some((k) => k.startsWith('failover_processor') && k.includes('"fromRoute":"backup"')),
    ).toBe(true);
    // From the default plane there is nothing on the backup to move back.
    const fromDefault = multiSeedCandidates(DEFAULT_CONTROL_PLANE);
    expect(fromDefault.some((a) => a.parameters.fromRoute === 'backup')).toBe(false);
  });

  it('starts from the situation’s plane and finds the move back when the backup route fails', () => {
    const situation = SituationSchema.parse({
      ...CATALOG[0],
      id: 'visa-backup-failing',
      kind: 'fault',
      faults: { ...CATALOG[0]!.faults, routeHealth: { visa: { backup: 0.5 } } },
      startPlane: halfOnBackup(['visa']),
    });
    const oracle = runMultiSeedOracle(situation, 5);
    expect(oracle.plane.routing.visa).toEqual({ primary: 0.5, backup: 0.5 });
    expect(oracle.best.exact).toBe('shift_traffic:visa:backup:50');
  });
});
