import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  clip,
  distinct,
  isActionType,
  isFiniteNumber,
  own,
  zodIssues,
} from '../../../../src/domain/safety/wording';

describe('clip', () => {
  it('keeps a text of exactly the maximum length whole', () => {
    expect(clip('abcde', 5)).toBe('abcde');
  });

  it('cuts a text one character too long to max - 1 characters and an ellipsis', () => {
    expect(clip('abcdef', 5)).toBe('abcd…');
  });

  it('cuts at 2000 characters by default', () => {
    const clipped = clip('x'.repeat(2001));
    expect(clipped).toHaveLength(2000);
    expect(clipped.endsWith('x…')).toBe(true);
  });
});

describe('own', () => {
  it('reads nothing from null, arrays or primitives', () => {
    expect(own(null, 'a')).toBeUndefined();
    expect(own([7], '0')).toBeUndefined();
    expect(own('abc', 'length')).toBeUndefined();
  });

  it('reads own properties of plain objects but not inherited ones', () => {
    expect(own({ a: 1 }, 'a')).toBe(1);
    expect(own({}, 'toString')).toBeUndefined();
  });
});

describe('isFiniteNumber', () => {
  it('accepts finite numbers only', () => {
    expect(isFiniteNumber(0.5)).toBe(true);
    expect(isFiniteNumber(Number.NaN)).toBe(false);
    expect(isFiniteNumber(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isFiniteNumber('3')).toBe(false);
  });
});

describe('isActionType', () => {
  it('rejects strings that are not an action type', () => {
    expect(isActionType('do_nothing')).toBe(true);
    expect(isActionType('reboot_everything')).toBe(false);
    expect(isActionType(42)).toBe(false);
  });
});

describe('distinct', () => {
  it('uses one decimal when value and limit are equal', () => {
    expect(distinct(0.5, 0.5, 100, '%')).toEqual(['50.0%', '50.0%']);
  });

  it('adds decimals until value and limit read differently', () => {
    expect(distinct(0.1505, 0.15, 100, '%')).toEqual(['15.05%', '15.00%']);
  });

  it('stops at 12 decimals when they still read alike', () => {
    expect(distinct(1 + Number.EPSILON, 1, 1, '')).toEqual(['1.000000000000', '1.000000000000']);
  });
});

describe('zodIssues', () => {
  const schema = z.object({ a: z.number(), b: z.number(), c: z.number(), d: z.number() });

  function errorOf(value: unknown, s: z.ZodType = schema): z.ZodError {
    const parsed = s.safeParse(value);
    if (parsed.success) throw new Error('expected a parse failure');
    return parsed.error;
  }

  it('lists issues with their path under the prefix, joined by semicolons', () => {
    const text = zodIssues(errorOf({ a: 1, b: 2 }), 'input');
    expect(text).toMatch(/^input\.c: [^;]+; input\.d: [^;]+$/);
  });

  it('names an issue at the root by the prefix alone', () => {
    expect(zodIssues(errorOf('x', z.number()), 'input')).toMatch(/^input: /);
  });

  it('lists exactly the limit without a remainder', () => {
    const text = zodIssues(errorOf({ a: 1 }), 'input');
    expect(text.split('; ')).toHaveLength(3);
    expect(text).not.toContain('more');
  });

  it('lists the first `limit` issues and counts the rest', () => {
    const text = zodIssues(errorOf({}), 'input');
    const parts = text.split('; ');
    expect(parts).toHaveLength(4);
    expect(parts.slice(0, 3).map((p) => p.split(':')[0])).toEqual([
      'input.a',
      'input.b',
      'input.c',
    ]);
    expect(parts[3]).toBe('… and 1 more');
    expect(zodIssues(errorOf({}), 'input', 1)).toMatch(/; … and 3 more$/);
  });
});
