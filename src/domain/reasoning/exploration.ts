/**
 * Safe exploration among candidates the agent would take anyway: Thompson sampling draws a
 * plausible success chance for each from its Beta posterior and picks the highest draw, so an
 * action with little experience gets tried now and then, and one that keeps failing stops being
 * picked. The draws come from a seeded generator passed in: the same seed, the same choice.
 */
import { mixSeed, Random } from '../random';
import type { Posterior } from './learning';

/** A Gamma(shape, 1) draw (Marsaglia and Tsang; shape < 1 by the boost u^(1/shape)). */
export function sampleGamma(shape: number, random: Random): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = random.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = random.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw from two Gamma draws. */
export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** One candidate for exploration: its id, its posterior and the value its draw is added to. */
export interface ExplorationCandidate {
  id: string;
  posterior: Posterior;
  /** What the candidate is worth before the draw (absent: pure Thompson sampling). */
  base?: number;
}

/**
 * The candidate with the highest value, drawing in the given order from `seed`: without a base
 * the value is the draw itself (Thompson sampling); with one it is base + scale × (draw − the
 * posterior's mean), so what is known stays and the posterior's spread decides near-ties. Ties go
 * to the earlier candidate. Null when there is none.
 */
export function thompsonPick(
  candidates: readonly ExplorationCandidate[],
  seed: number,
  scale = 1,
): { id: string; draws: number[] } | null {
  if (candidates.length === 0) return null;
  const random = new Random(seed >>> 0, 0x7e57);
  const draws = candidates.map((c) => sampleBeta(c.posterior.alpha, c.posterior.beta, random));
  const value = (i: number): number => {
    const c = candidates[i] as ExplorationCandidate;
    const draw = draws[i] as number;
    if (c.base === undefined) return draw;
    return c.base + scale * (draw - c.posterior.alpha / (c.posterior.alpha + c.posterior.beta));
  };
  let best = 0;
  for (let i = 1; i < draws.length; i++) if (value(i) > value(best)) best = i;
  return { id: (candidates[best] as ExplorationCandidate).id, draws };
}

/** One arm of the gain bandit: its id, its score, and the Normal its gain is drawn from. */
export interface GainArm {
  id: string;
  base: number;
  mean: number;
  sd: number;
}

/**
 * Thompson sampling over gains: each arm is worth base + scale × a draw from Normal(mean, sd),
 * drawn in the given order from `seed`; the highest value wins, ties to the earlier arm. Null
 * when there is no arm.
 */
export function thompsonGainPick(
  arms: readonly GainArm[],
  seed: number,
  scale: number,
): { id: string; values: number[] } | null {
  if (arms.length === 0) return null;
  const random = new Random(seed >>> 0, 0x6a1e);
  const values = arms.map((a) => a.base + scale * (a.mean + Math.max(0, a.sd) * random.normal()));
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) > (values[best] as number)) best = i;
  return { id: (arms[best] as GainArm).id, values };
}

/** Stream of the live lab's exploration seeds, apart from every other use of a window's seed. */
export const LIVE_EXPLORATION_STREAM = 0xe4b1;

/**
 * The exploration seed of one live cycle: the window's scenario seed and the cycle number mixed
 * (mixSeed), so the same session replays the same draws and each cycle draws afresh.
 */
export function liveExplorationSeed(scenarioSeed: number, cycle: number): number {
  if (!Number.isInteger(cycle) || cycle < 0) {
    throw new RangeError(`cycle must be a non-negative integer, got ${cycle}`);
  }
  return mixSeed(mixSeed(scenarioSeed, LIVE_EXPLORATION_STREAM), cycle);
}
