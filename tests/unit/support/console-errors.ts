import { format } from 'node:util';

/** One console.error a test said it expects, and whether it came. */
interface Expected {
  match: RegExp | string;
  seen: boolean;
}

const expected: Expected[] = [];
const unexpected: string[] = [];

function matches(match: RegExp | string, text: string): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

/**
 * Declares that the code under test will log one console.error matching `match` (a substring or
 * a pattern); the test fails if it is never logged. Any other console.error fails the test too.
 */
export function expectConsoleError(match: RegExp | string): void {
  expected.push({ match, seen: false });
}

/** Records one console.error call: it satisfies the first waiting expectation or is unexpected. */
export function recordConsoleError(args: readonly unknown[]): void {
  const text = format(...args);
  const waiting = expected.find((e) => !e.seen && matches(e.match, text));
  if (waiting) waiting.seen = true;
  else unexpected.push(text);
}

/** Ends a test: returns what went wrong with its console.error calls, and forgets them. */
export function settleConsoleErrors(): string[] {
  const problems = [
    ...unexpected.map((text) => `unexpected console.error: ${text.slice(0, 500)}`),
    ...expected
      .filter((e) => !e.seen)
      .map((e) => `expected a console.error matching ${String(e.match)}, none was logged`),
  ];
  expected.length = 0;
  unexpected.length = 0;
  return problems;
}
