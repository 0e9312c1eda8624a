import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANSWERED_NOTE, Autopilot } from '../../../src/state/autopilot.svelte';
import type { CycleEnd } from '../../../src/state/cycle-runner.svelte';
import { browserTimers } from '../../../src/state/ports';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An autopilot whose cycles end as `ends` says, one per cycle, then 'done'. */
function autopilot(ends: CycleEnd[] = [], paceMs = 2000) {
  const cycles: number[] = [];
  const pilot = new Autopilot({
    timers: browserTimers,
    paceMs: () => paceMs,
    runCycle: () => {
      cycles.push(Date.now());
      return Promise.resolve(ends.shift() ?? 'done');
    },
  });
  return { pilot, cycles };
}

describe('Autopilot', () => {
  it('runs the first cycle at once and then one per pace', async () => {
    const { pilot, cycles } = autopilot([], 2000);
    const start = Date.now();
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(cycles).toEqual([start]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(cycles).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cycles).toEqual([start, start + 2000]);
  });

  it('stops with a note when a decision needs approval', async () => {
    const { pilot, cycles } = autopilot(['done', 'needs-approval']);
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cycles).toHaveLength(2);
    expect(pilot.on).toBe(false);
    expect(pilot.note).toBe('Autopilot stopped: a decision needs your approval.');
  });

  it('says so once the decision it stopped for has been answered', async () => {
    let waiting = true;
    const pilot = new Autopilot({
      timers: browserTimers,
      paceMs: () => 2000,
      runCycle: () => Promise.resolve('needs-approval'),
      awaitingHuman: () => waiting,
    });
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pilot.note).toBe('Autopilot stopped: a decision needs your approval.');
    waiting = false;
    expect(pilot.note).toBe(ANSWERED_NOTE);
    expect(pilot.on).toBe(false);
    pilot.set(true);
    expect(pilot.note).toBeNull();
  });

  it('stops with a note when a cycle fails, and clears the note when switched on again', async () => {
    const { pilot } = autopilot(['failed']);
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pilot.note).toBe('Autopilot stopped: the last cycle failed.');
    pilot.set(true);
    expect(pilot.note).toBeNull();
  });

  it('runs no further cycle once switched off', async () => {
    const { pilot, cycles } = autopilot();
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(0);
    pilot.set(false);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(cycles).toHaveLength(1);
    expect(pilot.note).toBeNull();
  });
});

describe('Autopilot across a reload', () => {
  it('tells each switch on or off, its own stop too, and not a switch that changes nothing', async () => {
    let changes = 0;
    const pilot = new Autopilot({
      timers: browserTimers,
      paceMs: () => 2000,
      runCycle: () => Promise.resolve<CycleEnd>('needs-approval'),
      changed: () => changes++,
    });
    pilot.set(false);
    expect(changes).toBe(0);
    pilot.set(true);
    expect(changes).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    // It stopped itself at the approval: a reload must not take it for on.
    expect(pilot.on).toBe(false);
    expect(changes).toBe(2);
  });

  it('stays off after a reload of a page where it was on, with a note that clears when switched on', async () => {
    const { pilot, cycles } = autopilot();
    pilot.offAfterReload();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pilot.on).toBe(false);
    expect(cycles).toEqual([]);
    expect(pilot.note).toBe(
      'Autopilot is off after the reload; it was on before. Switch it on to go on.',
    );
    pilot.set(true);
    expect(pilot.note).toBeNull();
    // Already on (switched on before the session came back): nothing to say.
    pilot.offAfterReload();
    expect(pilot.note).toBeNull();
  });
});

describe('Autopilot under the clock', () => {
  it('runs no paced cycles while the clock holds it, one per window instead', async () => {
    const { pilot, cycles } = autopilot([], 2000);
    pilot.holdForClock(true);
    pilot.set(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cycles).toHaveLength(0);
    await expect(pilot.actForWindow()).resolves.toBe('done');
    await expect(pilot.actForWindow()).resolves.toBe('done');
    expect(cycles).toHaveLength(2);
  });

  it('resumes its pace when the clock hands it back', async () => {
    const { pilot, cycles } = autopilot([], 2000);
    pilot.holdForClock(true);
    pilot.set(true);
    pilot.holdForClock(false);
    await vi.advanceTimersByTimeAsync(1999);
    expect(cycles).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(cycles).toHaveLength(1);
  });

  it('acts for no window while off, and stops with a note at a decision that needs a human', async () => {
    const { pilot, cycles } = autopilot(['needs-approval'], 2000);
    pilot.holdForClock(true);
    await expect(pilot.actForWindow()).resolves.toBeNull();
    expect(cycles).toHaveLength(0);
    pilot.set(true);
    await expect(pilot.actForWindow()).resolves.toBe('needs-approval');
    expect(pilot.on).toBe(false);
    expect(pilot.note).toMatch(/needs your approval/);
  });
});
