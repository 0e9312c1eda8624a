import { describe, expect, it } from 'vitest';
import { DEFAULT_REASONING_CONFIG, DEFAULT_SAFETY_LIMITS } from '../../../../src/contracts';
import {
  isAtLeastAsStrict,
  resolveApprovalSettings,
  resolveLimits,
} from '../../../../src/domain/safety';

describe('isAtLeastAsStrict', () => {
  it('counts an equal value as strict enough in either direction', () => {
    expect(isAtLeastAsStrict(0.5, 0.5, 'lower')).toBe(true);
    expect(isAtLeastAsStrict(0.5, 0.5, 'higher')).toBe(true);
  });

  it('refuses a value on the loose side of the base', () => {
    expect(isAtLeastAsStrict(0.6, 0.5, 'lower')).toBe(false);
    expect(isAtLeastAsStrict(0.4, 0.5, 'higher')).toBe(false);
  });
});

describe('resolveLimits on what is not a setting', () => {
  it('applies the defaults silently when there are no settings at all', () => {
    for (const none of [undefined, null]) {
      expect(resolveLimits(none)).toEqual({
        limits: DEFAULT_SAFETY_LIMITS,
        problems: [],
        fieldProblems: [],
      });
    }
  });

  it('explains that settings which are not an object are ignored', () => {
    expect(resolveLimits(5).problems).toEqual([
      'Safety settings must be an object, got 5; the defaults apply.',
    ]);
    expect(resolveLimits([0.9]).fieldProblems).toEqual([
      { field: '', message: 'Safety settings must be an object, got a list; the defaults apply.' },
    ]);
  });

  it('skips a setting left undefined without complaint', () => {
    expect(resolveLimits({ minConfidence: undefined, maxTrafficShift: 0.3 })).toEqual({
      limits: { ...DEFAULT_SAFETY_LIMITS, maxTrafficShift: 0.3 },
      problems: [],
      fieldProblems: [],
    });
  });

  it('gives the reason the schema refuses a value', () => {
    expect(resolveLimits({ minConfidence: 'x', maxConcurrentActions: 2.5 }).problems).toEqual([
      'Safety setting minConfidence = "x" ignored (Invalid input: expected number, received string); the limit stays 0.6.',
      'Safety setting maxConcurrentActions = 2.5 ignored (Invalid input: expected int, received number); the limit stays 3.',
    ]);
  });
});

describe('resolveApprovalSettings on what is not a setting', () => {
  const seeds = {
    lowConfidenceThreshold: DEFAULT_REASONING_CONFIG.lowConfidenceThreshold,
    ambiguityMargin: DEFAULT_REASONING_CONFIG.ambiguityMargin,
  };

  it('keeps the seeds for null, a number or a list', () => {
    for (const none of [null, undefined, 0.9, [0.9]]) {
      expect(resolveApprovalSettings(none)).toEqual({ settings: seeds, fieldProblems: [] });
    }
  });

  it('skips a setting left undefined without complaint', () => {
    expect(
      resolveApprovalSettings({ lowConfidenceThreshold: undefined, ambiguityMargin: 0.2 }),
    ).toEqual({ settings: { ...seeds, ambiguityMargin: 0.2 }, fieldProblems: [] });
  });

  it('gives the reason the schema refuses a value', () => {
    expect(
      resolveApprovalSettings({ lowConfidenceThreshold: 'x', ambiguityMargin: 2 }).fieldProblems,
    ).toEqual([
      {
        field: 'lowConfidenceThreshold',
        message:
          'lowConfidenceThreshold = "x" refused (Invalid input: expected number, received string); it stays 0.7.',
      },
      {
        field: 'ambiguityMargin',
        message: 'ambiguityMargin = 2 refused (Too big: expected number to be <=1); it stays 0.1.',
      },
    ]);
  });
});
