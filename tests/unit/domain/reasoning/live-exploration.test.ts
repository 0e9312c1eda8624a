import { describe, expect, it } from 'vitest';
import { DecisionSchema } from '../../../../src/contracts';
import { liveExplorationSeed } from '../../../../src/domain/reasoning/exploration';
import { decideOn, hypothesis, planned } from './decision-fixtures';

describe('the live exploration seed', () => {
  it('is the same for the same window seed and cycle', () => {
    for (const [seed, cycle] of [
      [0, 0],
      [7, 3],
      [0xffff_ffff, 499],
    ] as const) {
      expect(liveExplorationSeed(seed, cycle)).toBe(liveExplorationSeed(seed, cycle));
    }
  });

  it('differs from one cycle to the next and from one window seed to another', () => {
    const seeds = new Set<number>();
    for (let cycle = 0; cycle < 200; cycle++) seeds.add(liveExplorationSeed(42, cycle));
    expect(seeds.size).toBe(200);
    expect(liveExplorationSeed(43, 5)).not.toBe(liveExplorationSeed(42, 5));
    // Mixed, not added: the window seed plus one and the cycle minus one do not collide.
    expect(liveExplorationSeed(43, 4)).not.toBe(liveExplorationSeed(42, 5));
  });

  it('is a 32-bit unsigned integer, as the reasoning input requires', () => {
    for (let cycle = 0; cycle < 50; cycle++) {
      const seed = liveExplorationSeed(0xffff_fff0 + (cycle % 16), cycle);
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThanOrEqual(0xffff_ffff);
    }
  });

  it('refuses a cycle that is no count', () => {
    expect(() => liveExplorationSeed(1, -1)).toThrow(RangeError);
    expect(() => liveExplorationSeed(1, 1.5)).toThrow(RangeError);
  });
});

describe('a decision that explored', () => {
  // Two reversible remedies a hair apart, with the same estimated gain: the draws decide.
  const SHIFT = planned('shift_traffic', { successRateChange: 0.08, riskLevel: 0.1 });
  const FAILOVER = planned('failover_processor', { successRateChange: 0.08, riskLevel: 0.12 });

  function decideWith(explorationSeed?: number) {
    return decideOn([SHIFT, FAILOVER], [hypothesis('issuer_degradation', 0.9)], {
      calibrated: true,
      ...(explorationSeed === undefined ? {} : { explorationSeed }),
    }).decision;
  }

  it('says so, naming the pick and the action it was tried instead of', () => {
    const best = decideWith();
    expect(best.exploration).toBeUndefined();
    let explored = 0;
    for (let seed = 0; seed < 60; seed++) {
      const decision = decideWith(seed);
      expect(DecisionSchema.safeParse(decision).success).toBe(true);
      if (decision.selectedAction.type === best.selectedAction.type) {
        expect(decision.exploration).toBeUndefined();
        continue;
      }
      explored += 1;
      expect(decision.exploration).toEqual({
        insteadOfActionId: best.selectedAction.id,
        insteadOfType: best.selectedAction.type,
        note: expect.stringMatching(
          new RegExp(
            `^Explored: ${decision.selectedAction.type} instead of ${best.selectedAction.type} \\(score ${decision.score.toFixed(3)} vs ${best.score.toFixed(3)}\\)`,
          ),
        ),
      });
      expect(decision.exploration?.note).toMatch(/can correct the estimates\.$/);
    }
    // Near-equal arms: both are tried, neither every time.
    expect(explored).toBeGreaterThan(5);
    expect(explored).toBeLessThan(55);
  });

  it('names the parameters when the pick and the best are of one type', () => {
    const half = planned(
      'shift_traffic',
      { successRateChange: 0.08, riskLevel: 0.1 },
      { id: 'half' },
    );
    half.proposal.parameters = { percentage: 0.5 };
    const quarter = planned(
      'shift_traffic',
      { successRateChange: 0.08, riskLevel: 0.11 },
      { id: 'quarter' },
    );
    quarter.proposal.parameters = { percentage: 0.25 };
    const notes = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const { decision } = decideOn([half, quarter], [hypothesis('issuer_degradation', 0.9)], {
        calibrated: true,
        explorationSeed: seed,
      });
      if (decision.exploration) notes.add(decision.exploration.note.split(' (score')[0]!);
    }
    expect([...notes]).toEqual([
      'Explored: shift_traffic (percentage 0.25) instead of shift_traffic (percentage 0.5)',
    ]);
  });

  it('names two unwinds by what they undo, not by record id', () => {
    const unwind = (id: string, what: string, gain: number) => {
      const p = planned('unwind_action', { successRateChange: gain, riskLevel: 0.1 }, { id });
      p.proposal.parameters = {
        actionRecordId: `action_${id}@1796350446695:executed`,
        fraction: 0.5,
      };
      p.proposal.description = `Unwind 50% of Fail over: move up to ${what} of every issuer's traffic`;
      return p;
    };
    const notes = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const { decision } = decideOn(
        [unwind('a', '50%', 0.002), unwind('b', '45%', 0.0021)],
        [hypothesis('noise', 0.9)],
        { calibrated: true, explorationSeed: seed },
      );
      if (decision.exploration) notes.add(decision.exploration.note.split(' (score')[0]!);
    }
    expect(notes.size).toBe(1);
    const [note] = [...notes];
    const named =
      /^Explored: unwind_action \(Unwind 50% of Fail over: move up to (45|50)% of every issuer's traffic\) instead of unwind_action \(Unwind 50% of Fail over: move up to (45|50)% of every issuer's traffic\)$/.exec(
        note ?? '',
      );
    expect(named).not.toBeNull();
    expect(named![1]).not.toBe(named![2]);
    expect(note).not.toContain('@');
  });
});
