import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TickPacer } from '../../../src/state/playback-pacer.svelte';
import { browserTimers } from '../../../src/state/ports';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A pacer whose ticks take `tickMs` of fake time each and log when they start. */
function pacer(tickMs: number, perSecond = 4) {
  const state = { playing: true, started: [] as number[] };
  const p = new TickPacer({
    timers: browserTimers,
    clock: { now: () => Date.now(), elapsed: () => Date.now() },
    tick: async () => {
      state.started.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    },
    playing: () => state.playing,
    perSecond: () => perSecond,
  });
  return { p, state };
}

describe('TickPacer', () => {
  it('times the ticks to the rate, counting the time a tick took against the wait', async () => {
    const { p, state } = pacer(100);
    const t0 = Date.now();
    p.start(0);
    await vi.advanceTimersByTimeAsync(1000);
    // Four a second: one every 250 ms, however long the 100 ms of each tick.
    expect(state.started.map((t) => t - t0)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('stops timing ticks once stopped or no longer playing', async () => {
    const { p, state } = pacer(10);
    p.start(0);
    await vi.advanceTimersByTimeAsync(300);
    p.stop();
    const count = state.started.length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.started).toHaveLength(count);
    state.playing = false;
    p.start(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.started).toHaveLength(count);
  });

  it('runs a queued job only after the tick in flight, and settles after both', async () => {
    const { p, state } = pacer(100);
    const order: string[] = [];
    const tick = p.enqueue().then(() => order.push('tick'));
    const job = p.after(async () => {
      order.push(`job at ${state.started.length} tick(s)`);
    });
    let settled = false;
    void p.settled().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    await Promise.all([tick, job]);
    expect(order).toEqual(['tick', 'job at 1 tick(s)']);
    expect(settled).toBe(true);
  });
});
