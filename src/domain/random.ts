/**
 * Seeded pseudo-random numbers for the pure domain: sfc32 (128-bit state, passes PractRand,
 * a handful of 32-bit operations per draw) seeded through splitmix32, so that any (seed, stream)
 * pair gives an independent, reproducible sequence in the worker, in Node and in tests.
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** One step of splitmix32: a good 32-bit mixer used to expand seeds into generator state. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a seed and a stream number into one 32-bit value (order matters). */
export function mixSeed(seed: number, stream: number): number {
  return splitmix32((splitmix32(seed >>> 0) ^ Math.imul(stream >>> 0, 0x27d4eb2f)) >>> 0);
}

/** Scratch state for fillUniform; the generator is single-threaded and never re-entered. */
const FILL_STATE = new Int32Array(4);

/**
 * The sfc32 loop of Random.fillUniform as a free function over a typed-array state, so that the
 * engine optimises it once and the generator's fields are touched once per buffer, not per draw.
 */
function fillSfc32(state: Int32Array, out: Float64Array, start: number, end: number): void {
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  for (let i = start; i < end; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    out[i] = (t >>> 0) * INV_TWO_POW_32;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

/** A seeded generator; create one per independent stream of randomness. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The seed and stream this generator was created from, for splitting. */
  readonly seed: number;
  readonly stream: number;
  private spare = Number.NaN;

  /** Creates the generator for `seed` (a 32-bit unsigned integer) and an optional stream number. */
  constructor(seed: number, stream = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in 0…4294967295, got ${seed}`);
    }
    if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff) {
      throw new RangeError(`stream must be an integer in 0…4294967295, got ${stream}`);
    }
    this.seed = seed;
    this.stream = stream;
    let s = mixSeed(seed, stream);
    s = splitmix32(s);
    this.a = s | 0;
    s = splitmix32(s);
    this.b = s | 0;
    s = splitmix32(s);
    this.c = s | 0;
    s = splitmix32(s);
    this.d = s | 0;
    // Discard the first outputs so that nearby seeds decorrelate fully.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new independent generator for a sub-stream, derived without consuming this one. */
  split(stream: number): Random {
    return new Random(mixSeed(this.seed, this.stream) >>> 0, stream >>> 0);
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /**
   * Fills `out[start…end)` with uniform floats in [0, 1), exactly the values `next()` would return
   * one by one; hot loops read from the buffer instead of calling a method per draw.
   */
  fillUniform(out: Float64Array, start = 0, end = out.length): void {
    const state = FILL_STATE;
    state[0] = this.a;
    state[1] = this.b;
    state[2] = this.c;
    state[3] = this.d;
    fillSfc32(state, out, start, end);
    this.a = state[0] | 0;
    this.b = state[1] | 0;
    this.c = state[2] | 0;
    this.d = state[3] | 0;
  }

  /** A float uniformly distributed in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** An integer uniformly distributed in [0, n) for 1 ≤ n ≤ 2^32 (multiply-shift, tiny bias). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (polar Box–Muller; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** A log-normal draw with the given median and log-space sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Picks an index by cumulative weights (ascending, last element the total). */
  pickCumulative(cumulative: ArrayLike<number>): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.next() * total;
    for (let i = 0; i < cumulative.length; i++) {
      if (x < (cumulative[i] ?? 0)) return i;
    }
    return cumulative.length - 1;
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}
