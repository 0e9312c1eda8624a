// The unit tests mutation testing runs: those of the safety room, the execution domain, the
// executor and the decision and anomaly detection. The rest of the suite (evaluation, command
// line) also reaches these files, but slowly; the tests here are the ones that hold the rules.
import { defineConfig } from 'vitest/config';
import base from './vite.config';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'tests/unit/domain/safety/**/*.test.ts',
      'tests/unit/domain/execution/**/*.test.ts',
      'tests/unit/services/executor.test.ts',
      'tests/unit/domain/reasoning/decision*.test.ts',
      'tests/unit/domain/reasoning/anomalies*.test.ts',
    ],
    reporters: ['default'],
  },
});
