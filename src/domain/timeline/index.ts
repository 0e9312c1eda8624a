export * from './burn-rate';
export * from './fault-bands';
export * from './headline';
export * from './marks';
export * from './run-windows';
export * from './script-edit';
