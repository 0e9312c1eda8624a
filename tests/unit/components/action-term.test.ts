import { describe, expect, it } from 'vitest';
import { actionTerm } from '../../../src/components/routing/action-term';

const clock = (at: number) => `t${at}`;

describe('the term line of an action in force', () => {
  it('speaks in windows when the clock knew them', () => {
    expect(
      actionTerm({ appliedAt: 1, appliedWindow: 5, expiresAt: 9, expiresWindow: 35 }, clock),
    ).toBe('since window 5 · lapses at window 35 unless renewed');
  });

  it('speaks in time otherwise, and says when there is no term', () => {
    expect(actionTerm({ appliedAt: 1, expiresAt: 9 }, clock)).toBe(
      'since t1 · lapses at t9 unless renewed',
    );
    expect(actionTerm({ appliedAt: 1 }, clock)).toBe('since t1 · no term: it stays until undone');
  });
});
