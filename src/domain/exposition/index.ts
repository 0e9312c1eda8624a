export * from './mitigation-debt';
export * from './prometheus';
