import { describe, expect, it } from 'vitest';
import { LiveSessionSchema } from '../../../src/contracts/session';
import { ClockDialsState, DEFAULT_SLO, DEFAULT_SPEED } from '../../../src/state/clock-dials.svelte';
import { storedOutageSession } from './fakes';

describe('the clock dials', () => {
  it('start at 4 windows a second and a 98 % SLO', () => {
    const dials = new ClockDialsState();
    expect(dials.kept).toEqual({ speed: DEFAULT_SPEED, slo: DEFAULT_SLO });
    expect(dials.kept).toEqual({ speed: 4, slo: 0.98 });
  });

  it('take a speed and an SLO in range, and say each change so it is kept', () => {
    let changes = 0;
    const dials = new ClockDialsState(() => changes++);
    dials.setSpeed(8);
    expect(dials.setSlo(0.995)).toBeNull();
    expect(dials.kept).toEqual({ speed: 8, slo: 0.995 });
    expect(changes).toBe(2);
    expect(dials.setSlo(0.9)).toBeNull();
    expect(dials.setSlo(0.999)).toBeNull();
    expect(dials.slo).toBe(0.999);
  });

  it('refuse an SLO out of range with the range and the SLO that stays, changing nothing', () => {
    let changes = 0;
    const dials = new ClockDialsState(() => changes++);
    for (const slo of [0.4, 0.899, 0.9991, 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(dials.setSlo(slo)).toBe(
        'The SLO must be between 90.0 % and 99.9 %; 98.0 % stays in force.',
      );
    }
    expect(dials.slo).toBe(0.98);
    expect(changes).toBe(0);
  });

  it('are put back without being written again', () => {
    let changes = 0;
    const dials = new ClockDialsState(() => changes++);
    dials.restore({ speed: 1, slo: 0.95 });
    expect(dials.kept).toEqual({ speed: 1, slo: 0.95 });
    expect(changes).toBe(0);
  });
});

describe('the dials in the live session', () => {
  const { session } = storedOutageSession();

  it('are checked: a speed the clock does not offer or an SLO out of range is refused', () => {
    expect(
      LiveSessionSchema.safeParse({ ...session, dials: { speed: 8, slo: 0.99 } }).success,
    ).toBe(true);
    for (const dials of [
      { speed: 3, slo: 0.99 },
      { speed: 8, slo: 0.5 },
      { speed: 8, slo: 1 },
      { speed: 8 },
    ]) {
      expect(LiveSessionSchema.safeParse({ ...session, dials }).success).toBe(false);
    }
  });
});
