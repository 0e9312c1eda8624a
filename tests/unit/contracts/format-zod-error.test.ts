import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath, formatZodError } from '../../../src/contracts';

const Settings = z.object({
  maxShift: z.number().max(0.5),
  routes: z.array(z.object({ weight: z.number().min(0) })),
});

function errorOf(value: unknown): z.ZodError {
  const parsed = Settings.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return parsed.error;
}

describe('formatZodError', () => {
  it('names each problem by its path, first problem first', () => {
    const error = errorOf({ maxShift: 0.9, routes: [{ weight: -1 }] });
    expect(formatZodError(error)).toBe(
      'maxShift: Too big: expected number to be <=0.5; routes[0].weight: Too small: expected number to be >=0',
    );
  });

  it('stops at the limit and counts the rest', () => {
    const error = errorOf({ maxShift: 0.9, routes: [{ weight: -1 }, { weight: -2 }] });
    expect(formatZodError(error, 1)).toBe(
      'maxShift: Too big: expected number to be <=0.5; … and 2 more problems',
    );
    expect(formatZodError(error, 2)).toMatch(/; … and 1 more problem$/);
  });

  it('puts a prefix in front of every path, and names the root by the prefix alone', () => {
    expect(formatZodError(errorOf({ maxShift: 0.9, routes: [] }), 5, 'settings')).toBe(
      'settings.maxShift: Too big: expected number to be <=0.5',
    );
    expect(formatZodError(errorOf('nope'), 5, 'settings')).toMatch(/^settings: /);
    expect(formatZodError(errorOf('nope'))).toMatch(/^\(root\): /);
  });
});

describe('formatPath', () => {
  it('writes indices in brackets and keys with dots', () => {
    expect(formatPath(['routes', 0, 'weight'])).toBe('routes[0].weight');
    expect(formatPath([])).toBe('(root)');
  });
});
