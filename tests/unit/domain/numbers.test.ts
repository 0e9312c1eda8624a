import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../../src/domain/hash';
import { clamp, clampOrZero, clampUnit, round } from '../../../src/domain/numbers';
import { formatPercent } from '../../../src/domain/percent';

describe('clamp', () => {
  it('keeps a value inside the range and bounds one outside it', () => {
    expect(clamp(0.3, -1, 1)).toBe(0.3);
    expect(clamp(-4, -1, 1)).toBe(-1);
    expect(clamp(7, -1, 1)).toBe(1);
    expect(clamp(-1, -1, 1)).toBe(-1);
  });

  it('lets a NaN through, so an uncomputed p-value never turns into a significant 0', () => {
    expect(clamp(Number.NaN, 0, 1)).toBeNaN();
    expect(clampUnit(Number.NaN)).toBeNaN();
  });
});

describe('clampUnit', () => {
  it('bounds a share into [0, 1]', () => {
    expect(clampUnit(-0.2)).toBe(0);
    expect(clampUnit(0.42)).toBe(0.42);
    expect(clampUnit(1.5)).toBe(1);
  });
});

describe('clampOrZero', () => {
  it('reads a NaN as 0 and bounds it like any other value', () => {
    expect(clampOrZero(Number.NaN, -1, 1)).toBe(0);
    expect(clampOrZero(Number.NaN, 0.5, 1)).toBe(0.5);
    expect(clampOrZero(3, -2, 2)).toBe(2);
    expect(clampOrZero(-0.1, -0.2, 0.2)).toBe(-0.1);
  });
});

describe('round', () => {
  it('rounds to the given decimals, four by default', () => {
    expect(round(0.123456)).toBe(0.1235);
    expect(round(2.5, 0)).toBe(3);
    expect(round(-1.23456, 2)).toBe(-1.23);
  });
});

describe('formatPercent', () => {
  it('writes a share as a percentage with one decimal by default', () => {
    expect(formatPercent(0.8412)).toBe('84.1%');
    expect(formatPercent(0.98971, { digits: 2, unit: ' %' })).toBe('98.97 %');
    expect(formatPercent(-0.03)).toBe('-3.0%');
  });

  it('signs gains and losses with + and −, and a change that rounds to zero with nothing', () => {
    expect(formatPercent(0.016, { signed: true, unit: ' pt' })).toBe('+1.6 pt');
    expect(formatPercent(-0.12, { signed: true, digits: 0 })).toBe('−12%');
    expect(formatPercent(0.00004, { signed: true })).toBe('0.0%');
    expect(formatPercent(-0.00004, { signed: true })).toBe('0.0%');
  });

  it('writes a missing or non-finite value as a dash, never as a number', () => {
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(undefined)).toBe('–');
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('fnv1a', () => {
  it('gives the reference FNV-1a values as eight hex digits', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });
});
