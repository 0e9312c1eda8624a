import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../../../src/services/latest-only';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestOnly', () => {
  it('runs the first request at once and only the newest of those that arrive meanwhile', async () => {
    const seen: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const runner = new LatestOnly<number>(async (n) => {
      seen.push(n);
      const gate = deferred();
      gates.set(n, gate);
      await gate.promise;
    });
    runner.request(1);
    runner.request(2);
    runner.request(3);
    runner.request(4);
    expect(seen).toEqual([1]);
    gates.get(1)!.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([1, 4]);
    gates.get(4)!.resolve();
    await runner.idle();
    expect(seen).toEqual([1, 4]);
    expect(runner.dropped).toBe(2);
  });

  it('keeps going after a job fails', async () => {
    const seen: number[] = [];
    const runner = new LatestOnly<number>(async (n) => {
      seen.push(n);
      if (n === 1) throw new Error('boom');
    });
    runner.request(1);
    await runner.idle();
    runner.request(2);
    await runner.idle();
    expect(seen).toEqual([1, 2]);
  });

  it('is idle at once when nothing was asked', async () => {
    await expect(new LatestOnly<number>(async () => undefined).idle()).resolves.toBeUndefined();
  });
});
