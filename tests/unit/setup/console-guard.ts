import { afterEach, beforeEach } from 'vitest';
import { recordConsoleError, settleConsoleErrors } from '../support/console-errors';

// A console.error in a unit test is a failure the test did not look at: it fails the test unless
// the test declared it with expectConsoleError (tests/unit/support/console-errors.ts). The guard
// replaces console.error itself rather than spying on it, so a test's vi.restoreAllMocks() cannot
// switch it off.
const original = console.error;

beforeEach(() => {
  console.error = (...args: unknown[]) => recordConsoleError(args);
});

afterEach(() => {
  console.error = original;
  const problems = settleConsoleErrors();
  if (problems.length > 0) throw new Error(problems.join('\n'));
});
