// Mutation testing of the safety room and the outcome judge: every rule there must be held by a
// test that fails when the rule changes. Other files can be mutated on demand:
//   npm run test:mutation -- --mutate src/domain/reasoning/decision.ts
// Property tests run 100 cases per mutant (1,000 in npm test): enough to meet every rule, and
// it keeps the run within minutes.
process.env.FUZZ_RUNS ??= '100';
// Mutating the reasoning files runs their own tests (see vitest.mutation.config.ts).
if (process.argv.some((arg) => arg.includes('src/domain/reasoning/'))) {
  process.env.MUTATION_TESTS ??= 'reasoning';
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // A mutant of a module-level constant would need every test to run; the tests on both sides of
  // each threshold hold those constants instead.
  ignoreStatic: true,
  mutate: ['src/domain/safety/**/*.ts', 'src/domain/execution/judge.ts'],
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  tempDirName: 'test-results/stryker-tmp',
  concurrency: 2,
  timeoutMS: 20000,
};
