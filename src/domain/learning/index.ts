export * from './context';
export * from './statistics';
export * from './lean-snapshot';
