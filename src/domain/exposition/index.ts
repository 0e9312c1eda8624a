export * from './agent-figures';
export * from './mitigation-debt';
export * from './prometheus';
