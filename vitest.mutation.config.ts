// The unit tests mutation testing runs: those of the safety room and the execution domain, and,
// when MUTATION_TESTS=reasoning, of the decision (with its exploration), anomaly detection, the
// unwind hysteresis, renewals, paging and the probe share's rules. The rest of the suite
// (evaluation, command line, the executor service) also reaches these files, but slowly; the
// tests here are the ones that hold the rules.
import { defineConfig } from 'vitest/config';
import base from './vite.config';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include:
      process.env.MUTATION_TESTS === 'reasoning'
        ? [
            'tests/unit/domain/reasoning/decision*.test.ts',
            'tests/unit/domain/reasoning/exploration*.test.ts',
            'tests/unit/domain/reasoning/bandit.test.ts',
            'tests/unit/domain/reasoning/anomalies*.test.ts',
            'tests/unit/domain/reasoning/route-relapse.test.ts',
            'tests/unit/domain/reasoning/planner-lifecycle.test.ts',
            'tests/unit/domain/reasoning/planner-renewal.test.ts',
            'tests/unit/domain/reasoning/planner-notices.test.ts',
            'tests/unit/domain/reasoning/planner-probe*.test.ts',
          ]
        : ['tests/unit/domain/safety/**/*.test.ts', 'tests/unit/domain/execution/**/*.test.ts'],
    reporters: ['default'],
  },
});
