export * from './actions';
export * from './guardrails';
export * from './judge';
export * from './safe-input';
