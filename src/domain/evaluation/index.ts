/**
 * Agent evaluation: a catalog of situations with known causes, an oracle that finds the best
 * action in hindsight, per-case scores with 95 % intervals, and a learning curve.
 */
export * from './catalog';
export * from './oracle';
export * from './scoring';
export * from './learning-curve';
export * from './objective';
export * from './candidates';
export * from './case-world';
export * from './oracle-multi-seed';
export * from './policy-turn';
export * from './held-out';
export * from './evaluation-run';
export * from './evaluation-report';
