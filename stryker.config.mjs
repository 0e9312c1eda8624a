// Mutation testing of the safety room and the outcome judge: every rule there must be held by a
// test that fails when the rule changes. Other files can be mutated on demand:
//   npm run test:mutation -- --mutate src/domain/reasoning/decision.ts
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: ['src/domain/safety/**/*.ts', 'src/domain/execution/judge.ts'],
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  tempDirName: 'test-results/stryker-tmp',
  concurrency: 2,
  timeoutMS: 20000,
};
