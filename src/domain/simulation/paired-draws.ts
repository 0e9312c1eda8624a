/**
 * The fixed random draws of each payment slot, so that two windows on the same seed differ only
 * by what their control planes change. A slot's first attempt reads a fixed block of uniforms
 * from the seeded sfc32 stream; its retries read a counter-based hash of (seed, slot, attempt,
 * draw), so a retry that one window sends and another does not never shifts anyone else's
 * draws. Route choice and stuck-ness come from a per-issuer R2 low-discrepancy sequence with a
 * seeded shift: the share of an issuer's payments sent to a route, stuck on it, or both, then
 * follows the weights and the fault closely, and a shift of traffic moves a fixed, evenly
 * spread set of payments (the stuck ones among them in their due share).
 */
import { mixSeed, splitmix32 } from '../random';

/** Uniforms of a slot's block: issuer, decline, rate-limit cap, latency, outcome. */
export const SLOT_DRAWS = 5;

/** Index of each draw in a slot's block. */
export const DRAW = { issuer: 0, decline: 1, cap: 2, latency: 3, outcome: 4 } as const;

/** Draws per retry attempt in the hash: latency, outcome, the fractional multiplier's coin. */
export const RETRY_DRAWS = 3;

/** Stream of the sfc32 generator that fills the slots' blocks. */
export const SLOT_STREAM = 1;

/** Stream of the key of the retries' hash. */
const RETRY_STREAM = 2;

/** Stream of the R2 sequences' shifts. */
const SHIFT_STREAM = 3;

const INV_TWO_POW_32 = 1 / 4294967296;

/**
 * The plastic number, root of x³ = x + 1: its powers 1/g and 1/g² step the R2 sequence, the
 * two-dimensional Kronecker lattice with the lowest known discrepancy (Roberts, 2018).
 */
const PLASTIC = 1.324717957244746;

/**
 * Steps of the R2 sequence in 32-bit fixed point (2³² is one turn, so adding wraps for free and
 * without a branch): route choice, and stuck-ness. Stuck on the backup reads the stuck
 * coordinate under a second seeded shift, so (route, stuck on either route) stays a shifted R2
 * lattice; a payment keeps one route, so the two stuck draws never meet in one window.
 */
export const R2_STEP: readonly [number, number] = [
  Math.round((1 / PLASTIC) * 4294967296) | 0,
  Math.round((1 / PLASTIC ** 2) * 4294967296) | 0,
];

/** The key of a window's retry hash. */
export function retryKey(seed: number): number {
  return mixSeed(seed, RETRY_STREAM) | 0;
}

/**
 * A uniform in [0, 1) fixed by (key, slot, retry attempt, draw): two rounds of the murmur3
 * finaliser, cheap enough for the retries of a storm and free of any shared state.
 */
export function retryUniform(key: number, slot: number, draw: number): number {
  let x = (key ^ Math.imul(slot, 0x9e3779b1)) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  x = (x ^ Math.imul(draw + 1, 0x27d4eb2f)) | 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39);
  x ^= x >>> 15;
  return (x >>> 0) * INV_TWO_POW_32;
}

/**
 * The seeded shifts of every issuer's sequence in 32-bit fixed point, issuer × 3 + (route,
 * stuck on primary, extra shift of stuck on backup).
 */
export function sequenceShifts(seed: number, issuers: number): Int32Array {
  const shifts = new Int32Array(issuers * 3);
  let s = mixSeed(seed, SHIFT_STREAM);
  for (let k = 0; k < shifts.length; k++) {
    s = splitmix32(s);
    shifts[k] = s | 0;
  }
  return shifts;
}
