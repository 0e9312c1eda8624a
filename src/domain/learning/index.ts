export * from './context';
export * from './statistics';
