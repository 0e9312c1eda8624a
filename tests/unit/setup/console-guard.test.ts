import { describe, expect, it } from 'vitest';
import {
  expectConsoleError,
  recordConsoleError,
  settleConsoleErrors,
} from '../support/console-errors';

describe('the console.error guard', () => {
  it('lets a test pass that logs exactly the console.error it declared', () => {
    expectConsoleError(/store unavailable/);
    console.error('IndexedDB store unavailable:', new Error('quota'));
  });

  it('reports a console.error nobody declared, with its text', () => {
    recordConsoleError(['route %s failed', 'primary']);
    expect(settleConsoleErrors()).toEqual(['unexpected console.error: route primary failed']);
  });

  it('reports a declared console.error that never came', () => {
    expectConsoleError('worker crashed');
    expect(settleConsoleErrors()).toEqual([
      'expected a console.error matching worker crashed, none was logged',
    ]);
  });

  it('matches each declaration once: a second, identical error is unexpected', () => {
    expectConsoleError('retry');
    recordConsoleError(['retry 1 failed']);
    recordConsoleError(['retry 2 failed']);
    expect(settleConsoleErrors()).toEqual(['unexpected console.error: retry 2 failed']);
    expect(settleConsoleErrors()).toEqual([]);
  });
});
