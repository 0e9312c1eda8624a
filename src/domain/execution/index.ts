export * from './actions';
export * from './active-action';
export * from './unwind';
export * from './lifecycle';
export * from './executor-core';
export * from './rollback-core';
export * from './judge';
export * from './safe-input';
// The guardrails live in the safety room; re-exported so existing imports keep working.
export * from '../safety';
export * from './observation';
export * from './notices';
