export * from './context';
export * from './statistics';
export * from './lean-snapshot';
export * from './series';
export * from './origin';
