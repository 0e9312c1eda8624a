/**
 * The safety room: the hard limits and their stricter-only settings (limits.ts), one function per
 * rule (rules.ts, approval.ts), the guardrails as a whole (check.ts), approval tiers and reasons
 * (approval.ts) and the rollback policy (rollback.ts).
 */
export * from './limits';
export * from './rule-context';
export * from './rules';
export * from './approval';
export * from './check';
export * from './rollback';
