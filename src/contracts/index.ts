export * from './common';
export * from './world';
export * from './metrics';
export * from './decision';
export * from './reasoning';
export * from './execution';
export * from './learning';
export * from './worker-api';
