import { describe, expect, it } from 'vitest';
import { mixSeed, Random, splitmix32 } from '../../../src/domain/random';

function draws(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.nextUint32());
}

describe('Random', () => {
  it('gives the same sequence for the same seed and stream', () => {
    expect(draws(new Random(42), 1000)).toEqual(draws(new Random(42), 1000));
    expect(draws(new Random(42, 7), 100)).toEqual(draws(new Random(42, 7), 100));
  });

  it('gives different sequences for neighbouring seeds and for different streams', () => {
    const a = draws(new Random(42), 100);
    expect(draws(new Random(43), 100)).not.toEqual(a);
    expect(draws(new Random(42, 1), 100)).not.toEqual(a);
    // Neighbouring seeds must not share even their first value.
    const firsts = new Set(
      Array.from({ length: 1000 }, (_, seed) => new Random(seed).nextUint32()),
    );
    expect(firsts.size).toBe(1000);
  });

  it('splits into a sub-stream without consuming the parent', () => {
    const parent = new Random(9);
    const untouched = new Random(9);
    const child = parent.split(3);
    expect(parent.nextUint32()).toBe(untouched.nextUint32());
    expect(draws(child, 50)).toEqual(draws(new Random(9).split(3), 50));
    expect(draws(new Random(9).split(3), 50)).not.toEqual(draws(new Random(9).split(4), 50));
  });

  it('refuses seeds that are not 32-bit unsigned integers', () => {
    expect(() => new Random(-1)).toThrow(/seed must be an integer/);
    expect(() => new Random(1.5)).toThrow(RangeError);
    expect(() => new Random(2 ** 32)).toThrow(RangeError);
    expect(() => new Random(1, -2)).toThrow(/stream/);
  });

  it('draws uniform floats in [0, 1) that pass a chi-square test over 20 buckets', () => {
    const random = new Random(2024);
    const n = 200_000;
    const buckets = new Array<number>(20).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = random.next();
      if (!(x >= 0 && x < 1)) outside += 1;
      sum += x;
      buckets[Math.floor(x * 20)]! += 1;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    const expected = n / 20;
    const chiSquare = buckets.reduce((acc, count) => acc + (count - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9th percentile is 43.8.
    expect(chiSquare).toBeLessThan(43.8);
  });

  it('draws integers below n, each about equally often', () => {
    const random = new Random(5);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[random.nextInt(6)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const random = new Random(77);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let beyondTwoSigma = 0;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      squares += z * z;
      if (Math.abs(z) > 1.96) beyondTwoSigma += 1;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(squares / n - mean * mean).toBeCloseTo(1, 1);
    expect(beyondTwoSigma / n).toBeCloseTo(0.05, 2);
  });

  it('draws log-normals around the requested median', () => {
    const random = new Random(3);
    const values = Array.from({ length: 20_001 }, () => random.logNormal(200, 0.5)).sort(
      (a, b) => a - b,
    );
    expect(values[10_000]!).toBeGreaterThan(190);
    expect(values[10_000]!).toBeLessThan(210);
  });

  it('picks by cumulative weights in proportion', () => {
    const random = new Random(11);
    const cumulative = [0.45, 0.8, 0.92, 1];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[random.pickCumulative(cumulative)]! += 1;
    expect(counts.map((c) => Math.round(c / 1000))).toEqual([45, 35, 12, 8]);
  });

  it('shuffles deterministically and keeps every element', () => {
    const a = new Random(1).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    const b = new Random(1).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('mixes seeds and streams asymmetrically', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(splitmix32(0)).not.toBe(splitmix32(1));
  });
});
