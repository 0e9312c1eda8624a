import { describe, expect, it } from 'vitest';
import { SituationSchema, type Situation } from '../../../../src/contracts';
import { CATALOG, HELD_OUT, warmRun } from '../../../../src/domain/evaluation';

const SEEDS = [1, 2, 3];

/** Lowest overall success rate over the windows a policy sees, mean over three seeds. */
function worstSuccess(situation: Situation): number {
  const runs = SEEDS.map((seed) => warmRun(situation, seed));
  return (
    runs.reduce((s, r) => s + Math.min(...r.windows.map((w) => w.successRate)), 0) / runs.length
  );
}

function baselineSuccess(situation: Situation): number {
  const runs = SEEDS.map((seed) => warmRun(situation, seed));
  return runs.reduce((s, r) => s + r.baseline.successRate, 0) / runs.length;
}

describe('held-out set', () => {
  it('has at least 20 situations, all valid, none shared with the catalog', () => {
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(20);
    for (const s of HELD_OUT) expect(() => SituationSchema.parse(s)).not.toThrow();
    const ids = HELD_OUT.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => CATALOG.some((c) => c.id === id))).toBe(false);
  });

  it('covers the new fault space', () => {
    const has = (f: (s: Situation) => boolean) => HELD_OUT.some((s) => s.kind === 'fault' && f(s));
    expect(
      has((s) => Object.values(s.faults.routeHealth ?? {}).some((r) => r?.backup !== undefined)),
    ).toBe(true);
    expect(has((s) => s.faults.backupProcessorHealth !== undefined)).toBe(true);
    expect(has((s) => s.trafficVolume === 500)).toBe(true);
    expect(has((s) => s.trafficVolume >= 9000 && s.startPlane !== undefined)).toBe(true);
    expect(has((s) => (s.events ?? []).some((e) => e.kind === 'flap'))).toBe(true);
    expect(has((s) => (s.events ?? []).some((e) => e.fault === 'trafficVolume'))).toBe(true);
    expect(
      has(
        (s) => (s.events ?? []).some((e) => e.kind === 'hold') && s.truth.pattern === 'retry_storm',
      ),
    ).toBe(true);
    const slow = (s: Situation) =>
      Object.values(s.faults.issuerHealth).some((h) => h >= 0.95 && h <= 0.97) ||
      (s.events ?? []).some((e) => e.kind === 'ramp' && e.value >= 0.95 && e.value <= 0.97);
    expect(HELD_OUT.filter((s) => s.kind === 'fault' && slow(s)).length).toBeGreaterThanOrEqual(2);
  });

  it('gives every fault family a no-fault twin with the same volume and start plane', () => {
    const twins = HELD_OUT.filter((s) => s.kind === 'healthy');
    expect(twins.length).toBeGreaterThanOrEqual(8);
    for (const t of twins) {
      const of = HELD_OUT.find((s) => `${s.id}-twin` === t.id)!;
      expect(of.kind).toBe('fault');
      expect(t.trafficVolume).toBe(of.trafficVolume);
      expect(t.startPlane).toEqual(of.startPlane);
      expect(t.truth.pattern).toBe('noise');
    }
  });

  it.each(HELD_OUT.filter((s) => s.kind === 'fault').map((s) => [s.id, s] as const))(
    '%s shows its fault in the windows a policy sees',
    (_, situation) => {
      const twin = HELD_OUT.find((s) => s.id === `${situation.id}-twin`);
      const reference = twin ? worstSuccess(twin) : baselineSuccess(situation);
      expect(worstSuccess(situation)).toBeLessThan(reference - 0.005);
    },
  );

  it.each(HELD_OUT.filter((s) => s.kind === 'healthy').map((s) => [s.id, s] as const))(
    '%s shows no fault',
    (_, situation) => {
      expect(Math.abs(worstSuccess(situation) - baselineSuccess(situation))).toBeLessThan(0.004);
    },
  );
});
