/**
 * Agent evaluation: a catalog of situations with known causes, an oracle that finds the best
 * action in hindsight, per-case scores with 95 % intervals, and a learning curve.
 */
export * from './catalog';
export * from './oracle';
export * from './scoring';
export * from './learning-curve';
