import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlQueue } from '../../../src/state/control-queue.svelte';
import { sleep } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ControlQueue', () => {
  it('runs jobs one at a time in the order they were asked for', async () => {
    const queue = new ControlQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    };
    const slow = queue.run(job('slow', 300));
    const fast = queue.run(job('fast', 10));
    expect(queue.pendingJobs).toBe(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual(['slow start', 'slow end', 'fast start']);
    await vi.advanceTimersByTimeAsync(10);
    await expect(Promise.all([slow, fast])).resolves.toEqual(['slow', 'fast']);
    expect(log).toEqual(['slow start', 'slow end', 'fast start', 'fast end']);
  });

  it('is busy while a job runs or waits, and idle after the last one', async () => {
    const queue = new ControlQueue();
    expect(queue.busy).toBe(false);
    const done = queue.run(() => sleep(100));
    expect(queue.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    await done;
    await queue.idle();
    expect(queue.busy).toBe(false);
    expect(queue.pendingJobs).toBe(0);
  });

  it('hands a failure to its caller and goes on with the next job', async () => {
    const queue = new ControlQueue();
    const failing = queue.run(() => Promise.reject(new Error('storage is full')));
    const next = queue.run(() => Promise.resolve(42));
    await expect(failing).rejects.toThrow('storage is full');
    await expect(next).resolves.toBe(42);
    await queue.idle();
    expect(queue.busy).toBe(false);
  });
});
